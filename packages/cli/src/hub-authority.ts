// The hub's own certificate authority, so that members' phones can trust a hub in a hall. A phone
// refuses a service worker (the app offline, installing it) on a page whose certificate it does not
// trust, and a hall has no domain for a public authority to certify. So the hub makes a small
// authority of its own on its first start; members install it once (the /ca page) after comparing
// its fingerprint with the one `veche serve` prints, and the hub serves a certificate it signed.
//
// The authority is name-constrained (RFC 5280 §4.2.1.10, critical): it can vouch only for private
// and loopback addresses (10/8, 172.16/12, 192.168/16, 127/8, fc00::/7, fe80::/10, ::1) and for
// `.local` and `localhost` names. Whoever takes its key (a seized hub) can impersonate hubs on
// those addresses to phones that trust it, never a bank or a public site. A certificate it signs
// must name nothing outside those subtrees: one name outside makes a verifier refuse the whole
// certificate, so `authorityNames` leaves such names out.
//
// Built with @peculiar/x509 and the RFC 5280 schema of @peculiar/asn1-x509 over Node's WebCrypto
// (ECDSA P-256, SHA-256; the library finds Node's global `crypto`); nothing here encodes ASN.1 by
// hand.
import { KeyObject, createPrivateKey, randomBytes, webcrypto } from 'node:crypto'
import { BlockList, isIP } from 'node:net'
import { AsnConvert } from '@peculiar/asn1-schema'
import {
  GeneralName as AsnGeneralName,
  GeneralSubtree,
  GeneralSubtrees,
  NameConstraints,
  id_ce_nameConstraints,
} from '@peculiar/asn1-x509'
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  Extension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
  X509CertificateGenerator,
} from '@peculiar/x509'
import type { CertificateNames } from './hub-certificate.js'

const DAY_MS = 86_400_000
const EC = { name: 'ECDSA', namedCurve: 'P-256' } as const
const SIGNING = { name: 'ECDSA', hash: 'SHA-256' } as const

/** The private and loopback ranges the authority may vouch for (RFC 1918, 4193, 4291, 1122). */
export const PERMITTED_RANGES: readonly string[] = [
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '127.0.0.0/8',
  'fc00::/7',
  'fe80::/10',
  '::1/128',
]

/**
 * The DNS names it may vouch for: `.local` (mDNS, RFC 6762: `<host>.local` on the hall's Wi-Fi)
 * and `localhost` (RFC 6761), each with the names under it. A bare host name is not among them: a
 * host called `app` would otherwise let the authority vouch for every name under the `.app` domain.
 */
export const PERMITTED_DNS: readonly string[] = ['local', 'localhost']

/** How long the authority lasts: two years, after which members install the next one. */
export const AUTHORITY_DAYS = 730
/** How long a hub certificate lasts at most (397 days, the longest Apple and Chrome accept). */
export const LEAF_DAYS = 397

export interface PemPair {
  /** PEM private key (PKCS #8). */
  readonly key: string
  /** PEM certificate. */
  readonly cert: string
}

const permitted = new BlockList()
for (const range of PERMITTED_RANGES) {
  const [address, prefix] = range.split('/') as [string, string]
  permitted.addSubnet(address, Number(prefix), isIP(address) === 4 ? 'ipv4' : 'ipv6')
}

/** Whether the authority may vouch for `ip` (inside one of PERMITTED_RANGES). */
export function isPermittedAddress(ip: string): boolean {
  const family = isIP(ip)
  return family !== 0 && permitted.check(ip, family === 4 ? 'ipv4' : 'ipv6')
}

/** Whether the authority may vouch for the DNS name `name`. */
export function isPermittedName(name: string): boolean {
  const lower = name.toLowerCase()
  return PERMITTED_DNS.some((d) => lower === d || lower.endsWith(`.${d}`))
}

/** The names of `names` the authority may vouch for; the others cannot be in its certificates. */
export function authorityNames(names: CertificateNames): CertificateNames {
  return { ips: names.ips.filter(isPermittedAddress), dns: names.dns.filter(isPermittedName) }
}

/** A positive 128-bit serial number, as hex (RFC 5280 §4.1.2.2: positive, at most 20 bytes). */
function serialNumber(): string {
  const bytes = randomBytes(16)
  bytes[0] = bytes[0]! & 0x7f
  return bytes.toString('hex')
}

