// The hub's authority and the certificates it signs carry what phones need to accept them (a CA
// with keyCertSign; a server certificate with serverAuth, its names, a validity Apple and Chrome
// take) and the name constraints that keep a seized authority to private addresses. Node's TLS
// (OpenSSL) checks the constraints as a second verifier beside the browser test's chromium.
import { X509Certificate as NodeCertificate } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { connect, createServer } from 'node:tls'
import { AsnConvert } from '@peculiar/asn1-schema'
import { NameConstraints, id_ce_nameConstraints } from '@peculiar/asn1-x509'
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsage,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
} from '@peculiar/x509'
import { expect, test } from 'vitest'
import {
  AUTHORITY_DAYS,
  LEAF_DAYS,
  authorityNames,
  issueHubCertificate,
  makeHubAuthority,
  signHubCertificate,
} from './hub-authority.js'
import type { PemPair } from './hub-authority.js'

const DAY_MS = 86_400_000
const NOW = new Date('2026-12-07T00:00:00Z')

test('hub authority: a P-256 CA for two years that signs only end certificates, constrained to private addresses and .local / localhost names (critical)', async () => {
  const authority = await makeHubAuthority(NOW)
  const ca = new X509Certificate(authority.cert)
  expect(await ca.isSelfSigned()).toBe(true)
  expect(ca.subject).toMatch(/^CN=Veche hall hub authority [0-9A-F]{8}, O=Veche$/)
  expect(ca.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-256' })
  expect(ca.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-256' } })
  expect(ca.notBefore.getTime()).toBe(NOW.getTime() - DAY_MS)
  expect(ca.notAfter.getTime()).toBe(NOW.getTime() + (AUTHORITY_DAYS - 1) * DAY_MS)

  const basic = ca.getExtension(BasicConstraintsExtension)
  expect(basic).toMatchObject({ ca: true, pathLength: 0, critical: true })
  const usage = ca.getExtension(KeyUsagesExtension)
  expect(usage?.critical).toBe(true)
  expect(usage?.usages).toBe(KeyUsageFlags.keyCertSign | KeyUsageFlags.cRLSign)

  const constraints = ca.getExtension(id_ce_nameConstraints)
  expect(constraints?.critical).toBe(true)
  const parsed = AsnConvert.parse(constraints!.value, NameConstraints)
  expect(parsed.excludedSubtrees).toBeUndefined()
  const permitted = [...parsed.permittedSubtrees!].map((s) =>
    s.base.iPAddress === undefined ? `dns:${s.base.dNSName}` : `ip:${s.base.iPAddress}`,
  )
  expect(permitted).toEqual([
    'ip:10.0.0.0/8',
    'ip:172.16.0.0/12',
    'ip:192.168.0.0/16',
    'ip:127.0.0.0/8',
    'ip:fc00::/7',
    'ip:fe80::/10',
    'ip:::1/128',
    'dns:local',
    'dns:localhost',
  ])
})

test('hub certificate: signed by the authority for its names, serverAuth, digitalSignature, 397 days at most and never past the authority', async () => {
  const authority = await makeHubAuthority(NOW)
  const names = { ips: ['192.168.1.20', '127.0.0.1', 'fd00::2'], dns: ['hall.local', 'localhost'] }
  const leaf = new X509Certificate((await issueHubCertificate(authority, names, NOW)).cert)
  const ca = new X509Certificate(authority.cert)
  expect(leaf.issuer).toBe(ca.subject)
  expect(await leaf.verify({ publicKey: ca.publicKey, signatureOnly: true })).toBe(true)
  expect(leaf.getExtension(BasicConstraintsExtension)).toMatchObject({ ca: false, critical: true })
  expect(leaf.getExtension(KeyUsagesExtension)).toMatchObject({
    usages: KeyUsageFlags.digitalSignature,
    critical: true,
  })
  expect(leaf.getExtension(ExtendedKeyUsageExtension)?.usages).toEqual([
    ExtendedKeyUsage.serverAuth,
  ])
  expect(leaf.getExtension(SubjectAlternativeNameExtension)?.names.toJSON()).toEqual([
    { type: 'dns', value: 'hall.local' },
    { type: 'dns', value: 'localhost' },
    { type: 'ip', value: '192.168.1.20' },
    { type: 'ip', value: '127.0.0.1' },
    { type: 'ip', value: 'fd00::2' },
  ])
  expect(leaf.getExtension(AuthorityKeyIdentifierExtension)?.keyId).toBe(
    ca.getExtension(SubjectKeyIdentifierExtension)?.keyId,
  )
  expect(leaf.notAfter.getTime() - leaf.notBefore.getTime()).toBe(LEAF_DAYS * DAY_MS)

  // An authority with three months left signs for three months.
  const late = new Date(ca.notAfter.getTime() - 90 * DAY_MS)
  const short = new X509Certificate((await issueHubCertificate(authority, names, late)).cert)
  expect(short.notAfter.getTime()).toBe(ca.notAfter.getTime())
})

test('hub authority: it keeps only the names it may vouch for, and refuses to sign any other', async () => {
  expect(
    authorityNames({
      ips: [
        '10.1.2.3',
        '172.31.255.255',
        '172.32.0.1',
        '192.168.0.1',
        '192.0.2.2',
        '8.8.8.8',
        '127.0.0.1',
        '::1',
        'fd00::2',
        'fe80::1',
        '2001:db8::5',
      ],
      dns: [
        'localhost',
        'hall.local',
        'HALL.LOCAL',
        'hall',
        'app',
        'notlocal',
        'local.example.com',
      ],
    }),
  ).toEqual({
    ips: ['10.1.2.3', '172.31.255.255', '192.168.0.1', '127.0.0.1', '::1', 'fd00::2', 'fe80::1'],
    dns: ['localhost', 'hall.local', 'HALL.LOCAL'],
  })
  const authority = await makeHubAuthority(NOW)
  await expect(issueHubCertificate(authority, { ips: ['8.8.8.8'], dns: [] }, NOW)).rejects.toThrow(
    "the hub's authority cannot vouch for 8.8.8.8",
  )
  await expect(
    issueHubCertificate(authority, { ips: [], dns: ['example.com'] }, NOW),
  ).rejects.toThrow('example.com')
})

/** Connects with Node's TLS trusting only `ca` to a server holding `pair`: 'ok', or the error. */
async function handshake(pair: PemPair, ca: string, servername: string): Promise<string> {
  const server = createServer(pair, (socket) => socket.end())
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  try {
    return await new Promise<string>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port, ca, servername }, () => {
        socket.destroy()
        resolve('ok')
      })
      socket.on('error', (error: NodeJS.ErrnoException) =>
        resolve(`${error.code} ${error.message}`),
      )
    })
  } finally {
    server.close()
  }
}

test('hub authority: a verifier that trusts it takes its certificate for hall.local and refuses one for a public name (OpenSSL in Node)', async () => {
  const now = new Date()
  const authority = await makeHubAuthority(now)
  const hall = await issueHubCertificate(authority, { ips: [], dns: ['hall.local'] }, now)
  expect(await handshake(hall, authority.cert, 'hall.local')).toBe('ok')
  // What a seizer of the authority's key could sign: refused for breaking the constraints.
  const forged = await signHubCertificate(authority, { ips: [], dns: ['example.com'] }, now)
  expect(new NodeCertificate(forged.cert).subjectAltName).toBe('DNS:example.com')
  expect(await handshake(forged, authority.cert, 'example.com')).toMatch(
    /permitted subtree violation$/,
  )
})
