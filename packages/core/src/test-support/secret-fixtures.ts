// Helpers for the secret-ballot tests: deterministic random bytes, hex, one-character tampering.
import { sha512 } from '@noble/hashes/sha2.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/** `text` with the character at `at` (mod length) moved `delta` (1–63) places along base64url's alphabet. */
export function flipChar(text: string, at: number, delta: number): string {
  const i = at % text.length
  const next = ALPHABET[(ALPHABET.indexOf(text[i]!) + delta) % 64]!
  return text.slice(0, i) + next + text.slice(i + 1)
}

/** `length` bytes determined by `seed` (SHA-512 in counter mode), so a failing case replays. */
export function seededBytes(seed: string, length: number): Uint8Array {
  const out = new Uint8Array(length)
  const encoder = new TextEncoder()
  for (let block = 0; block * 64 < length; block++) {
    const digest = sha512(encoder.encode(`${seed}/${block}`))
    out.set(digest.subarray(0, Math.min(64, length - block * 64)), block * 64)
  }
  return out
}

/** Bytes of a hex text. */
export function hexBytes(hex: string): Uint8Array {
  return Uint8Array.from(hex.match(/../g) ?? [], (pair) => parseInt(pair, 16))
}

/** Hex text of bytes. */
export function bytesHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}
