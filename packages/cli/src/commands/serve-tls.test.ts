// `veche serve` speaks HTTPS on the same port as plain HTTP, with a certificate signed by an
// authority of its own, so a phone can join at https://<LAN address> (browsers give WebCrypto only
// to secure pages) and, once it trusts the authority, keep the app offline, while
// http://localhost keeps working on the hub's computer. Real processes on loopback.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { KeyObject, X509Certificate, webcrypto } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { Agent, request } from 'node:https'
import { tmpdir } from 'node:os'
import type { Socket } from 'node:net'
import type { TLSSocket } from 'node:tls'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, expect, test } from 'vitest'
import {
  BasicConstraintsExtension,
  SubjectAlternativeNameExtension,
  X509CertificateGenerator,
} from '@peculiar/x509'
import { authorityNames } from '../hub-authority.js'
import { certificateNames, loadHubCertificate } from '../hub-certificate.js'

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

test('serve: https:// and plain http:// on one port, with a certificate signed by the hub authority, kept in DATA/tls and reused after a restart', async () => {
  const data = dataDir()
  const first = await serve(data)
  const certFile = join(data, 'tls', 'cert.pem')
  const caFile = join(data, 'tls', 'ca.pem')
  const cert = readFileSync(certFile, 'utf8')
  // What a phone trusts once a member installed the authority: the authority alone.
  const ca = readFileSync(caFile, 'utf8')
  const fingerprint = new X509Certificate(cert).fingerprint256
  const caFingerprint = new X509Certificate(ca).fingerprint256
  // Bound to loopback, it is joined at http:// (a secure page there, with no warning).
  expect(first.out).toContain(`  http://127.0.0.1:${first.port}/\n`)
  expect(first.out).toContain(`Hub authority: SHA-256 ${caFingerprint} (new at this start)\n`)
  expect(first.out).toContain(`members install it once from http://127.0.0.1:${first.port}/ca,`)
  expect(first.out).toContain(`Certificate: signed by the hub authority, SHA-256 ${fingerprint}\n`)
  for (const key of ['key.pem', 'ca-key.pem'])
    expect(statSync(join(data, 'tls', key)).mode & 0o777).toBe(0o600)

  const secure = await httpsGet(`https://127.0.0.1:${first.port}/`, ca)
  expect(secure.status).toBe(200)
  expect(secure.body).toContain('<html')
  expect(secure.fingerprint).toBe(fingerprint)
  const api = await httpsGet(`https://localhost:${first.port}/api/health`, ca)
  expect(api.status).toBe(200)
  // Plain http on the same port, from this machine: served, not redirected.
  const plain = await fetch(`http://127.0.0.1:${first.port}/`, { redirect: 'manual' })
  expect(plain.status).toBe(200)
  expect(await plain.text()).toContain('<html')
  await stop(first.child)

  const second = await serve(data)
  expect(readFileSync(certFile, 'utf8')).toBe(cert)
  expect(readFileSync(caFile, 'utf8')).toBe(ca)
  expect(second.out).toContain(`Hub authority: SHA-256 ${caFingerprint}\n`)
  expect(second.out).toContain(`SHA-256 ${fingerprint}\n`)
  expect((await httpsGet(`https://127.0.0.1:${second.port}/`, ca)).fingerprint).toBe(fingerprint)
  await stop(second.child)
})

test('serve: the authority is offered at /ca (a page with its fingerprint) and /ca.crt, over plain http too', async () => {
  const data = dataDir()
  const hub = await serve(data)
  const ca = new X509Certificate(readFileSync(join(data, 'tls', 'ca.pem'), 'utf8'))
  const page = await fetch(`http://127.0.0.1:${hub.port}/ca?lang=kk`)
  expect(page.status).toBe(200)
  const html = await page.text()
  expect(html).toContain('<html lang="kk">')
  // Shown in rows of eight bytes.
  expect(html.replace(/<br>/g, ':')).toContain(ca.fingerprint256)
  const file = await fetch(`http://127.0.0.1:${hub.port}/ca.crt`)
  expect(file.headers.get('content-type')).toBe('application/x-x509-ca-cert')
  expect(Buffer.from(await file.arrayBuffer()).equals(ca.raw)).toBe(true)
  await stop(hub.child)
  // Without TLS there is no authority, and no page for one.
  const plain = await serve(dataDir(), ['--no-tls'])
  expect((await fetch(`http://127.0.0.1:${plain.port}/ca.crt`)).status).toBe(404)
  await stop(plain.child)
})

