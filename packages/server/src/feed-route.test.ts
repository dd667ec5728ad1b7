// The Atom feed's absolute links over real HTTP: a crafted Host header never reaches the feed (it
// is refused), a plain one is used, and a configured public URL wins over any Host.
import { request } from 'node:http'
import { afterEach, expect, test } from 'vitest'
import { signedAssembly } from './test-support/signed-assembly.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'

afterEach(closeTestHubs)

/** GET `path` with a Host header of our choosing (fetch does not allow setting it). */
function getWithHost(
  url: string,
  path: string,
  host: string,
): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, path, headers: { host } }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }))
    })
    req.on('error', reject)
    req.end()
  })
}

const HOSTILE = 'x"/><script>alert(1)</script><link href="http://evil.example'

test('feed: a crafted Host is refused and never written into the feed; a plain one is used', async () => {
  const { ledger, url } = await startTestHub()
  const assembly = await signedAssembly(1)
  await ledger.submit(assembly.events)
  const path = `/api/spaces/${assembly.space}/feed.atom`
  const crafted = await getWithHost(url, path, HOSTILE)
  expect(crafted.body).not.toContain('<script>')
  expect(crafted.body).not.toContain('evil.example')
  expect(crafted.status).toBe(400)
  expect(JSON.parse(crafted.body)).toMatchObject({ code: 'request.invalid' })
  const plain = await getWithHost(url, path, 'hall.local:8080')
  expect(plain.status).toBe(200)
  expect(plain.body).toContain(`href="http://hall.local:8080${path}"`)
  const v6 = await getWithHost(url, path, '[fd00::7]:8080')
  expect(v6.body).toContain(`href="http://[fd00::7]:8080${path}"`)
})

test('feed: with a public URL every link starts with it, whatever the Host says', async () => {
  const { ledger, url } = await startTestHub({ publicUrl: 'https://veche.example.org/' })
  const assembly = await signedAssembly(1)
  await ledger.submit(assembly.events)
  const path = `/api/spaces/${assembly.space}/feed.atom`
  const crafted = await getWithHost(url, path, HOSTILE)
  expect(crafted.status).toBe(200)
  expect(crafted.body).toContain(`href="https://veche.example.org${path}"`)
  expect(crafted.body).not.toContain('evil.example')
  await expect(startTestHub({ publicUrl: 'javascript:alert(1)' })).rejects.toThrow(
    /must start with http/,
  )
})
