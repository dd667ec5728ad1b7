// Ed25519 signature checks through WebCrypto for many events at once, as a large assembly's first
// visit needs (100,000 events from about 1,000 authors). The same checks as core's
// `webCryptoVerifier`, with two savings that change no verdict: each author's public key is
// imported once per batch instead of once per signature (an import costs about what a verify
// does), and checks go to WebCrypto in slices, so a batch of 100,000 does not queue 100,000
// promises at once. A key that fails to import fails every check that names it.
import type { SignatureCheck } from '@veche/core'

const ED25519 = { name: 'Ed25519' } as const
/** How many checks are in flight at once: enough to keep WebCrypto's thread busy. */
const SLICE = 2_000

function toBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer
}

/**
 * Verifies Ed25519 signatures with each public key imported once per call (a `verifyAll`; it
 * imports nothing, so loading it lazily moves none of core's code out of the first load).
 */
export async function verifyAllKeyed(checks: readonly SignatureCheck[]): Promise<boolean[]> {
  const keys = new Map<string, Promise<CryptoKey | null>>()
  const keyOf = (raw: Uint8Array): Promise<CryptoKey | null> => {
    const name = String.fromCharCode(...raw)
    let key = keys.get(name)
    if (key === undefined) {
      key = crypto.subtle
        .importKey('raw', toBuffer(raw), ED25519, false, ['verify'])
        .catch(() => null)
      keys.set(name, key)
    }
    return key
  }
  const verify = async (check: SignatureCheck): Promise<boolean> => {
    const key = await keyOf(check.publicKey)
    if (key === null) return false
    try {
      return await crypto.subtle.verify(
        ED25519,
        key,
        toBuffer(check.signature),
        toBuffer(check.message),
      )
    } catch {
      return false
    }
  }
  const verdicts: boolean[] = []
  for (let i = 0; i < checks.length; i += SLICE)
    verdicts.push(...(await Promise.all(checks.slice(i, i + SLICE).map(verify))))
  return verdicts
}
