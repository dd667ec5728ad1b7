// Serving the web app's build: caching by kind of file, gzip, the fallback to index.html for deep
// links, and nothing outside the build folder; the minimal page when there is no build.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import Fastify from 'fastify'
import { afterEach, expect, test } from 'vitest'
import { registerWebApp } from './web-app.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function build(): string {
  const parent = mkdtempSync(join(tmpdir(), 'veche-web-app-'))
  dirs.push(parent)
  const dir = join(parent, 'dist')
  mkdirSync(join(dir, 'assets'), { recursive: true })
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Veche</title>')
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), 'console.log("veche")'.repeat(50))
  writeFileSync(join(parent, 'secret.txt'), 'not for the web')
  return dir
}

test('web app: hashed assets are immutable and gzipped, the rest revalidated', async () => {
  const app = Fastify()
  registerWebApp(app, () => 'home', build())
  const index = await app.inject({ url: '/' })
  expect(index.statusCode).toBe(200)
  expect(index.headers['content-type']).toBe('text/html; charset=utf-8')
  expect(index.headers['cache-control']).toBe('no-cache')
  expect(index.body).toContain('<title>Veche</title>')

  const asset = await app.inject({
    url: '/assets/index-AbC123.js',
    headers: { 'accept-encoding': 'gzip, br' },
  })
  expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
  expect(asset.headers['content-encoding']).toBe('gzip')
  expect(gunzipSync(asset.rawPayload).toString()).toBe('console.log("veche")'.repeat(50))

  const worker = await app.inject({ url: '/sw.js' })
  expect(worker.headers['cache-control']).toBe('no-cache')
  expect(worker.headers['content-type']).toBe('text/javascript; charset=utf-8')
  await app.close()
})

test('web app: deep links get index.html; missing files, the API and the parent folder do not', async () => {
  const app = Fastify()
  registerWebApp(app, () => 'home', build())
  expect((await app.inject({ url: '/a/some-space' })).body).toContain('<title>Veche</title>')
  expect((await app.inject({ url: '/missing.png' })).statusCode).toBe(404)
  expect((await app.inject({ url: '/api/nothing' })).statusCode).toBe(404)
  const escape = await app.inject({ url: '/..%2Fsecret.txt' })
  expect(escape.body).not.toContain('not for the web')
  await app.close()
})

test('web app: with no build, / shows the minimal page', async () => {
  const app = Fastify()
  registerWebApp(app, () => 'the minimal page', join(tmpdir(), 'veche-no-such-build'))
  const home = await app.inject({ url: '/' })
  expect(home.body).toBe('the minimal page')
  expect((await app.inject({ url: '/anything' })).statusCode).toBe(404)
  await app.close()
})
