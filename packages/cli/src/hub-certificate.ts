// The hub's own TLS certificate, for `veche serve` in a hall with no domain and no internet:
// browsers give WebCrypto (keys, the lock, secret ballots) only to https:// pages, and service
// workers (the app offline, installing it) only to pages whose certificate they trust. So the hub
// makes, on its first start, a name-constrained authority of its own (hub-authority.ts) that
// members install on their phones, and serves a certificate that authority signed, naming this
// machine's private and loopback addresses, `<host>.local` and localhost.
// All of it lives in DATA/tls/ (keys 0600, in a 0700 folder): ca.pem and ca-key.pem (the
// authority), cert.pem and key.pem (the hub's certificate). The hub's certificate is made again when
// an address it should name is missing, it nears its end, or it was not signed by the authority in
// the folder (a DATA/tls/ from a hub before the authority held a self-signed one); the authority
// only when it is missing, unreadable or near its own end, since members then install it again.
// `veche serve` prints both fingerprints: the authority's is what members compare before
// installing it, the certificate's what a phone without it shows in its warning.
import { X509Certificate, createPrivateKey } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { hostname, networkInterfaces } from 'node:os'
import { BlockList, isIP } from 'node:net'
import { join } from 'node:path'
import { makePrivateFolder, writePrivateFile } from '@veche/store'
import type { PemPair } from './hub-authority.js'

/** A certificate or authority with fewer days left than this is made again at the next start. */
const RENEW_DAYS = 30
const DAY_MS = 86_400_000

export interface HubCertificate {
  /** PEM private key. */
  readonly key: string
  /** PEM chain to serve: the hub's certificate, then the authority's. */
  readonly cert: string
  /** SHA-256 of the hub's certificate (DER), as browsers show it: AB:CD:… */
  readonly fingerprint: string
  /** Whether it was made at this start (false: the stored one was reused). */
  readonly made: boolean
  /** The names it carries (the private and loopback ones of those asked for). */
  readonly names: CertificateNames
  /** The hub's authority, for members to install. */
  readonly authority: {
    /** PEM certificate. */
    readonly cert: string
    /** SHA-256 of its certificate (DER), as phones show it: AB:CD:… */
    readonly fingerprint: string
    /** Whether it was made at this start (members must install the new one). */
    readonly made: boolean
  }
}

export interface CertificateNames {
  readonly ips: readonly string[]
  readonly dns: readonly string[]
}

/**
 * What the certificate should name: loopback, every LAN address, the host name and localhost
 * (authorityNames then keeps the ones the authority may vouch for).
 */
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

/** Whether `cert` is valid at `now` and for RENEW_DAYS more, and made for `key`. */
function inForce(cert: X509Certificate, key: string, now: Date): boolean {
  if (Date.parse(cert.validFrom) > now.getTime()) return false
  if (Date.parse(cert.validTo) - now.getTime() < RENEW_DAYS * DAY_MS) return false
  return cert.checkPrivateKey(createPrivateKey(key))
}

/**
 * Whether `cert` (made for `key`) was signed by `authority`, names all of `names` and is valid for a
 * while yet at `now`.
 */
function stillServes(
  cert: X509Certificate,
  key: string,
  authority: X509Certificate,
  names: CertificateNames,
  now: Date,
) {
  if (!inForce(cert, key, now)) return false
  if (!cert.checkIssued(authority) || !cert.verify(authority.publicKey)) return false
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

/** The stored pair in `folder` (`<name>.pem`, `<name>-key.pem` or `key.pem`), if readable. */
function readPair(certFile: string, keyFile: string): PemPair | null {
  if (!existsSync(keyFile) || !existsSync(certFile)) return null
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(certFile, 'utf8') }
}

/** The stored authority, if it is one, is made for its key and lasts a while yet. */
function storedAuthority(pair: PemPair | null, now: Date): X509Certificate | null {
  if (pair === null) return null
  try {
    const parsed = new X509Certificate(pair.cert)
    return parsed.ca && inForce(parsed, pair.key, now) ? parsed : null
  } catch {
    // An unreadable authority is replaced.
    return null
  }
}

/**
 * The hub's certificate and authority from `DATA/tls/`, each made (and stored there) when missing,
 * unreadable or within 30 days of its end; the certificate also when it does not name every one of
 * `names` the authority may vouch for, or was not signed by the authority there.
 */
export async function loadHubCertificate(
  dataDir: string,
  names: CertificateNames = certificateNames(),
  now: Date = new Date(),
): Promise<HubCertificate> {
  const folder = join(dataDir, 'tls')
  const files = {
    caCert: join(folder, 'ca.pem'),
    caKey: join(folder, 'ca-key.pem'),
    cert: join(folder, 'cert.pem'),
    key: join(folder, 'key.pem'),
  }
  // Loaded here: every other command starts faster without the certificate builder.
  const { authorityNames, issueHubCertificate, makeHubAuthority } =
    await import('./hub-authority.js')
  const wanted = authorityNames(names)
  let authority = readPair(files.caCert, files.caKey)
  let authorityCert = storedAuthority(authority, now)
  const authorityMade = authorityCert === null
  if (authority === null || authorityCert === null) {
    authority = await makeHubAuthority(now)
    authorityCert = new X509Certificate(authority.cert)
    makePrivateFolder(folder, true)
    writePrivateFile(files.caKey, authority.key)
    writePrivateFile(files.caCert, authority.cert)
  }
  const done = (leaf: PemPair, made: boolean): HubCertificate => ({
    key: leaf.key,
    cert: `${leaf.cert.trimEnd()}\n${authority.cert.trimEnd()}\n`,
    fingerprint: new X509Certificate(leaf.cert).fingerprint256,
    made,
    names: wanted,
    authority: {
      cert: authority.cert,
      fingerprint: authorityCert.fingerprint256,
      made: authorityMade,
    },
  })
  const stored = readPair(files.cert, files.key)
  if (stored !== null) {
    try {
      if (stillServes(new X509Certificate(stored.cert), stored.key, authorityCert, wanted, now))
        return done(stored, false)
    } catch {
      // An unreadable pair is replaced below.
    }
  }
  const leaf = await issueHubCertificate(authority, wanted, now)
  writePrivateFile(files.key, leaf.key)
  writePrivateFile(files.cert, leaf.cert)
  return done(leaf, true)
}
