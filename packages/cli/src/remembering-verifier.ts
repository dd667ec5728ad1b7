// A signature verifier that remembers what it checked, for commands that check the same events
// twice: bundle import checks the whole bundle first (so a tampered bundle writes nothing) and
// then writes it, and the second pass should not pay for Ed25519 again. A verdict is reused only
// for the very same key, message and signature (compared byte for byte). Voting credentials go
// straight to `inner`: an RSA-PSS check costs less than remembering it would save.
import type { SignatureCheck, SignatureVerifier } from '@veche/core'

interface Verdict {
  readonly publicKey: Uint8Array
  readonly message: Uint8Array
  readonly ok: boolean
}

function same(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b)
}

/** Wraps `inner`; remembers every verdict, keyed by the signature. */
export function rememberingVerifier(inner: SignatureVerifier): SignatureVerifier {
  const verdicts = new Map<string, Verdict>()
  const keyOf = (check: SignatureCheck): string => Buffer.from(check.signature).toString('base64')
  const known = (check: SignatureCheck): boolean | undefined => {
    const verdict = verdicts.get(keyOf(check))
    if (verdict === undefined) return undefined
    return same(verdict.publicKey, check.publicKey) && same(verdict.message, check.message)
      ? verdict.ok
      : undefined
  }
  return {
    async verifyAll(checks) {
      const results = checks.map(known)
      const fresh = checks.filter((_, i) => results[i] === undefined)
      const checked = fresh.length === 0 ? [] : await inner.verifyAll(fresh)
      let next = 0
      return checks.map((check, i) => {
        const result = results[i]
        if (result !== undefined) return result
        const ok = checked[next++]!
        verdicts.set(keyOf(check), { publicKey: check.publicKey, message: check.message, ok })
        return ok
      })
    },
    verifyCredentials: (checks) => inner.verifyCredentials(checks),
  }
}
