// Voting credentials on Node through OpenSSL (node:crypto): an issuer's blind signature (RFC 9474
// §4.3 BlindSign) and the credential check the hub and the CLI verifiers use (§4.5, RSASSA-PSS
// with SHA-384 and a 48-byte salt). Core's blindrsa-ts path does the same arithmetic in JavaScript,
// about a thousand times slower; the results are identical (node-blind-rsa.test.ts).
//
// BlindSign is RSASP1, s = m^d mod n, which is OpenSSL's raw private operation
// (`privateDecrypt` with RSA_NO_PADDING: CRT, with OpenSSL's blinding against timing), followed by
// the RFC's check that s^e = m (`publicEncrypt` with RSA_NO_PADDING), so a fault never lets a
// wrong signature, which could leak the key, leave the issuer.
import {
  constants,
  createPrivateKey,
  createPublicKey,
  privateDecrypt,
  publicEncrypt,
  verify,
} from 'node:crypto'
import type { KeyObject } from 'node:crypto'
import {
  CREDENTIAL_SALT_BYTES,
  decodeBase64url,
  encodeBase64url,
  rsaPublicKeyModulus,
} from '@veche/core/replay'
import type { CredentialCheck } from '@veche/core'

/** Issuer keys kept parsed; a poll has at most three, a hub a few polls at a time. */
const ISSUER_CACHE_LIMIT = 64

/** Public keys kept parsed for credential checks (each poll has one per issuer). */
const CREDENTIAL_KEY_CACHE_LIMIT = 1024

interface IssuerKey {
  readonly privateKey: KeyObject
  readonly publicKey: KeyObject
  readonly modulus: Uint8Array
}

const issuerKeys = new Map<string, IssuerKey>()
const credentialKeys = new Map<string, KeyObject | null>()
const modulusLengths = new Map<string, number | null>()

/**
 * The issuer's blind signature on a blinded message (RFC 9474 §4.3), through OpenSSL. Throws for a
 * key that is not a PKCS#8 RSA key with e = 65537 of a size core's `rsaPublicKeyModulus` accepts,
 * or a blinded message that `checkBlindedMessage` refuses (not as long as the modulus, or not
 * below it): requests are checked before an issuer signs them, so either is a programming error.
 */
export function nodeBlindSign(privateKey: string, blinded: string): string {
  const key = issuerKey(privateKey)
  const m = decodeBase64url(blinded)
  if (m === null || m.length !== key.modulus.length) {
    throw new RangeError(`a blinded message for this key is ${key.modulus.length} bytes`)
  }
  if (Buffer.compare(m, key.modulus) >= 0) {
    throw new RangeError("a blinded message must be below the issuer key's modulus")
  }
  const s = privateDecrypt({ key: key.privateKey, padding: constants.RSA_NO_PADDING }, m)
  const back = publicEncrypt({ key: key.publicKey, padding: constants.RSA_NO_PADDING }, s)
  if (s.length !== m.length || !back.equals(m)) {
    throw new Error('signing failure: s^e differs from the blinded message (RFC 9474 §4.3)')
  }
  return encodeBase64url(s)
}

/**
 * Whether one credential holds (RFC 9474 §4.5), through OpenSSL on the calling thread. A key that
 * core's `rsaPublicKeyModulus` refuses, or a signature not as long as its modulus, is false.
 */
export function verifyCredentialNode(check: CredentialCheck): boolean {
  const key = credentialKeyObject(check.publicKey)
  const signature = credentialSignatureBytes(check)
  if (key === null || signature === null) return false
  try {
    return verify('sha384', check.message, pssKey(key), signature)
  } catch {
    return false
  }
}

/**
 * s^e mod n under an issuer key text, through OpenSSL (core's `RsaPublic`, for checking an
 * issuer's blind signature): null when core refuses the key, or s is not as long as the modulus or
 * not below it (OpenSSL refuses it).
 */
export function nodeRsaPublic(publicKey: string, signature: Uint8Array): Uint8Array | null {
  const key = credentialKeyObject(publicKey)
  if (key === null || signature.length !== modulusLength(publicKey)) return null
  try {
    return new Uint8Array(
      publicEncrypt({ key, padding: constants.RSA_NO_PADDING }, Buffer.from(signature)),
    )
  } catch {
    return null
  }
}

/** The parsed public key of a key text, or null if core's `rsaPublicKeyModulus` refuses it. */
export function credentialKeyObject(text: string): KeyObject | null {
  const cached = credentialKeys.get(text)
  if (cached !== undefined) return cached
  let key: KeyObject | null = null
  if (rsaPublicKeyModulus(text) !== null) {
    try {
      key = createPublicKey({
        key: Buffer.from(decodeBase64url(text)!),
        format: 'der',
        type: 'spki',
      })
    } catch {
      key = null
    }
  }
  if (credentialKeys.size >= CREDENTIAL_KEY_CACHE_LIMIT) credentialKeys.clear()
  credentialKeys.set(text, key)
  return key
}

/** A credential's signature bytes, or null unless they are as long as its key's modulus. */
export function credentialSignatureBytes(check: CredentialCheck): Uint8Array | null {
  const n = modulusLength(check.publicKey)
  const bytes = typeof check.signature === 'string' ? decodeBase64url(check.signature) : null
  return n !== null && bytes !== null && bytes.length === n ? bytes : null
}

/** The modulus length of a key text, or null if core refuses it; read once per key (a poll's
 * thousands of credentials share one or a few keys). */
function modulusLength(text: string): number | null {
  const cached = modulusLengths.get(text)
  if (cached !== undefined) return cached
  const length = rsaPublicKeyModulus(text)?.length ?? null
  if (modulusLengths.size >= CREDENTIAL_KEY_CACHE_LIMIT) modulusLengths.clear()
  modulusLengths.set(text, length)
  return length
}

function pssKey(key: KeyObject) {
  return { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: CREDENTIAL_SALT_BYTES }
}

function issuerKey(text: string): IssuerKey {
  const cached = issuerKeys.get(text)
  if (cached !== undefined) return cached
  const der = decodeBase64url(text)
  if (der === null) throw new RangeError('an issuer private key is PKCS#8 DER in base64url')
  const privateKey = createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' })
  const publicKey = createPublicKey(privateKey)
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const modulus =
    privateKey.asymmetricKeyType === 'rsa' ? rsaPublicKeyModulus(encodeBase64url(spki)) : null
  if (modulus === null) throw new RangeError('an issuer key is RSA with exponent 65537')
  const key = { privateKey, publicKey, modulus }
  if (issuerKeys.size >= ISSUER_CACHE_LIMIT) issuerKeys.clear()
  issuerKeys.set(text, key)
  return key
}
