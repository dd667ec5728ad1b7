// `veche` outside the checkout: `npm link -w @veche/cli`, as the README says, puts the command on
// the PATH. Linked here under a throwaway npm prefix, it runs from a folder that is not the
// checkout and keeps its data there; `veche serve` (bundled with the hub's package and its
// dependencies, scripts/bundle-cli.ts) still finds the files it serves: the web app and the API
// docs' assets.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const prefix = mkdtempSync(join(tmpdir(), 'veche-npm-prefix-'))
const elsewhere = mkdtempSync(join(tmpdir(), 'veche-elsewhere-'))

afterAll(() => {
  rmSync(prefix, { recursive: true, force: true })
  rmSync(elsewhere, { recursive: true, force: true })
})

test('npm link puts veche on the PATH, and it runs and serves outside the checkout', async () => {
  const link = spawnSync('npm', ['link', '-w', '@veche/cli', '--ignore-scripts'], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_prefix: prefix },
  })
  expect(link.status, link.stderr).toBe(0)
  const bin = join(prefix, 'bin')
  expect(existsSync(join(bin, 'veche'))).toBe(true)
  const env = { ...process.env, PATH: `${bin}${delimiter}${process.env.PATH ?? ''}` }
  const run = (...args: string[]) =>
    spawnSync('veche', args, { cwd: elsewhere, encoding: 'utf8', env })
  const help = run('--help')
  expect(help.status, help.stderr).toBe(0)
  expect(help.stdout).toContain('Usage: veche')
  const made = run('id', 'new', 'aigerim')
  expect(made.status, made.stderr).toBe(0)
  // The default data folder is ./veche-data of the folder it runs in, not of the checkout.
  expect(existsSync(join(elsewhere, 'veche-data'))).toBe(true)

  const hub = spawn('veche', ['serve', '--host', '127.0.0.1', '--port', '0'], {
    cwd: elsewhere,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  const exited = new Promise((resolve) => hub.once('exit', resolve))
  try {
    let printed = ''
    const port = await new Promise<string>((resolve, reject) => {
      hub.stdout.on('data', (chunk: Buffer) => {
        printed += chunk.toString()
        const found = /listening on port (\d+)/.exec(printed)?.[1]
        if (found !== undefined) resolve(found)
      })
      hub.once('exit', () => reject(new Error(`veche serve exited: ${printed}`)))
    })
    const url = `http://127.0.0.1:${port}`
    expect((await fetch(`${url}/api/health`)).status).toBe(200)
    expect(await (await fetch(`${url}/`)).text()).toBe(
      readFileSync(join(ROOT, 'packages/web/dist/index.html'), 'utf8'),
    )
    const docs = await fetch(`${url}/api/docs/static/swagger-ui.css`)
    expect(docs.status).toBe(200)
    expect((await docs.text()).length).toBeGreaterThan(1000)
    expect((await fetch(`${url}/api/docs/static/logo.svg`)).status).toBe(200)
  } finally {
    hub.kill('SIGTERM')
    await exited
  }
}, 30_000)
