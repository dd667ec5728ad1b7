// Reads an RSA public key from its DER SubjectPublicKeyInfo (RFC 5280 §4.1, RFC 8017 Appendix
// A.1.1, RFC 3279 §2.3.1) without WebCrypto, so a key from the log is judged the same way on every
// platform, synchronously, before any library sees it. Only the one spelling WebCrypto and OpenSSL
// export is accepted: algorithm rsaEncryption with NULL parameters, DER's minimal lengths and
// integers, nothing after the structure, e = 65537, and a modulus of exactly 2048, 3072 or 4096
// bits (a poll's issuer key is 2048 bits; RFC 9474's test vectors use 4096).
import { decodeBase64url } from '../base64url.js'

/** Modulus lengths, in bytes, a credential key may have. */
export const RSA_MODULUS_BYTES: readonly number[] = [256, 384, 512]

const SEQUENCE = 0x30
const INTEGER = 0x02
const BIT_STRING = 0x03
// AlgorithmIdentifier { rsaEncryption (1.2.840.113549.1.1.1), NULL }, as its full DER.
const RSA_ENCRYPTION = Uint8Array.of(
  0x30,
  0x0d,
  0x06,
  0x09,
  0x2a,
  0x86,
  0x48,
  0x86,
  0xf7,
  0x0d,
  0x01,
  0x01,
  0x01,
  0x05,
  0x00,
)
const EXPONENT_65537 = Uint8Array.of(0x01, 0x00, 0x01)

interface Element {
  readonly tag: number
  /** Where the content starts and ends (exclusive). */
  readonly start: number
  readonly end: number
}

/** The modulus n (big-endian, no leading zero) of an RSA public key text, or null if refused. */
export function rsaPublicKeyModulus(key: string): Uint8Array | null {
  if (typeof key !== 'string' || key.length > 1024) return null
  const der = decodeBase64url(key)
  if (der === null) return null
  const spki = readElement(der, 0)
  if (spki?.tag !== SEQUENCE || spki.end !== der.length) return null
  const algorithm = der.subarray(spki.start, spki.start + RSA_ENCRYPTION.length)
  if (!equal(algorithm, RSA_ENCRYPTION)) return null
  const bits = readElement(der, spki.start + RSA_ENCRYPTION.length)
  if (bits?.tag !== BIT_STRING || bits.end !== spki.end || der[bits.start] !== 0) return null
  const rsaKey = readElement(der, bits.start + 1)
  if (rsaKey?.tag !== SEQUENCE || rsaKey.end !== bits.end) return null
  const modulus = readElement(der, rsaKey.start)
  if (modulus?.tag !== INTEGER) return null
  const exponent = readElement(der, modulus.end)
  if (exponent?.tag !== INTEGER || exponent.end !== rsaKey.end) return null
  if (!equal(der.subarray(exponent.start, exponent.end), EXPONENT_65537)) return null
  // A positive DER integer whose top bit is set starts with one zero byte, and only then.
  if (der[modulus.start] !== 0) return null
  const n = der.subarray(modulus.start + 1, modulus.end)
  const fits = RSA_MODULUS_BYTES.includes(n.length) && n[0]! >= 0x80 && (n[n.length - 1]! & 1) === 1
  return fits ? n : null
}

/** The DER element at `offset`, or null unless its length is in DER's minimal form and fits. */
function readElement(der: Uint8Array, offset: number): Element | null {
  if (offset + 2 > der.length) return null
  const tag = der[offset]!
  const first = der[offset + 1]!
  let length = first
  let start = offset + 2
  if (first >= 0x80) {
    const count = first & 0x7f
    if (count < 1 || count > 2 || start + count > der.length) return null
    length = 0
    for (let i = 0; i < count; i++) length = length * 256 + der[start + i]!
    start += count
    if (length < 0x80 || (count === 2 && length < 0x100)) return null
  }
  const end = start + length
  return end <= der.length ? { tag, start, end } : null
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i])
}
