import { constants, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto'
import {
  blindCredential,
  blindSignCredential,
  credentialMessage,
  decodeBase64url,
  encodeBase64url,
  finalizeCredential,
  generateIssuerKey,
  rsaPublicKeyModulus,
  webCryptoVerifier,
} from '@veche/core'
import type { CredentialCheck } from '@veche/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import {
  RFC9474_DETERMINISTIC as V,
  rfc9474Keys,
} from '../../core/src/test-support/rfc9474-vector.js'
import { bytesHex, hexBytes } from '../../core/src/test-support/secret-fixtures.js'
import { nodeBlindSign } from './node-blind-rsa.js'
import { nodeVerifier } from './node-ed25519.js'
import { createParallelVerifier } from './parallel-verifier.js'

const parallel = createParallelVerifier(1)
afterAll(() => parallel.close())

let issuer: { publicKey: string; privateKey: string }
beforeAll(async () => {
  issuer = await generateIssuerKey()
})

test('node blind sign: RFC 9474 Appendix A blind_sig through OpenSSL; sig verifies on every verifier', async () => {
  const keys = await rfc9474Keys()
  const blindSignature = nodeBlindSign(keys.privateKey, encodeBase64url(hexBytes(V.blinded_msg)))
  expect(bytesHex(decodeBase64url(blindSignature)!)).toBe(V.blind_sig)
  const check = {
    publicKey: keys.publicKey,
    message: hexBytes(V.msg),
    signature: encodeBase64url(hexBytes(V.sig)),
  }
  const altered = { ...check, message: hexBytes(V.msg).map((b, i) => (i === 0 ? b ^ 1 : b)) }
  for (const verifier of [nodeVerifier, parallel, webCryptoVerifier]) {
    expect(await verifier.verifyCredentials([check, altered])).toEqual([true, false])
  }
})

test("node blind sign: the same blind signature as blindrsa-ts's, and it finalizes into a credential", async () => {
  const message = credentialMessage('space-1', 'poll-1', 'one-time-key-1')
  const { blinded, inverse } = await blindCredential(issuer.publicKey, message)
  const fromOpenSsl = nodeBlindSign(issuer.privateKey, blinded)
  expect(fromOpenSsl).toBe(await blindSignCredential(issuer.privateKey, blinded))
  const signature = await finalizeCredential(issuer.publicKey, message, fromOpenSsl, inverse)
  expect(signature).not.toBeNull()
  const check = { publicKey: issuer.publicKey, message, signature: signature! }
  expect(await nodeVerifier.verifyCredentials([check])).toEqual([true])
})

test('node blind sign: refuses a blinded message at the modulus or above it, or of another length', () => {
  const n = rsaPublicKeyModulus(issuer.publicKey)!
  const below = n.slice()
  below[255] = below[255]! - 1
  expect(decodeBase64url(nodeBlindSign(issuer.privateKey, encodeBase64url(below)))).toHaveLength(
    256,
  )
  const sign = (bytes: Uint8Array) => () => nodeBlindSign(issuer.privateKey, encodeBase64url(bytes))
  expect(sign(n)).toThrow(/below the issuer key's modulus/)
  expect(sign(new Uint8Array(256).fill(0xff))).toThrow(/below/)
  expect(sign(below.subarray(1))).toThrow(/256 bytes/)
  expect(() => nodeBlindSign('not a key', encodeBase64url(below))).toThrow()
})

test('credential verifiers: node, worker threads and WebCrypto give the same verdicts, in order', async () => {
  const pem = createPrivateKey({
    key: Buffer.from(decodeBase64url(issuer.privateKey)!),
    format: 'der',
    type: 'pkcs8',
  })
  const small = generateKeyPairSync('rsa', { modulusLength: 1024 })
  const smallKey = encodeBase64url(small.publicKey.export({ format: 'der', type: 'spki' }))
  const pss = { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }
  const checks: CredentialCheck[] = []
  let expected = 0
  for (let i = 0; i < 150; i++) {
    const message = credentialMessage('space-1', 'poll-1', `one-time-key-${i}`)
    const signature = sign('sha384', message, { key: pem, ...pss })
    if (i % 7 === 0) signature[9] = signature[9]! ^ 1 // damaged
    let check: CredentialCheck = {
      publicKey: issuer.publicKey,
      message,
      signature: encodeBase64url(signature),
    }
    if (i % 11 === 0) check = { ...check, message: credentialMessage('space-1', 'poll-2', `k${i}`) }
    if (i % 13 === 0) {
      // A valid signature under a key too small to be a credential key.
      const smallSignature = sign('sha384', message, { key: small.privateKey, ...pss })
      check = { publicKey: smallKey, message, signature: encodeBase64url(smallSignature) }
    }
    if (i === 20) check = { ...check, signature: 'not base64url!' }
    if (i === 30) check = { ...check, signature: check.signature.slice(0, 40) }
    if (i % 7 !== 0 && i % 11 !== 0 && i % 13 !== 0 && i !== 20 && i !== 30) expected++
    checks.push(check)
  }
  const verdicts = await nodeVerifier.verifyCredentials(checks)
  expect(verdicts.filter(Boolean)).toHaveLength(expected)
  expect(await parallel.verifyCredentials(checks)).toEqual(verdicts)
  expect(await webCryptoVerifier.verifyCredentials(checks)).toEqual(verdicts)
  expect(await parallel.verifyCredentials(checks.slice(0, 3))).toEqual(verdicts.slice(0, 3))
})