async function newKeys(): Promise<webcrypto.CryptoKeyPair> {
  return webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])
}

function pemKey(key: webcrypto.CryptoKey): string {
  return KeyObject.from(key).export({ type: 'pkcs8', format: 'pem' }).toString()
}

async function signingKey(pem: string): Promise<webcrypto.CryptoKey> {
  const der = createPrivateKey(pem).export({ type: 'pkcs8', format: 'der' })
  return webcrypto.subtle.importKey('pkcs8', der, EC, false, ['sign'])
}

function nameConstraints(): Extension {
  const subtrees = [
    ...PERMITTED_RANGES.map((iPAddress) => new AsnGeneralName({ iPAddress })),
    ...PERMITTED_DNS.map((dNSName) => new AsnGeneralName({ dNSName })),
  ].map((base) => new GeneralSubtree({ base }))
  const value = new NameConstraints({ permittedSubtrees: new GeneralSubtrees(subtrees) })
  return new Extension(id_ce_nameConstraints, true, AsnConvert.serialize(value))
}

/**
 * A new authority, valid from a day before `now` (for a phone whose clock is behind) for
 * AUTHORITY_DAYS. Its name carries a random tag, so that a member who trusts several hubs'
 * authorities can tell them apart in the phone's list.
 */
export async function makeHubAuthority(now: Date): Promise<PemPair> {
  const keys = await newKeys()
  const tag = randomBytes(4).toString('hex').toUpperCase()
  const cert = await X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: `CN=Veche hall hub authority ${tag}, O=Veche`,
    keys,
    signingAlgorithm: SIGNING,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(now.getTime() + (AUTHORITY_DAYS - 1) * DAY_MS),
    extensions: [
      // pathLenConstraint 0: it signs hub certificates only, never another authority.
      new BasicConstraintsExtension(true, 0, true),
      new KeyUsagesExtension(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign, true),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      nameConstraints(),
    ],
  })
  return { key: pemKey(keys.privateKey), cert: cert.toString('pem') }
}

/**
 * A new key and a certificate for it signed by `authority`, naming `names` (which must all be
 * permitted: authorityNames), valid from a day before `now` for LEAF_DAYS but never past the
 * authority's own end.
 */
export async function issueHubCertificate(
  authority: PemPair,
  names: CertificateNames,
  now: Date,
): Promise<PemPair> {
  const outside = [
    ...names.ips.filter((ip) => !isPermittedAddress(ip)),
    ...names.dns.filter((d) => !isPermittedName(d)),
  ]
  if (outside.length > 0)
    throw new Error(`the hub's authority cannot vouch for ${outside.join(', ')}`)
  return signHubCertificate(authority, names, now)
}

/**
 * What issueHubCertificate makes, for any `names` at all: what whoever holds the authority's key
 * can sign. Browsers refuse such a certificate for a name outside the constraints (the browser
 * test signs one for example.com this way); the hub itself uses issueHubCertificate.
 */
export async function signHubCertificate(
  authority: PemPair,
  names: CertificateNames,
  now: Date,
): Promise<PemPair> {
  const issuer = new X509Certificate(authority.cert)
  const keys = await newKeys()
  const authorityEnd = issuer.notAfter.getTime()
  const cert = await X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: 'CN=Veche hub',
    issuer: issuer.subjectName,
    publicKey: keys.publicKey,
    signingKey: await signingKey(authority.key),
    signingAlgorithm: SIGNING,
    notBefore: new Date(now.getTime() - DAY_MS),
    notAfter: new Date(Math.min(now.getTime() + (LEAF_DAYS - 1) * DAY_MS, authorityEnd)),
    extensions: [
      new BasicConstraintsExtension(false, undefined, true),
      new KeyUsagesExtension(KeyUsageFlags.digitalSignature, true),
      new ExtendedKeyUsageExtension([ExtendedKeyUsage.serverAuth]),
      await SubjectKeyIdentifierExtension.create(keys.publicKey),
      await AuthorityKeyIdentifierExtension.create(issuer.publicKey),
      new SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  })
  return { key: pemKey(keys.privateKey), cert: cert.toString('pem') }
}
