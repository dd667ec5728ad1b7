// Helpers for tests that need real signed events: authors with node:crypto keys and a small
// assembly built through a ledger.
import { EventAuthor } from '@veche/core'
import type { EventId, SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '../node-ed25519.js'
import type { Ledger, SubmitOutcome } from '../ledger.js'

/** A new author with a fresh Ed25519 key. */
export function newAuthor(): EventAuthor {
  return new EventAuthor(nodeSigner(generateKeyPair()))
}

export const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

export const T0 = 1_780_000_000_000

/** Submits one event and returns its outcome. */
export async function submitOne(ledger: Ledger, event: unknown): Promise<SubmitOutcome> {
  const report = await ledger.submit([event])
  return report.outcomes[0]!
}

/** Submits events that must all be accepted; returns their ids. */
export async function submitAll(
  ledger: Ledger,
  events: readonly SignedEvent[],
): Promise<EventId[]> {
  const report = await ledger.submit(events)
  return report.outcomes.map((o) => {
    if (o.status !== 'accepted') throw new Error(`expected acceptance, got ${JSON.stringify(o)}`)
    return o.id
  })
}

export interface AssemblyFixture {
  readonly space: SpaceId
  readonly founder: EventAuthor
  readonly alice: EventAuthor
  readonly bob: EventAuthor
}

/** An assembly founded by `founder` with alice and bob admitted. */
export async function foundAssembly(
  ledger: Ledger,
  rules: typeof RULES | Record<string, unknown> = RULES,
): Promise<AssemblyFixture> {
  const founder = newAuthor()
  const alice = newAuthor()
  const bob = newAuthor()
  const nonce = 'test-nonce-0001'
  const space = founder.spaceFor(nonce)
  await submitAll(ledger, [
    await founder.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Riverside assembly',
        description: 'Neighbourhood assembly',
        languages: ['en', 'kk'],
        founderName: 'Founder',
        rules: rules as typeof RULES,
      },
      T0,
    ),
    await founder.next(
      space,
      'member.admitted',
      { member: alice.publicKey, name: 'Alice' },
      T0 + 1,
    ),
    await founder.next(space, 'member.admitted', { member: bob.publicKey, name: 'Bob' }, T0 + 2),
  ])
  return { space, founder, alice, bob }
}

/**
 * The events founding assembly "Depot" (`nonce`): `f1` founds it, admits `f2` and `members` (named
 * M0, M1, … in that order) and makes `f2` a facilitator. They claim the times T0, T0 + 1, …;
 * `clock` is the time the next event claims.
 */
export async function depotWithTwoFacilitators(
  nonce: string,
  f1: EventAuthor,
  f2: EventAuthor,
  members: readonly EventAuthor[],
): Promise<{ space: SpaceId; setup: SignedEvent[]; clock: number }> {
  const space = f1.spaceFor(nonce)
  let t = T0
  const setup: SignedEvent[] = [
    await f1.next(
      space,
      'assembly.created',
      { nonce, name: 'Depot', description: '', languages: ['en'], founderName: 'F1', rules: RULES },
      t++,
    ),
  ]
  for (const [i, member] of [f2, ...members].entries())
    setup.push(
      await f1.next(space, 'member.admitted', { member: member.publicKey, name: `M${i}` }, t++),
    )
  setup.push(
    await f1.next(space, 'role.granted', { member: f2.publicKey, role: 'facilitator' }, t++),
  )
  return { space, setup, clock: t }
}
