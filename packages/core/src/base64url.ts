// Base64url (RFC 4648 §5, no padding) without Node or browser globals, so core stays pure.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
const LOOKUP = new Int16Array(128).fill(-1)
for (let i = 0; i < ALPHABET.length; i++) LOOKUP[ALPHABET.charCodeAt(i)] = i

const CODES = new Uint8Array(64)
for (let i = 0; i < ALPHABET.length; i++) CODES[i] = ALPHABET.charCodeAt(i)
/** Characters per `String.fromCharCode` call: well below any engine's limit on arguments. */
const CHUNK = 8192

/**
 * Encodes bytes as base64url without padding. The text is made in one piece from its character
 * codes, not by concatenation: a concatenated string is a rope, and an id kept as a rope makes
 * every later comparison with it (a chain's `prev`, a map lookup by id) take V8's slow path.
 */
export function encodeBase64url(bytes: Uint8Array): string {
  const codes = new Uint8Array(Math.ceil((bytes.length * 4) / 3))
  let o = 0
  let i = 0
  for (; i + 2 < bytes.length; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!
    codes[o++] = CODES[n >> 18]!
    codes[o++] = CODES[(n >> 12) & 63]!
    codes[o++] = CODES[(n >> 6) & 63]!
    codes[o++] = CODES[n & 63]!
  }
  const rest = bytes.length - i
  if (rest === 1) {
    const n = bytes[i]! << 16
    codes[o++] = CODES[n >> 18]!
    codes[o++] = CODES[(n >> 12) & 63]!
  } else if (rest === 2) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8)
    codes[o++] = CODES[n >> 18]!
    codes[o++] = CODES[(n >> 12) & 63]!
    codes[o++] = CODES[(n >> 6) & 63]!
  }
  if (o <= CHUNK) return String.fromCharCode.apply(null, codes as unknown as number[])
  let out = ''
  for (let s = 0; s < o; s += CHUNK)
    out += String.fromCharCode.apply(null, codes.subarray(s, s + CHUNK) as unknown as number[])
  return out
}

/** Decodes unpadded base64url; returns null for any character outside the alphabet or a bad length. */
export function decodeBase64url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null
  const out = new Uint8Array(Math.floor((text.length * 3) / 4))
  let bits = 0
  let value = 0
  let o = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    const digit = code < 128 ? LOOKUP[code]! : -1
    if (digit < 0) return null
    value = (value << 6) | digit
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (value >> bits) & 0xff
    }
  }
  // Non-canonical encodings (stray low bits) would give two spellings of one key: refuse them.
  if ((value & ((1 << bits) - 1)) !== 0) return null
  return out
}
