// Ed25519 (and the RSA-PSS of voting credentials) through WebCrypto (`crypto.subtle`), available
// in browsers and in Node 20 alike. The hub and the CLI use node:crypto instead (faster,
// synchronous); this one serves the web app and any platform without Node.
import { decodeBase64url, encodeBase64url } from './base64url.js'
import type { PublicKey } from './ids.js'
import { verifyCredentialsWithWebCrypto } from './secret/credential-check.js'
import type { SignatureVerifier, Signer } from './signing.js'

const ED25519 = { name: 'Ed25519' } as const

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer
}

/** Verifies Ed25519 signatures and voting credentials (RSA-PSS) with WebCrypto. */
export const webCryptoVerifier: SignatureVerifier = {
  verifyAll(checks) {
    return Promise.all(
      checks.map((check) => verifyOne(check.publicKey, check.message, check.signature)),
    )
  },
  verifyCredentials: verifyCredentialsWithWebCrypto,
}

async function verifyOne(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): Promise<boolean> {
  try {
    const key = await crypto.subtle.importKey('raw', toBuffer(publicKey), ED25519, false, [
      'verify',
    ])
    return await crypto.subtle.verify(ED25519, key, toBuffer(signature), toBuffer(message))
  } catch {
    return false
  }
}

/** A new key pair; the private key stays non-extractable unless `extractable` is set (for backups). */
export async function generateWebCryptoSigner(
  extractable = false,
): Promise<Signer & { keyPair: CryptoKeyPair }> {
  const keyPair = await crypto.subtle.generateKey(ED25519, extractable, ['sign', 'verify'])
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', keyPair.publicKey))
  return {
    keyPair,
    publicKey: encodeBase64url(raw) as PublicKey,
    async sign(message) {
      return new Uint8Array(
        await crypto.subtle.sign(ED25519, keyPair.privateKey, toBuffer(message)),
      )
    },
  }
}

/** Decodes a base64url public key to raw bytes, or null if it is not 32 bytes. */
export function publicKeyBytes(key: string): Uint8Array | null {
  const bytes = decodeBase64url(key)
  return bytes !== null && bytes.length === 32 ? bytes : null
}
