import fc from 'fast-check'
import { afterEach, beforeAll, expect, test, vi } from 'vitest'
import { decodeBase64url, encodeBase64url } from '../base64url.js'
import {
  RFC9474_DETERMINISTIC as V,
  rfc9474BlindingFactor,
  rfc9474Keys,
} from '../test-support/rfc9474-vector.js'
import { bytesHex, flipChar, hexBytes } from '../test-support/secret-fixtures.js'
import { webCryptoVerifier } from '../webcrypto-ed25519.js'
import {
  blindCredential,
  blindSignCredential,
  checkBlindSignature,
  checkBlindedMessage,
  checkIssuerKey,
  credentialMessage,
  finalizeCredential,
  generateIssuerKey,
  verifyCredential,
} from './blind-credential.js'
import { rsaPublicKeyModulus } from './rsa-public-key.js'

let issuer: { publicKey: string; privateKey: string }
let credential: { message: Uint8Array; signature: string }

beforeAll(async () => {
  issuer = await generateIssuerKey()
  const message = credentialMessage('space-1', 'poll-1', 'one-time-key-1')
  const { blinded, inverse } = await blindCredential(issuer.publicKey, message)
  const blindSignature = await blindSignCredential(issuer.privateKey, blinded)
  const signature = await finalizeCredential(issuer.publicKey, message, blindSignature, inverse)
  credential = { message, signature: signature! }
})

afterEach(() => {
  vi.restoreAllMocks()
})

test('credentials: RFC 9474 Appendix A, RSABSSA-SHA384-PSS-Deterministic, step by step', async () => {
  const keys = await rfc9474Keys()
  const msg = hexBytes(V.msg)
  // The library draws the PSS salt, then the blinding factor r: give it the vector's.
  vi.spyOn(crypto, 'getRandomValues')
    .mockReturnValueOnce(hexBytes(V.salt))
    .mockReturnValueOnce(rfc9474BlindingFactor())
  const { blinded, inverse } = await blindCredential(keys.publicKey, msg)
  vi.restoreAllMocks()
  expect(bytesHex(decodeBase64url(blinded)!)).toBe(V.blinded_msg)
  expect(bytesHex(decodeBase64url(inverse)!)).toBe(V.inv)
  const blindSignature = await blindSignCredential(keys.privateKey, blinded)
  expect(bytesHex(decodeBase64url(blindSignature)!)).toBe(V.blind_sig)
  const signature = await finalizeCredential(keys.publicKey, msg, blindSignature, inverse)
  expect(bytesHex(decodeBase64url(signature!)!)).toBe(V.sig)
  expect(await verifyCredential(keys.publicKey, msg, signature!)).toBe(true)
  expect(
    await webCryptoVerifier.verifyCredentials([
      { publicKey: keys.publicKey, message: msg, signature: signature! },
    ]),
  ).toEqual([true])
  // The vector's key is 4096 bits: a credential key, but not a poll's issuer key.
  expect(rsaPublicKeyModulus(keys.publicKey)).toHaveLength(512)
  expect(checkIssuerKey(keys.publicKey)).toMatch(/RSA-2048/)
})

test('credentials: a credential verifies for its own one-time key, poll and space only', async () => {
  expect(checkIssuerKey(issuer.publicKey)).toBeNull()
  expect(decodeBase64url(credential.signature)).toHaveLength(256)
  expect(await verifyCredential(issuer.publicKey, credential.message, credential.signature)).toBe(
    true,
  )
  const others = [
    credentialMessage('space-1', 'poll-1', 'one-time-key-2'),
    credentialMessage('space-1', 'poll-2', 'one-time-key-1'),
    credentialMessage('space-2', 'poll-1', 'one-time-key-1'),
  ]
  const other = await generateIssuerKey()
  const verdicts = await webCryptoVerifier.verifyCredentials([
    ...others.map((message) => ({
      publicKey: issuer.publicKey,
      message,
      signature: credential.signature,
    })),
    { publicKey: other.publicKey, message: credential.message, signature: credential.signature },
    { ...credential, publicKey: issuer.publicKey },
  ])
  expect(verdicts).toEqual([false, false, false, false, true])
})

test('credentials: the member refuses an issuer answer that is not a signature on its message', async () => {
  const message = credentialMessage('space-1', 'poll-1', 'one-time-key-3')
  const { blinded, inverse } = await blindCredential(issuer.publicKey, message)
  // An issuer that signs something else (here: another member's blinded message).
  const { blinded: otherBlinded } = await blindCredential(issuer.publicKey, credential.message)
  const wrong = await blindSignCredential(issuer.privateKey, otherBlinded)
  expect(await finalizeCredential(issuer.publicKey, message, wrong, inverse)).toBeNull()
  expect(await finalizeCredential(issuer.publicKey, message, 'not base64url!', inverse)).toBeNull()
  expect(
    await finalizeCredential(issuer.publicKey, message, wrong.slice(0, 40), inverse),
  ).toBeNull()
  const right = await blindSignCredential(issuer.privateKey, blinded)
  expect(await finalizeCredential(issuer.publicKey, message, right, inverse)).not.toBeNull()
})

