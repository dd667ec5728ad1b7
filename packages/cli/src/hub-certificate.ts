// The hub's own TLS certificate, for `veche serve` in a hall with no domain and no internet:
// browsers give WebCrypto (keys, the lock, secret ballots) only to https:// pages, so phones join
// at https://<LAN address>:<port>/ with a self-signed certificate the hub makes on its first start.
// It names this machine's LAN addresses, its host name and localhost; it lives in DATA/tls/ (the key
// 0600), and is made again when an address it should name is missing or it is near its end.
// The fingerprint `veche serve` prints is what members compare with the one their phone shows.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { hostname, networkInterfaces } from 'node:os'
import { BlockList, isIP } from 'node:net'
import { join } from 'node:path'
import { makePrivateFolder, writePrivateFile } from '@veche/store'

/** How long a new certificate lasts (from a day back, for a phone whose clock is behind): 397
 * days in all, the longest Apple and Chrome accept for TLS. */
const VALID_DAYS = 397
/** A certificate with fewer days left than this is made again at the next start. */
const RENEW_DAYS = 30
const DAY_MS = 86_400_000

export interface HubCertificate {
  /** PEM private key. */
  readonly key: string
  /** PEM certificate. */
  readonly cert: string
  /** SHA-256 of the certificate (DER), as browsers show it: AB:CD:… */
  readonly fingerprint: string
  /** Whether it was made at this start (false: the stored one was reused). */
  readonly made: boolean
}

export interface CertificateNames {
  readonly ips: readonly string[]
  readonly dns: readonly string[]
}

/** What the certificate should name: loopback, every LAN address, the host name and localhost. */
export function certificateNames(): CertificateNames {
  const ips = new Set(['127.0.0.1', '::1'])
  for (const a of Object.values(networkInterfaces()).flat()) {
    if (a === undefined || a.internal) continue
    // A link-local IPv6 address needs a zone (%eth0) that no URL or certificate can carry.
    if (a.family === 'IPv6' && /^fe[89ab]/i.test(a.address)) continue
    ips.add(a.address)
  }
  const dns = new Set(['localhost'])
  const host = hostname().toLowerCase()
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(host)) {
    dns.add(host)
    if (!host.includes('.')) dns.add(`${host}.local`)
  }
  return { ips: [...ips], dns: [...dns] }
}

/** Whether `cert` (made for `key`) names all of `names` and is valid for a while yet at `now`. */
function stillServes(cert: X509Certificate, key: string, names: CertificateNames, now: Date) {
  if (Date.parse(cert.validFrom) > now.getTime()) return false
  if (Date.parse(cert.validTo) - now.getTime() < RENEW_DAYS * DAY_MS) return false
  if (!cert.checkPrivateKey(createPrivateKey(key))) return false
  const entries = (cert.subjectAltName ?? '').split(', ')
  const dns = new Set(entries.filter((e) => e.startsWith('DNS:')).map((e) => e.slice(4)))
  // IPv6 addresses are printed in full (0:0:…:1): a BlockList compares them as addresses.
  const named = new BlockList()
  for (const e of entries) {
    if (!e.startsWith('IP Address:')) continue
    const ip = e.slice('IP Address:'.length)
    const family = isIP(ip)
    if (family !== 0) named.addAddress(ip, family === 4 ? 'ipv4' : 'ipv6')
  }
  return (
    names.dns.every((d) => dns.has(d)) &&
    names.ips.every((ip) => named.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6'))
  )
}

/**
 * The hub's certificate from `DATA/tls/`, or a new self-signed one (stored there) when there is
 * none, it does not name every one of `names`, or it ends within 30 days.
 */
export async function loadHubCertificate(
  dataDir: string,
  names: CertificateNames = certificateNames(),
  now: Date = new Date(),
): Promise<HubCertificate> {
  const folder = join(dataDir, 'tls')
  const keyFile = join(folder, 'key.pem')
  const certFile = join(folder, 'cert.pem')
  if (existsSync(keyFile) && existsSync(certFile)) {
    const key = readFileSync(keyFile, 'utf8')
    const cert = readFileSync(certFile, 'utf8')
    try {
      const parsed = new X509Certificate(cert)
      if (stillServes(parsed, key, names, now))
        return { key, cert, fingerprint: parsed.fingerprint256, made: false }
    } catch {
      // An unreadable pair is replaced below.
    }
  }
  // Loaded here: every other command starts faster without the certificate builder.
  const { generate } = await import('selfsigned')
  const made = await generate([{ name: 'commonName', value: 'Veche hub' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - DAY_MS),
    notAfterDate: new Date(now.getTime() + (VALID_DAYS - 1) * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          ...names.dns.map((value) => ({ type: 2 as const, value })),
          ...names.ips.map((ip) => ({ type: 7 as const, ip })),
        ],
      },
    ],
  })
  makePrivateFolder(folder, true)
  writePrivateFile(keyFile, made.private)
  writePrivateFile(certFile, made.cert)
  return {
    key: made.private,
    cert: made.cert,
    fingerprint: new X509Certificate(made.cert).fingerprint256,
    made: true,
  }
}
