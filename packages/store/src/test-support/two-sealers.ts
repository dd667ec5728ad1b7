// One secret poll sealed at once on two hubs (issue #12, property 4): the poll is set up on hub A
// (credentials issued there) and hub B syncs; each hub then hears a ballot the other does not,
// and a facilitator on each seals what their hub holds, reveals their share there (both are
// tellers, quorum 1), counts their seal and signs a later event, each submitted directly as
// `POST /api/events` does. The hubs have not synced since: the caller carries the rest.
import { expect } from 'vitest'
import { secretCountDraft, secretSealDraft, tellerRevealDraft } from '@veche/core'
import type { EventAuthor, SignedEvent, SignedEventOf, SpaceState } from '@veche/core'
import type { Ledger } from '../ledger.js'
import { pull } from './hub-pair.js'
import { secretPollOnLedger } from './secret-fixture.js'

/** A secret poll on `hub` with tellers F1 (the founder) and F2 (made a facilitator), quorum 1. */
export async function pollWithTwoSealers(hub: Ledger) {
  const p = await secretPollOnLedger(hub, { members: 6, tellers: 2, tellerQuorum: 1 })
  const [f1, f2] = p.members as [EventAuthor, EventAuthor]
  await p.submit([
    await f1.next(p.space, 'role.granted', { member: f2.publicKey, role: 'facilitator' }, p.at()),
  ])
  return { ...p, f1, f2 }
}

export type TwoSealersPoll = Awaited<ReturnType<typeof pollWithTwoSealers>>

/** `who`'s share, revealed by their device holding `state` (after a seal). */
export function revealOf(p: TwoSealersPoll, state: SpaceState, who: EventAuthor) {
  const reveal = tellerRevealDraft(state, p.poll, who.publicKey, p.wallets.get(who.publicKey)!)
  if (!reveal.ok || reveal.value === null) throw new Error('no reveal')
  return p.sign(who, reveal.value)
}

/** The count `who` signs holding `state`: it names the seal in effect there. */
export function countOf(p: TwoSealersPoll, state: SpaceState, who: EventAuthor) {
  const count = secretCountDraft(state, p.poll, p.at())
  if (!count.ok || count.value === null) throw new Error('no count')
  return p.sign(who, count.value) as Promise<SignedEventOf<'secret.poll-counted'>>
}

/** Submits `event` to `hub` as its signer would (`refuseStaleCloses`), expecting it accepted. */
async function direct(hub: Ledger, event: SignedEvent): Promise<void> {
  expect((await hub.submit([event], { refuseStaleCloses: true })).outcomes[0]).toMatchObject({
    status: 'accepted',
  })
}

/**
 * The race: F1 seals "yes" 2 to 1 on hub A, F2 seals "no" 2 to 1 on hub B; each reveals, counts
 * and signs a later proposal on their own hub. Returns the poll and each side's events.
 */
export async function sealOnTwoHubs(a: Ledger, b: Ledger) {
  const p = await pollWithTwoSealers(a)
  const [, , m2, m3, m4, m5] = p.members
  const both = [await p.vote(m2!, { choice: 'yes' }), await p.vote(m3!, { choice: 'no' })]
  const onlyA = await p.vote(m5!, { choice: 'yes' })
  const onlyB = await p.vote(m4!, { choice: 'no' })
  await pull(a, b, p.space)
  for (const ballot of both) {
    await direct(a, ballot)
    await direct(b, ballot)
  }
  await direct(a, onlyA)
  await direct(b, onlyB)
  const sealOn = async (hub: Ledger, who: EventAuthor) => {
    const seal = (await p.sign(
      who,
      secretSealDraft((await hub.state(p.space))!, p.poll),
    )) as SignedEventOf<'secret.poll-sealed'>
    await direct(hub, seal)
    const reveal = await revealOf(p, (await hub.state(p.space))!, who)
    await direct(hub, reveal)
    const count = await countOf(p, (await hub.state(p.space))!, who)
    await direct(hub, count)
    const later = await who.next(
      p.space,
      'proposal.submitted',
      { title: 'After the seal', text: 'Text.' },
      p.at(),
    )
    await direct(hub, later)
    return { seal, reveal, count, later }
  }
  const one = await sealOn(a, p.f1)
  const two = await sealOn(b, p.f2)
  expect(one.count.body.result).toMatchObject({ winner: 'yes' })
  expect(two.count.body.result).toMatchObject({ winner: 'no' })
  return { p, one, two }
}
