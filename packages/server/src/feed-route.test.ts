// The Atom feed's absolute links over real HTTP: a crafted Host header never reaches the feed (it
// is refused), a plain one is used, and a configured public URL wins over any Host.
import { request } from 'node:http'
import { afterEach, expect, test } from 'vitest'
import { canonicalJson, computeEventId, TEXT_RULES_VERSION } from '@veche/core'
import type { EventBodyInput } from '@veche/core'
import { newAuthor, signedAssembly, T0 } from './test-support/signed-assembly.js'
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

test('feed: a control character is refused in a new name, and one stored before never breaks the XML', async () => {
  const { ledger, url } = await startTestHub()
  const founder = newAuthor()
  const space = founder.spaceFor('feed-controls')
  const created = await founder.next(
    space,
    'assembly.created',
    {
      nonce: 'feed-controls',
      name: 'Riverside\u0001 \u001b[31massembly\u202e',
      description: '',
      languages: ['en'],
      founderName: 'Founder',
      rules: {
        proposeRight: 'member',
        inviteRight: 'facilitator',
        quorum: { ballots: 0, percent: 0 },
        defaultMethod: 'majority',
        visibility: 'public',
      },
    },
    T0,
  )
  // A space founded under the text rules (texts: 1) refuses it in its own creation event.
  const declaredBy = newAuthor()
  const declared = await declaredBy.next(
    declaredBy.spaceFor('feed-controls'),
    'assembly.created',
    { ...(created.body as EventBodyInput<'assembly.created'>), texts: TEXT_RULES_VERSION },
    T0,
  )
  const report = await ledger.submit([declared])
  expect(report.outcomes[0]).toMatchObject({ status: 'rejected', code: 'text.control-character' })
  // As a Veche from before the rule would have stored it (a space founded before the rules).
  const json = canonicalJson(created)
  await ledger.store.append([
    {
      id: computeEventId(created),
      space,
      author: created.author,
      seq: 1,
      type: created.type,
      json,
    },
  ])
  const feed = await fetch(`${url}/api/spaces/${space}/feed.atom`)
  expect(feed.status).toBe(200)
  const xml = await feed.text()
  expect(xml).toContain('Riverside\uFFFD \uFFFD[31massembly\uFFFD')
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E]/)
})