test('credentials: any altered signature or message is refused, never thrown', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.boolean(),
      fc.nat(),
      fc.integer({ min: 1, max: 63 }),
      async (inSignature, at, delta) => {
        let { message, signature } = credential
        if (inSignature) signature = flipChar(signature, at, delta)
        else {
          message = message.slice()
          message[at % message.length] = message[at % message.length]! ^ (delta & 0xff || 1)
        }
        expect(await verifyCredential(issuer.publicKey, message, signature)).toBe(false)
      },
    ),
    { numRuns: 40 },
  )
})

test('credentials: an issuer key is RSA-2048 with e = 65537 in the one DER spelling', async () => {
  const der = decodeBase64url(issuer.publicKey)!
  expect(der).toHaveLength(294)
  const refused = (bytes: Uint8Array) => checkIssuerKey(encodeBase64url(bytes))
  expect(refused(Uint8Array.of(...der, 0))).not.toBeNull() // a byte after the structure
  const pss = der.slice()
  pss[16] = 0x0a // id-RSASSA-PSS instead of rsaEncryption
  expect(refused(pss)).not.toBeNull()
  const exponent3 = der.slice()
  exponent3.set([0, 0, 3], der.length - 3)
  expect(refused(exponent3)).not.toBeNull()
  const even = der.slice()
  even[der.length - 6] = even[der.length - 6]! & 0xfe // the modulus made even
  expect(refused(even)).not.toBeNull()
  expect(checkIssuerKey('')).not.toBeNull()
  expect(checkIssuerKey('not a key')).not.toBeNull()
  const small = await crypto.subtle.generateKey(
    {
      name: 'RSA-PSS',
      modulusLength: 1024,
      publicExponent: Uint8Array.of(1, 0, 1),
      hash: 'SHA-384',
    },
    true,
    ['sign', 'verify'],
  )
  const smallSpki = new Uint8Array(await crypto.subtle.exportKey('spki', small.publicKey))
  expect(refused(smallSpki)).toMatch(/RSA-2048/)
  expect(rsaPublicKeyModulus(encodeBase64url(smallSpki))).toBeNull()
})

test('credentials: a blinded message must be 256 bytes and below the modulus (at n − 1, and at n)', () => {
  const n = rsaPublicKeyModulus(issuer.publicKey)!
  const below = n.slice()
  below[255] = below[255]! - 1
  expect(checkBlindedMessage(issuer.publicKey, encodeBase64url(below))).toBeNull()
  expect(checkBlindedMessage(issuer.publicKey, encodeBase64url(n))).toMatch(/below/)
  expect(checkBlindedMessage(issuer.publicKey, encodeBase64url(n.subarray(1)))).toMatch(/256 bytes/)
  expect(checkBlindedMessage(issuer.publicKey, '!')).toMatch(/256 bytes/)
})

test('credentials: an issuance is checked from the log alone, s^e mod n = m (the fold refuses a wrong one)', async () => {
  const message = credentialMessage('space-1', 'poll-1', 'one-time-key-2')
  const { blinded } = await blindCredential(issuer.publicKey, message)
  const blindSignature = await blindSignCredential(issuer.privateKey, blinded)
  expect(checkBlindSignature(issuer.publicKey, blinded, blindSignature)).toBe(true)
  // Another request's answer, a changed byte, s = n, a short one: refused.
  const other = await blindCredential(issuer.publicKey, credentialMessage('s', 'p', 'k'))
  const otherSignature = await blindSignCredential(issuer.privateKey, other.blinded)
  expect(checkBlindSignature(issuer.publicKey, blinded, otherSignature)).toBe(false)
  expect(checkBlindSignature(issuer.publicKey, blinded, flipChar(blindSignature, 40, 1))).toBe(
    false,
  )
  const n = rsaPublicKeyModulus(issuer.publicKey)!
  expect(checkBlindSignature(issuer.publicKey, blinded, encodeBase64url(n))).toBe(false)
  expect(checkBlindSignature(issuer.publicKey, blinded, blindSignature.slice(4))).toBe(false)
  // A platform's RSA (`rsaPublic`) is asked when given, and its answer decides.
  const asked: Uint8Array[] = []
  const echo = (_key: string, s: Uint8Array) => (asked.push(s), decodeBase64url(blinded))
  expect(checkBlindSignature(issuer.publicKey, blinded, otherSignature, echo)).toBe(true)
  expect(asked).toHaveLength(1)
})

test('credentials: the message names space, poll and one-time key on their own lines', () => {
  expect(new TextDecoder().decode(credentialMessage('s', 'p', 'k'))).toBe(
    'veche/secret-ballot/1\ns\np\nk',
  )
  expect(() => credentialMessage('s\np', '', 'k')).toThrow(/line break/)
})
