// Real signed events for hub tests and benchmarks: an assembly with members, a poll, ballots.
import {
  applyEvent,
  computeCloseResult,
  computeEventId,
  createSpaceState,
  EventAuthor,
  proposeClose,
} from '@veche/core'
import type { EventId, SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'

export const T0 = 1_780_000_000_000

/** A new author with a fresh Ed25519 key. */
export function newAuthor(): EventAuthor {
  return new EventAuthor(nodeSigner(generateKeyPair()))
}

export interface SignedAssembly {
  readonly space: SpaceId
  readonly founder: EventAuthor
  readonly members: readonly EventAuthor[]
  /** The creation and the admissions, in order. */
  readonly events: readonly SignedEvent[]
}

/** An assembly founded by a new key, with `count` members admitted (quorum 0). */
export async function signedAssembly(
  count: number,
  nonce = 'hub-test-0001',
  visibility: 'public' | 'private' = 'public',
): Promise<SignedAssembly> {
  const founder = newAuthor()
  const members = Array.from({ length: count }, () => newAuthor())
  const space = founder.spaceFor(nonce)
  const events: SignedEvent[] = [
    await founder.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Riverside assembly',
        description: 'Hub test',
        languages: ['en'],
        founderName: 'Founder',
        rules: {
          proposeRight: 'member',
          inviteRight: 'facilitator',
          quorum: { ballots: 0, percent: 0 },
          defaultMethod: 'majority',
          visibility,
        },
      },
      T0,
    ),
  ]
  for (const [i, member] of members.entries()) {
    events.push(
      await founder.next(
        space,
        'member.admitted',
        { member: member.publicKey, name: `m${i}` },
        T0 + i,
      ),
    )
  }
  return { space, founder, members, events }
}

/** A majority poll opened by the founder: the event and its id. */
export async function openPoll(
  assembly: SignedAssembly,
  question = 'Open a free kitchen?',
): Promise<{ event: SignedEvent; poll: EventId }> {
  const event = await assembly.founder.next(
    assembly.space,
    'poll.opened',
    {
      question,
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'hub-test-seed-01',
    },
    T0,
  )
  return { event, poll: computeEventId(event) }
}

/** One ballot per member on `poll`. */
export function castBallots(
  assembly: SignedAssembly,
  poll: EventId,
  choice: (i: number) => string = (i) => (i % 3 === 0 ? 'no' : 'yes'),
): Promise<SignedEvent[]> {
  return Promise.all(
    assembly.members.map((m, i) =>
      m.next(assembly.space, 'ballot.cast', { poll, vote: { choice: choice(i) } }, T0 + i),
    ),
  )
}

function foldLog(assembly: SignedAssembly, log: readonly SignedEvent[]) {
  const state = createSpaceState(assembly.space)
  for (const event of log) {
    const rejection = applyEvent(state, event, computeEventId(event))
    if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
  }
  return state
}

/**
 * The founder's `poll.closed.3` for `poll` as an honest closer holding `log` (every event so far)
 * signs it: its view of the voters and their latest ballots sealed.
 */
export async function closePoll(
  assembly: SignedAssembly,
  log: readonly SignedEvent[],
  poll: EventId,
): Promise<SignedEvent> {
  const state = foldLog(assembly, log)
  const record = state.polls.get(poll)
  if (record === undefined) throw new Error(`no poll ${poll}`)
  const close = proposeClose(state, record, T0)
  if (!close.ok) throw new Error(close.message)
  return assembly.founder.next(assembly.space, 'poll.closed.3', close.value, T0)
}

/**
 * A first-type `poll.closed` sealing exactly `ballots` of `poll` with the matching recount: what
 * a closer who leaves ballots out would sign by hand.
 */
export async function closeSealing(
  assembly: SignedAssembly,
  log: readonly SignedEvent[],
  poll: EventId,
  ballots: readonly EventId[],
): Promise<SignedEvent> {
  const state = foldLog(assembly, log)
  const record = state.polls.get(poll)!
  const result = computeCloseResult(
    state,
    record,
    ballots.map((b) => record.ballots.get(b)!),
    T0,
  )
  if (!result.ok) throw new Error(result.message)
  return assembly.founder.next(
    assembly.space,
    'poll.closed',
    { poll, ballots: [...ballots].sort(), result: result.value },
    T0,
  )
}
