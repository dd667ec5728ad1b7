// `veche serve` speaks HTTPS with a certificate of its own on the same port as plain HTTP, so a
// phone can join at https://<LAN address> (browsers give WebCrypto only to secure pages) while
// http://localhost keeps working on the hub's computer. Real processes on loopback.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { X509Certificate } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs'
import { Agent, request } from 'node:https'
import { tmpdir } from 'node:os'
import type { Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import { loadHubCertificate } from '../hub-certificate.js'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))

const children = new Set<ChildProcess>()
const dirs: string[] = []
afterAll(() => {
  for (const child of children) child.kill('SIGKILL')
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'veche-tls-'))
  dirs.push(dir)
  return dir
}

interface Started {
  readonly child: ChildProcess
  readonly port: number
  readonly out: string
}

/** Starts `veche serve` on a free loopback port; resolves once it has printed everything. */
function serve(data: string, extra: readonly string[] = []): Promise<Started> {
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--data', data, '--host', '127.0.0.1', '--port', '0', ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  children.add(child)
  child.on('exit', () => children.delete(child))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), 30_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined && out.includes('Stop: Ctrl+C')) {
        clearTimeout(timer)
        resolve({ child, port: Number(port), out })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hub exited with ${code}: ${out}`))
    })
  })
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}

/** GET over https trusting only `ca`: the status, the body and the peer certificate's fingerprint. */
function httpsGet(
  url: string,
  ca: string,
  agent: Agent | false = false,
): Promise<{ status: number; body: string; fingerprint: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, agent }, (res) => {
      const fingerprint = (res.socket as TLSSocket).getPeerCertificate().fingerprint256
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => (body += chunk))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, fingerprint }))
    })
    req.on('error', reject)
    req.end()
  })
}

test('serve: https:// and plain http:// on one port, with a certificate the hub made, kept in DATA/tls and reused after a restart', async () => {
  const data = dataDir()
  const first = await serve(data)
  const certFile = join(data, 'tls', 'cert.pem')
  const cert = readFileSync(certFile, 'utf8')
  const fingerprint = new X509Certificate(cert).fingerprint256
  // Bound to loopback, it is joined at http:// (a secure page there, with no warning).
  expect(first.out).toContain(`  http://127.0.0.1:${first.port}/\n`)
  expect(first.out).toContain(`Certificate: made by this hub, SHA-256 ${fingerprint}\n`)
  expect(statSync(join(data, 'tls', 'key.pem')).mode & 0o777).toBe(0o600)

  const secure = await httpsGet(`https://127.0.0.1:${first.port}/`, cert)
  expect(secure.status).toBe(200)
  expect(secure.body).toContain('<html')
  expect(secure.fingerprint).toBe(fingerprint)
  const api = await httpsGet(`https://localhost:${first.port}/api/health`, cert)
  expect(api.status).toBe(200)
  // Plain http on the same port, from this machine: served, not redirected.
  const plain = await fetch(`http://127.0.0.1:${first.port}/`, { redirect: 'manual' })
  expect(plain.status).toBe(200)
  expect(await plain.text()).toContain('<html')
  await stop(first.child)

  const second = await serve(data)
  expect(readFileSync(certFile, 'utf8')).toBe(cert)
  expect(second.out).toContain(`SHA-256 ${fingerprint}\n`)
  expect((await httpsGet(`https://127.0.0.1:${second.port}/`, cert)).fingerprint).toBe(fingerprint)
  await stop(second.child)
})

test('serve: stopping ends kept-alive https connections too, as it does plain ones', async () => {
  const data = dataDir()
  const hub = await serve(data)
  const cert = readFileSync(join(data, 'tls', 'cert.pem'), 'utf8')
  const agent = new Agent({ keepAlive: true, ca: cert })
  const socketClosed = new Promise<void>((resolve) => {
    agent.on('free', (socket: Socket) => socket.once('close', () => resolve()))
  })
  expect((await httpsGet(`https://127.0.0.1:${hub.port}/api/health`, cert, agent)).status).toBe(200)
  // The hub keeps an idle connection 65 s; a stopping hub must not wait for it (the test's
  // timeout is far shorter).
  await stop(hub.child)
  await socketClosed
  agent.destroy()
})

test('serve --no-tls: plain HTTP only, no certificate made', async () => {
  const data = dataDir()
  const hub = await serve(data, ['--no-tls'])
  expect(hub.out).toContain(`  http://127.0.0.1:${hub.port}/\n`)
  expect(hub.out).not.toContain('Certificate:')
  expect(existsSync(join(data, 'tls'))).toBe(false)
  expect((await fetch(`http://127.0.0.1:${hub.port}/api/health`)).status).toBe(200)
  await stop(hub.child)
})

test('the certificate is made again when it does not name an address of this machine, or is near its end', async () => {
  const data = dataDir()
  const names = { ips: ['127.0.0.1', '::1', '192.168.1.20'], dns: ['localhost', 'hall-laptop'] }
  const now = new Date('2026-12-07T00:00:00Z')
  const made = await loadHubCertificate(data, names, now)
  expect(made.made).toBe(true)
  const san = new X509Certificate(made.cert).subjectAltName
  expect(san).toContain('IP Address:192.168.1.20')
  expect(san).toContain('DNS:hall-laptop')
  // Same names, IPv6 written another way, a month on: the stored one.
  const again = await loadHubCertificate(
    data,
    { ips: ['0:0:0:0:0:0:0:1', '192.168.1.20'], dns: ['localhost'] },
    new Date('2027-01-07T00:00:00Z'),
  )
  expect(again).toMatchObject({ made: false, fingerprint: made.fingerprint })
  // A new address on the hall's Wi-Fi.
  const moved = await loadHubCertificate(
    data,
    { ...names, ips: [...names.ips, '10.0.0.5'] },
    new Date('2027-01-07T00:00:00Z'),
  )
  expect(moved.made).toBe(true)
  expect(new X509Certificate(moved.cert).subjectAltName).toContain('IP Address:10.0.0.5')
  // Within 30 days of its end.
  const late = new Date(Date.parse(new X509Certificate(moved.cert).validTo) - 10 * 86_400_000)
  expect((await loadHubCertificate(data, names, late)).made).toBe(true)
})