test('serve: a DATA/tls from a hub before the authority (a self-signed certificate) is replaced by an authority and a certificate it signed', async () => {
  const data = dataDir()
  mkdirSync(join(data, 'tls'), { mode: 0o700 })
  // What the older hub kept: a self-signed key and certificate, as `selfsigned` made them.
  const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
    'sign',
    'verify',
  ])
  // It names all that a new one would, so only its missing authority can make the hub replace it.
  const named = authorityNames(certificateNames())
  const selfSigned = await X509CertificateGenerator.createSelfSigned({
    name: 'CN=Veche hub',
    keys,
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    notBefore: new Date(Date.now() - 86_400_000),
    notAfter: new Date(Date.now() + 300 * 86_400_000),
    extensions: [
      new BasicConstraintsExtension(false),
      new SubjectAlternativeNameExtension([
        ...named.dns.map((value) => ({ type: 'dns' as const, value })),
        ...named.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  })
  const oldCert = {
    key: KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem' }).toString(),
    cert: selfSigned.toString('pem'),
  }
  writeFileSync(join(data, 'tls', 'key.pem'), oldCert.key, { mode: 0o600 })
  writeFileSync(join(data, 'tls', 'cert.pem'), oldCert.cert, { mode: 0o600 })
  const hub = await serve(data)
  const ca = readFileSync(join(data, 'tls', 'ca.pem'), 'utf8')
  const cert = new X509Certificate(readFileSync(join(data, 'tls', 'cert.pem'), 'utf8'))
  expect(cert.fingerprint256).not.toBe(new X509Certificate(oldCert.cert).fingerprint256)
  expect(cert.checkIssued(new X509Certificate(ca))).toBe(true)
  expect((await httpsGet(`https://127.0.0.1:${hub.port}/api/health`, ca)).status).toBe(200)
  await stop(hub.child)
})

test('serve: stopping ends kept-alive https connections too, as it does plain ones', async () => {
  const data = dataDir()
  const hub = await serve(data)
  const ca = readFileSync(join(data, 'tls', 'ca.pem'), 'utf8')
  const agent = new Agent({ keepAlive: true, ca })
  const socketClosed = new Promise<void>((resolve) => {
    agent.on('free', (socket: Socket) => socket.once('close', () => resolve()))
  })
  expect((await httpsGet(`https://127.0.0.1:${hub.port}/api/health`, ca, agent)).status).toBe(200)
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

test('the certificate is made again when it does not name an address of this machine, or is near its end; the authority is kept', async () => {
  const data = dataDir()
  const names = {
    ips: ['127.0.0.1', '::1', '192.168.1.20'],
    dns: ['localhost', 'hall-laptop', 'hall-laptop.local'],
  }
  const now = new Date('2026-12-07T00:00:00Z')
  const made = await loadHubCertificate(data, names, now)
  expect(made.made).toBe(true)
  expect(made.authority.made).toBe(true)
  const san = new X509Certificate(made.cert).subjectAltName
  expect(san).toContain('IP Address:192.168.1.20')
  expect(san).toContain('DNS:hall-laptop.local')
  // A bare host name is outside what the authority may vouch for (a host called `app` would
  // reach the whole .app domain), so the certificate leaves it out.
  expect(san?.split(', ')).not.toContain('DNS:hall-laptop')
  // Same names, IPv6 written another way, a month on: the stored one.
  const again = await loadHubCertificate(
    data,
    { ips: ['0:0:0:0:0:0:0:1', '192.168.1.20'], dns: ['localhost'] },
    new Date('2027-01-07T00:00:00Z'),
  )
  expect(again).toMatchObject({
    made: false,
    fingerprint: made.fingerprint,
    authority: { made: false, fingerprint: made.authority.fingerprint },
  })
  // A new address on the hall's Wi-Fi.
  const moved = await loadHubCertificate(
    data,
    { ...names, ips: [...names.ips, '10.0.0.5'] },
    new Date('2027-01-07T00:00:00Z'),
  )
  expect(moved.made).toBe(true)
  expect(moved.authority).toMatchObject({ made: false, fingerprint: made.authority.fingerprint })
  expect(new X509Certificate(moved.cert).subjectAltName).toContain('IP Address:10.0.0.5')
  // A public address joins no certificate the authority signs (it would be refused whole).
  const publicToo = await loadHubCertificate(
    data,
    { ...names, ips: [...names.ips, '10.0.0.5', '203.0.113.9', '2001:db8::5'] },
    new Date('2027-01-07T00:00:00Z'),
  )
  expect(publicToo).toMatchObject({ made: false, fingerprint: moved.fingerprint })
  // Within 30 days of its end.
  const late = new Date(Date.parse(new X509Certificate(moved.cert).validTo) - 10 * 86_400_000)
  const renewed = await loadHubCertificate(data, names, late)
  expect(renewed.made).toBe(true)
  expect(renewed.authority.fingerprint).toBe(made.authority.fingerprint)
  // The authority itself, within 30 days of its end: a new one, and a certificate it signed.
  const authorityEnd = Date.parse(new X509Certificate(made.authority.cert).validTo)
  const next = await loadHubCertificate(data, names, new Date(authorityEnd - 10 * 86_400_000))
  expect(next.authority.made).toBe(true)
  expect(next.authority.fingerprint).not.toBe(made.authority.fingerprint)
  expect(
    new X509Certificate(next.cert.split(/(?<=-----END CERTIFICATE-----)/)[0]!).checkIssued(
      new X509Certificate(next.authority.cert),
    ),
  ).toBe(true)
})
