// Which plain-http requests the hub sends to https:// when it has a certificate: pages opened from
// another machine (a phone that typed http://), never the API or requests from this machine.
import { expect, test } from 'vitest'
import { httpsRedirect, isLoopbackAddress } from './same-port-tls.js'

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
