// Branded identifiers. Every id is base64url text: events and state hashes are SHA-256 (43
// characters), public keys are raw Ed25519 keys (43), signatures 64 bytes (86), space ids 16 bytes
// (22). The brands keep one kind of id from being passed where another is meant.

/** Id of an event: base64url of the SHA-256 of its canonical signed bytes. */
export type EventId = string & { readonly __brand: 'EventId' }
/** Id of a space (assembly or council): derived from its founder's key and a nonce. */
export type SpaceId = string & { readonly __brand: 'SpaceId' }
/** An Ed25519 public key, raw 32 bytes as base64url. */
export type PublicKey = string & { readonly __brand: 'PublicKey' }
/** An Ed25519 signature, 64 bytes as base64url. */
export type Signature = string & { readonly __brand: 'Signature' }
/** Hash of a space's state: base64url SHA-256 of the canonical state view. */
export type StateHash = string & { readonly __brand: 'StateHash' }

/** Base64url text of exactly `bytes` bytes, without padding. */
export function base64urlPattern(bytes: number): RegExp {
  const chars = Math.ceil((bytes * 4) / 3)
  return new RegExp(`^[A-Za-z0-9_-]{${chars}}$`)
}

export const EVENT_ID_PATTERN = base64urlPattern(32)
export const PUBLIC_KEY_PATTERN = base64urlPattern(32)
export const SIGNATURE_PATTERN = base64urlPattern(64)
export const SPACE_ID_PATTERN = base64urlPattern(16)
