import { signingBytes, decodeBase64url } from '@veche/core'
import type { SignatureCheck, SignatureVerifier } from '@veche/core'
import { nodeVerifier } from '@veche/store'
import { expect, test } from 'vitest'
import { signedAssembly } from '../../server/src/test-support/signed-assembly.js'
import { rememberingVerifier } from './remembering-verifier.js'

test('remembering verifier: a second check of the same bytes is not redone; other bytes are', async () => {
  let checked = 0
  const counting: SignatureVerifier = {
    verifyAll: (checks) => {
      checked += checks.length
      return nodeVerifier.verifyAll(checks)
    },
    verifyCredentials: (checks) => nodeVerifier.verifyCredentials(checks),
  }
  const verifier = rememberingVerifier(counting)
  const { events } = await signedAssembly(3)
  const checks: SignatureCheck[] = events.map((e) => ({
    publicKey: decodeBase64url(e.author)!,
    message: signingBytes(e),
    signature: decodeBase64url(e.sig)!,
  }))
  expect(await verifier.verifyAll(checks)).toEqual([true, true, true, true])
  expect(
    await verifier.verifyAll(checks.map((c) => ({ ...c, message: c.message.slice() }))),
  ).toEqual([true, true, true, true])
  expect(checked).toBe(4)
  // The same signature over altered bytes is checked afresh, and fails.
  const altered = { ...checks[1]!, message: signingBytes({ ...events[1]!, at: 1 }) }
  expect(await verifier.verifyAll([altered])).toEqual([false])
  expect(checked).toBe(5)
})
