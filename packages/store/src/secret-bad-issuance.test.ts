// An issuer's answer to a credential request is a blind signature that anyone can check from the
// log (RFC 9474 §4.3: s^e mod n is the request's blinded message). Before, the rules took any
// answer: an issuer (in the app, the facilitator who opened the poll) could answer chosen members
// with a wrong one. That member then held nothing to vote with, could not ask again
// (`secret.already-requested`) nor be answered again (`secret.already-issued`), while the answer
// counted as issued, so a credential the issuer made off the log for itself fitted under the
// count's check (`secret.over-issued`) and voted in that member's place.
import { randomBytes } from 'node:crypto'
import { expect, test } from 'vitest'
import { computeEventId, encodeBase64url, finalizeCredentials } from '@veche/core'
import type { EventAuthor, SignedEvent } from '@veche/core'
import { nodeBlindSign } from './node-blind-rsa.js'
import { hubPair } from './test-support/hub-pair.js'
import { secretPollOnLedger } from './test-support/secret-fixture.js'

const { newHub } = hubPair('bad-issuance')

test('secret polls: an issuance that is not the blind signature on its request is refused (secret.bad-issuance), and the right one still comes', async () => {
  const hub = await newHub('a')
  const p = await secretPollOnLedger(hub, { members: 4 })
  const [issuer, , victim] = p.members as [EventAuthor, EventAuthor, EventAuthor]
  const request = await p.askCredential(victim)
  await p.submit([request])
  const requestId = computeEventId(request)
  const blinded = (request.body as { blinded: Record<string, string> }).blinded[issuer.publicKey]!
  const privateKey = p.wallets.get(issuer.publicKey)!.issuerPrivateKey!

  // Wrong answers an issuer could give: its signature on another blinded message (a valid RSA
  // value, for another request), random bytes, and the modulus' length of zeros.
  const other = new Uint8Array(randomBytes(256))
  other[0] = 1
  const wrongs = [
    nodeBlindSign(privateKey, encodeBase64url(other)),
    encodeBase64url(new Uint8Array(randomBytes(256)).map((b, i) => (i === 0 ? 0 : b))),
    encodeBase64url(new Uint8Array(256)),
  ]
  for (const signature of wrongs) {
    const answer: SignedEvent = await p.sign(issuer, {
      type: 'secret.credential-issued',
      body: { poll: p.poll, request: requestId, signature },
    })
    expect((await hub.submit([answer])).outcomes[0]).toMatchObject({
      status: 'rejected',
      code: 'secret.bad-issuance',
    })
    issuer.follow(p.space, { seq: answer.seq - 1, head: answer.prev! })
  }
  const secret = (await p.state()).polls.get(p.poll)!.secret!
  expect(secret.requests.get(victim.publicKey)!.issued.size).toBe(0)

  // The issuer's right answer is still taken, and the member finalizes a credential and votes.
  const right = await p.sign(issuer, {
    type: 'secret.credential-issued',
    body: { poll: p.poll, request: requestId, signature: nodeBlindSign(privateKey, blinded) },
  })
  expect((await hub.submit([right])).outcomes[0]).toMatchObject({ status: 'accepted' })
  const finalized = await finalizeCredentials(
    await p.state(),
    p.poll,
    victim.publicKey,
    p.wallets.get(victim.publicKey)!,
  )
  expect(finalized.ok && finalized.value !== null).toBe(true)
  const ballot = await p.vote(victim, { choice: 'no' })
  expect((await hub.submit([ballot])).outcomes[0]).toMatchObject({ status: 'accepted' })
})
