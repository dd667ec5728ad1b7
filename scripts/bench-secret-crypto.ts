// Secret-ballot building blocks (`npm run bench -- secret-crypto`): the time of one call of each
// step in packages/core/src/secret and of the Node issuer and verifiers, in milliseconds. `ratio`
// compares it with one Ed25519 verification through node:crypto measured in the same run (the
// floor: what checking one ordinary event's signature costs). Each figure is the best of a few
// rounds: this machine is shared and noisy.
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import {
  blindCredential,
  blindSignCredential,
  checkDealing,
  checkRevealedShare,
  combineRevealedShares,
  credentialMessage,
  dealTellerShares,
  dealingRandomBytes,
  decryptVote,
  encryptVote,
  finalizeCredential,
  generateIssuerKey,
  pollPublicKey,
  tellerKeyPair,
  tellerPublicShare,
  tellerSecretShare,
  webCryptoVerifier,
} from '@veche/core'
import type { CredentialCheck } from '@veche/core'
import { createParallelVerifier, nodeBlindSign, nodeVerifier } from '@veche/store'
import { emitBench } from './bench-line.js'

const ROUNDS = 3

/** Milliseconds per call of `fn`, best of ROUNDS rounds of `calls` calls. */
async function perCall(calls: number, fn: (i: number) => unknown): Promise<number> {
  let best = Infinity
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint()
    for (let i = 0; i < calls; i++) await fn(i)
    best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6 / calls)
  }
  return best
}

const ed = generateKeyPairSync('ed25519')
const edMessage = randomBytes(200)
const edSignature = sign(null, edMessage, ed.privateKey)
const floor = await perCall(2000, () => verify(null, edMessage, ed.publicKey, edSignature))

function report(bench: string, ms: number, extra: Record<string, unknown> = {}): void {
  emitBench({
    bench: `secret-crypto ${bench}`,
    value: Number(ms.toFixed(4)),
    unit: 'ms',
    ratio: Number((ms / floor).toFixed(1)),
    ...extra,
  })
}

// Tellers: five tellers, quorum three.
const context = 'space/poll'
const members = ['t1', 't2', 't3', 't4', 't5']
const keys = members.map(() => tellerKeyPair(randomBytes(64)))
const tellers = members.map((key, i) => ({ key, encryptionKey: keys[i]!.publicKey }))
const deal = () =>
  dealTellerShares({ context, quorum: 3, tellers, random: randomBytes(dealingRandomBytes(3, 5)) })
report('dealTellerShares k=3 n=5', await perCall(20, deal))
const dealings = members.map(deal)
report(
  'checkDealing k=3 n=5',
  await perCall(50, (i) => checkDealing(dealings[i % 5], 3, members, context)),
)
report(
  'tellerSecretShare n=5 (opens 5 shares)',
  await perCall(20, () => tellerSecretShare(dealings, context, 2, 't2', keys[1]!.secret)),
)
const shares = [1, 3, 5].map((index) => ({
  index,
  share: tellerSecretShare(dealings, context, index, members[index - 1]!, keys[index - 1]!.secret)!,
}))
const publicShare = tellerPublicShare(dealings, 3)
report(
  'checkRevealedShare',
  await perCall(200, () => checkRevealedShare(shares[1]!.share, publicShare)),
)
report('combineRevealedShares k=3', await perCall(2000, () => combineRevealedShares(shares, 3)))

// Ballots.
const y = pollPublicKey(dealings)
const x = combineRevealedShares(shares, 3)
const ballotContext = { space: 'space', poll: 'poll', pseudonym: 'one-time-key' }
const vote = { ranking: ['Amina', 'Bohdan', 'Chiara'] }
report(
  'encryptVote',
  await perCall(200, () => encryptVote(y, vote, ballotContext, randomBytes(64))),
)
const ciphertexts = Array.from({ length: 200 }, () =>
  encryptVote(y, vote, ballotContext, randomBytes(64)),
)
report('decryptVote', await perCall(200, (i) => decryptVote(x, ciphertexts[i]!, ballotContext)))

// Credentials: an RSA-2048 issuer key.
const issuer = await generateIssuerKey()
const message = credentialMessage('space', 'poll', 'one-time-key')
report(
  'blindCredential (phone, blindrsa-ts)',
  await perCall(20, () => blindCredential(issuer.publicKey, message)),
)
const blinds = await Promise.all(
  Array.from({ length: 200 }, () => blindCredential(issuer.publicKey, message)),
)
report(
  'nodeBlindSign (OpenSSL)',
  await perCall(200, (i) => nodeBlindSign(issuer.privateKey, blinds[i]!.blinded)),
)
report(
  'blindSignCredential (blindrsa-ts, JavaScript)',
  await perCall(2, (i) => blindSignCredential(issuer.privateKey, blinds[i]!.blinded)),
)
const { blinded, inverse } = blinds[0]!
const blindSignature = nodeBlindSign(issuer.privateKey, blinded)
report(
  'finalizeCredential (phone, blindrsa-ts)',
  await perCall(20, () => finalizeCredential(issuer.publicKey, message, blindSignature, inverse)),
)
const signature = (await finalizeCredential(issuer.publicKey, message, blindSignature, inverse))!
const batch: CredentialCheck[] = Array.from({ length: 2000 }, () => ({
  publicKey: issuer.publicKey,
  message,
  signature,
}))
report(
  'verifyCredentials per check, node:crypto',
  (await perCall(1, () => nodeVerifier.verifyCredentials(batch))) / batch.length,
)
const parallel = createParallelVerifier()
await parallel.verifyCredentials(batch) // starts the workers
report(
  'verifyCredentials per check, worker threads',
  (await perCall(1, () => parallel.verifyCredentials(batch))) / batch.length,
  { threads: parallel.threads + 1 },
)
await parallel.close()
report(
  'verifyCredentials per check, WebCrypto',
  (await perCall(1, () => webCryptoVerifier.verifyCredentials(batch.slice(0, 500)))) / 500,
)
emitBench({
  bench: 'secret-crypto floor: Ed25519 verify, node:crypto',
  value: Number(floor.toFixed(4)),
  unit: 'ms',
  ratio: 1,
})
