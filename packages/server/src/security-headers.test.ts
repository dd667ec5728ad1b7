// The security headers on every kind of answer of a real hub over HTTP (the web app or its
// fallback page, the API, problems, the event stream, the public /r/ pages, the API docs), and
// what the policy relies on: the built web app and the server-rendered pages hold no inline
// script, and every inline style they hold is allowed by its hash. (That the app works under the
// policy and cannot be framed is checked in a real browser: packages/web/src/security-headers.browser.test.ts.)
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { request } from 'node:http'
import { afterEach, expect, test } from 'vitest'
import { homePage } from './home-page.js'
import {
  CONTENT_SECURITY_POLICY,
  DOCS_CONTENT_SECURITY_POLICY,
  SECURITY_HEADERS,
  styleHash,
} from './security-headers.js'
import { signedAssembly } from './test-support/signed-assembly.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'
import { WEB_APP_DIR } from './web-app.js'

afterEach(closeTestHubs)

/** The response head of GET `url` (a stream is closed once its head arrives). */
function head(url: string): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, (res) => {
      resolve({ status: res.statusCode ?? 0, headers: res.headers })
      req.destroy()
    })
    req.on('error', reject)
    req.end()
  })
}

test('security headers: every kind of answer carries them', async () => {
  const { ledger, url } = await startTestHub()
  const assembly = await signedAssembly(0, 'headers-0001')
  await ledger.submit(assembly.events)
  for (const path of [
    '/',
    '/some/deep/link',
    '/api/health',
    `/api/spaces/${assembly.space}`,
    '/api/spaces/AAAAAAAAAAAAAAAAAAAAAA',
    `/api/spaces/${assembly.space}/stream`,
    `/api/spaces/${assembly.space}/feed.atom`,
    `/r/${assembly.space}/${'A'.repeat(43)}`,
    '/api/docs/static/index.html',
    '/api/openapi.json',
    '/metrics',
    '/no/such/route.txt',
  ]) {
    const { headers } = await head(`${url}${path}`)
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      const expected =
        name === 'content-security-policy' && path.startsWith('/api/docs')
          ? DOCS_CONTENT_SECURITY_POLICY
          : value
      expect(headers[name], `${name} on ${path}`).toBe(expected)
    }
  }
  expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'")
  expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self';")
  expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
  expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval')
  expect(DOCS_CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
})

/** The inline scripts and styles of an HTML text. */
function inline(html: string): { scripts: string[]; styles: string[] } {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\bsrc=/i.test(m[1]!) || m[2]!.trim() !== '')
    .map((m) => m[0])
  const handlers = [...html.matchAll(/\son[a-z]+\s*=/gi)].map((m) => m[0])
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]!)
  return { scripts: [...scripts, ...handlers], styles }
}

test('security headers: the web app build and the server-rendered pages hold no inline script; their inline styles are hashed', async () => {
  const { ledger, url } = await startTestHub()
  const assembly = await signedAssembly(0, 'headers-0002')
  await ledger.submit(assembly.events)
  const pages = [
    homePage(),
    await (await fetch(`${url}/r/${assembly.space}/${'A'.repeat(43)}`)).text(),
  ]
  if (existsSync(join(WEB_APP_DIR, 'index.html'))) {
    for (const file of readdirSync(WEB_APP_DIR).filter((f) => f.endsWith('.html')))
      pages.push(readFileSync(join(WEB_APP_DIR, file), 'utf8'))
  }
  for (const page of pages) {
    const { scripts, styles } = inline(page)
    expect(scripts).toEqual([])
    for (const style of styles) expect(CONTENT_SECURITY_POLICY).toContain(styleHash(style))
  }
})
