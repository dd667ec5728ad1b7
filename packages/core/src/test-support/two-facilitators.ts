// An assembly with two facilitators and some voters, and a replica that folds events in any order
// as a hub does (parking what cannot apply yet): what the two-closes properties race against.
import { applyEvent } from '../apply-event.js'
import { EventAuthor } from '../event-author.js'
import type { SignedEvent, SignedEventOf } from '../event-envelope.js'
import type { EventId, SpaceId } from '../ids.js'
import { proposeClose } from '../poll-rules.js'
import { computeEventId } from '../signing.js'
import { createSpaceState } from '../space-state.js'
import type { SpaceState } from '../space-state.js'
import { generateWebCryptoSigner } from '../webcrypto-ed25519.js'

export const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

/** Folds `events` in order, parking each refused event and trying it again after every success. */
export function replica(
  space: SpaceId,
  events: readonly SignedEvent[],
): { state: SpaceState; held: SignedEvent[] } {
  const state = createSpaceState(space)
  let held: SignedEvent[] = []
  for (const event of events) {
    if (applyEvent(state, event, computeEventId(event)) !== null) {
      held.push(event)
      continue
    }
    for (let progress = true; progress;) {
      progress = false
      held = held.filter((e) => {
        const refused = applyEvent(state, e, computeEventId(e)) !== null
        if (!refused) progress = true
        return refused
      })
    }
  }
  return { state, held }
}

/**
 * Hall `nonce`, founded by facilitator F1, who admits F2 and `voters` and makes F2 a facilitator.
 * Its events claim the times 1, 2, …; `clock` is the time the next event claims.
 */
export async function twoFacilitatorHall(
  nonce: string,
  voters: readonly EventAuthor[],
): Promise<{
  f1: EventAuthor
  f2: EventAuthor
  space: SpaceId
  setup: SignedEvent[]
  clock: number
}> {
  const f1 = new EventAuthor(await generateWebCryptoSigner())
  const f2 = new EventAuthor(await generateWebCryptoSigner())
  const space = f1.spaceFor(nonce)
  let t = 1
  const setup: SignedEvent[] = [
    await f1.next(
      space,
      'assembly.created',
      { nonce, name: 'Hall', description: '', languages: ['en'], founderName: 'F1', rules: RULES },
      t++,
    ),
  ]
  for (const [i, member] of [f2, ...voters].entries())
    setup.push(
      await f1.next(space, 'member.admitted', { member: member.publicKey, name: `M${i}` }, t++),
    )
  setup.push(
    await f1.next(space, 'role.granted', { member: f2.publicKey, role: 'facilitator' }, t++),
  )
  return { f1, f2, space, setup, clock: t }
}

/**
 * Each voter i casts the ballots `plans[i]` on `poll` (a chain from scratch), then F1 closes `poll`
 * having seen `setup` and the first `saw1[i]` of voter i's ballots, F2 having seen `saw2[i]`. The
 * events claim the times `clock`, `clock + 1`, …; the returned `clock` is the next free time.
 */
export async function castAndCloseTwice(
  hall: { f1: EventAuthor; f2: EventAuthor; space: SpaceId; setup: readonly SignedEvent[] },
  voters: readonly EventAuthor[],
  poll: EventId,
  plans: readonly (readonly string[])[],
  saw1: readonly number[],
  saw2: readonly number[],
  clock: number,
): Promise<{
  chains: SignedEvent[][]
  close1: SignedEventOf<'poll.closed.3'>
  close2: SignedEventOf<'poll.closed.3'>
  clock: number
}> {
  const { f1, f2, space, setup } = hall
  let t = clock
  const chains: SignedEvent[][] = []
  for (const [i, plan] of plans.entries()) {
    voters[i]!.follow(space, null)
    const chain: SignedEvent[] = []
    for (const choice of plan)
      chain.push(await voters[i]!.next(space, 'ballot.cast', { poll, vote: { choice } }, t++))
    chains.push(chain)
  }
  const closeAs = async (closer: EventAuthor, saw: readonly number[]) => {
    const held = [...setup, ...chains.flatMap((chain, i) => chain.slice(0, saw[i]))]
    const { state } = replica(space, held)
    const at = t++
    const close = proposeClose(state, state.polls.get(poll)!, at)
    if (!close.ok) throw new Error(close.message)
    const event = await closer.next(space, 'poll.closed.3', close.value, at)
    return event as SignedEventOf<'poll.closed.3'>
  }
  const close1 = await closeAs(f1, saw1)
  const close2 = await closeAs(f2, saw2)
  return { chains, close1, close2, clock: t }
}
