// Checking voting credentials, the verification step of RFC 9474 (§4.5: a credential is an
// ordinary RSASSA-PSS signature, SHA-384, MGF1-SHA-384, 48-byte salt) through WebCrypto, and the
// checks of what the log carries for them: the message a credential signs, an issuer's key (read by
// rsa-public-key.ts) and a blinded message. Kept apart from blind-credential.ts so the rules and
// verifiers need neither @cloudflare/blindrsa-ts nor its weight in the web app's first load.
import { decodeBase64url } from '../base64url.js'
import type { CredentialCheck } from '../signing.js'
import { rsaPublicKeyModulus } from './rsa-public-key.js'

/** Bytes of a poll's issuer key modulus (RSA-2048), and so of its blinded messages and credentials. */
export const ISSUER_KEY_BYTES = 256

/** The RSA-PSS salt length of RSABSSA-SHA384-PSS (RFC 9474 §5): the SHA-384 output length. */
export const CREDENTIAL_SALT_BYTES = 48

const RSA_PSS = { name: 'RSA-PSS', hash: 'SHA-384' } as const
const encoder = new TextEncoder()

/** The message a credential signs: it names the space, the poll and the one-time key. */
export function credentialMessage(space: string, poll: string, pseudonym: string): Uint8Array {
  if ([space, poll, pseudonym].some((part) => part.includes('\n'))) {
    throw new RangeError('a credential message part holds no line break')
  }
  return encoder.encode(`veche/secret-ballot/1\n${space}\n${poll}\n${pseudonym}`)
}

/**
 * Checks an issuer's key from outside: base64url of the DER SubjectPublicKeyInfo of an RSA key of
 * exactly 2048 bits with e = 65537 (read without WebCrypto: rsa-public-key.ts). Returns what is
 * wrong, or null.
 */
export function checkIssuerKey(key: string): string | null {
  return rsaPublicKeyModulus(key)?.length === ISSUER_KEY_BYTES
    ? null
    : 'an issuer key is an RSA-2048 public key with exponent 65537, as DER SubjectPublicKeyInfo in base64url'
}

/**
 * Checks a blinded message from outside against the issuer key it is for: as many bytes as the
 * modulus, in base64url, and as a number below it (RFC 9474 §4.3 refuses the rest). Returns what
 * is wrong, or null; throws if the key is not an RSA public key (check it first).
 */
export function checkBlindedMessage(issuerPublicKey: string, blinded: string): string | null {
  const n = rsaPublicKeyModulus(issuerPublicKey)
  if (n === null) throw new RangeError('checkBlindedMessage needs a checked issuer key')
  const m = typeof blinded === 'string' ? decodeBase64url(blinded) : null
  if (m === null || m.length !== n.length) {
    return `a blinded message is ${n.length} bytes in base64url`
  }
  return compareBytes(m, n) < 0 ? null : "a blinded message is below the issuer key's modulus"
}

/**
 * Whether `signature` is the issuer's blind signature on `blinded` (RFC 9474 §4.3: s^e mod n = m):
 * what the issuer's own device checks after signing, and anyone can check from the log, since the
 * blinded message, the signature and the key are all in it. A wrong one gives the member nothing to
 * unblind, yet would count as issued; the rules refuse it. Both as many bytes as the modulus.
 */
export function checkBlindSignature(
  issuerPublicKey: string,
  blinded: string,
  signature: string,
  rsaPublic?: RsaPublic,
): boolean {
  const modulus = rsaPublicKeyModulus(issuerPublicKey)
  const m = decodeBase64url(blinded)
  const s = decodeBase64url(signature)
  if (modulus === null || m === null || s === null) return false
  if (m.length !== modulus.length || s.length !== modulus.length) return false
  if (rsaPublic !== undefined) {
    const power = rsaPublic(issuerPublicKey, s)
    return power !== null && power.length === m.length && compareBytes(power, m) === 0
  }
  const n = bytesToBigInt(modulus)
  const sig = bytesToBigInt(s)
  if (sig >= n) return false
  // e = 65537 = 2^16 + 1 (checked with the key): sixteen squarings and one product.
  let power = sig
  for (let i = 0; i < 16; i++) power = (power * power) % n
  return (power * sig) % n === bytesToBigInt(m)
}

/**
 * RSA's public operation (RFC 8017 RSAVP1): s^e mod n under an issuer key text, as many bytes as the
 * modulus, or null when the key is not one `rsaPublicKeyModulus` accepts or s is not below n. A
 * platform's faster one (OpenSSL's) for `checkBlindSignature`; the same function.
 */
export type RsaPublic = (issuerPublicKey: string, signature: Uint8Array) => Uint8Array | null

function bytesToBigInt(bytes: Uint8Array): bigint {
  let hex = ''
  for (const byte of bytes) hex += byte.toString(16).padStart(2, '0')
  return hex.length === 0 ? 0n : BigInt(`0x${hex}`)
}

/** Whether `signature` is the issuer's credential on `message` (RFC 9474 §4.5, RSASSA-PSS). */
export async function verifyCredential(
  issuerPublicKey: string,
  message: Uint8Array,
  signature: string,
): Promise<boolean> {
  const [ok] = await verifyCredentialsWithWebCrypto([
    { publicKey: issuerPublicKey, message, signature },
  ])
  return ok!
}

/**
 * Checks many credentials with WebCrypto, importing each distinct issuer key once per call. A key
 * that `rsaPublicKeyModulus` refuses, or a signature not as long as its modulus, is simply false,
 * so every platform gives the same answers.
 */
export async function verifyCredentialsWithWebCrypto(
  checks: readonly CredentialCheck[],
): Promise<boolean[]> {
  const keys = new Map<string, Promise<CryptoKey | null>>()
  const keyFor = (text: string): Promise<CryptoKey | null> => {
    let key = keys.get(text)
    if (key === undefined) {
      key = importCredentialKey(text).catch(() => null)
      keys.set(text, key)
    }
    return key
  }
  return Promise.all(
    checks.map(async ({ publicKey, message, signature }) => {
      const n = rsaPublicKeyModulus(publicKey)
      const sig = typeof signature === 'string' ? decodeBase64url(signature) : null
      if (n === null || sig === null || sig.length !== n.length) return false
      const key = await keyFor(publicKey)
      if (key === null) return false
      try {
        return await crypto.subtle.verify(
          { name: 'RSA-PSS', saltLength: CREDENTIAL_SALT_BYTES },
          key,
          buffer(sig),
          buffer(message),
        )
      } catch {
        return false
      }
    }),
  )
}

/**
 * Imports an RSA public key text for WebCrypto as RSA-PSS with SHA-384, extractable (blindrsa-ts
 * reads n and e back out of it); throws if `rsaPublicKeyModulus` refuses it.
 */
export async function importCredentialKey(text: string): Promise<CryptoKey> {
  if (rsaPublicKeyModulus(text) === null)
    throw new RangeError('not an RSA public key with e = 65537')
  return crypto.subtle.importKey('spki', buffer(decodeBase64url(text)!), RSA_PSS, true, ['verify'])
}

/** Compares two byte strings of one length as big-endian numbers. */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!
  return 0
}

/** A copy of `bytes` in its own ArrayBuffer, as WebCrypto takes it. */
export function buffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer
}
