// Which plain-http requests the hub sends to https:// when it has a certificate: pages opened from
// another machine (a phone that typed http://), never the API or requests from this machine; and
// closing the server closes every connection, also one that has not said anything yet.
import { generateKeyPairSync } from 'node:crypto'
import { connect } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { expect, test } from 'vitest'
import { createSamePortServer, httpsRedirect, isLoopbackAddress } from './same-port-tls.js'

test('a page opened over plain http from another machine goes to the same path at https://', () => {
  expect(httpsRedirect('GET', '/#ignored', '192.168.1.20:8080', '192.168.1.33')).toBe(
    'https://192.168.1.20:8080/#ignored',
  )
  expect(httpsRedirect('HEAD', '/app/x?y=1', 'hall.local:8080', '::ffff:10.0.0.7')).toBe(
    'https://hall.local:8080/app/x?y=1',
  )
  expect(httpsRedirect('GET', '/', '[fd00::1]:8080', 'fd00::2')).toBe('https://[fd00::1]:8080/')
})

test('this machine, the API, metrics, the authority, other methods and odd Host headers stay on plain http', () => {
  expect(httpsRedirect('GET', '/', '127.0.0.1:8080', '127.0.0.1')).toBeNull()
  expect(httpsRedirect('GET', '/', 'localhost:8080', '::1')).toBeNull()
  expect(httpsRedirect('GET', '/', 'localhost:8080', '::ffff:127.0.0.1')).toBeNull()
  expect(httpsRedirect('GET', '/api/health', '192.168.1.20:8080', '192.168.1.33')).toBeNull()
  expect(httpsRedirect('GET', '/metrics', '192.168.1.20:8080', '192.168.1.33')).toBeNull()
  expect(httpsRedirect('POST', '/', '192.168.1.20:8080', '192.168.1.33')).toBeNull()
  expect(httpsRedirect('GET', '/', 'evil.example/x', '192.168.1.33')).toBeNull()
  expect(httpsRedirect('GET', '/', undefined, '192.168.1.33')).toBeNull()
  // The hub's authority: a phone that does not trust the hub yet fetches it with no warning.
  expect(httpsRedirect('GET', '/ca', '192.168.1.20:8080', '192.168.1.33')).toBeNull()
  expect(httpsRedirect('GET', '/ca?lang=ru', '192.168.1.20:8080', '192.168.1.33')).toBeNull()
  expect(httpsRedirect('GET', '/ca.crt', '192.168.1.20:8080', '192.168.1.33')).toBeNull()
  expect(httpsRedirect('GET', '/cabinet', '192.168.1.20:8080', '192.168.1.33')).toBe(
    'https://192.168.1.20:8080/cabinet',
  )
  expect(isLoopbackAddress(undefined)).toBe(false)
  expect(isLoopbackAddress('127.8.9.1')).toBe(true)
})

test('closing the server closes a connection that has sent nothing yet, not only those HTTP knows', async () => {
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  // No TLS handshake happens here, so the identity needs no certificate.
  const key = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
  const server = createSamePortServer(
    (_request, response) => response.end('ok'),
    { key, cert: '' },
    { requestTimeout: 120_000, connectionsCheckingInterval: 1_000, keepAliveTimeout: 5_000 },
  )
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  // The silent connection first: the one accepted is known to be it.
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve))
  const silent = connect(port, '127.0.0.1')
  const quiet = await accepted
  // And a request answered beside it, whose connection HTTP knows.
  const asking = connect(port, '127.0.0.1', () => asking.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))
  const answered = new Promise<string>((resolve) =>
    asking.once('data', (d) => resolve(d.toString())),
  )
  expect(await answered).toContain('200 OK')
  expect(quiet.destroyed).toBe(false)
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  server.closeAllConnections()
  expect(quiet.destroyed).toBe(true)
  await closed
  silent.destroy()
  asking.destroy()
})
