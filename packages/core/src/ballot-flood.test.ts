// The open ballots a voter holds in a poll (`openBallotsHeld`, read by the hub's recast limit)
// must be what the log says, whether a voter cast once or recast, before a close and after one
// with a stated view (whose late ballots count too); and a close must not keep a count for every
// voter who cast once (a replay folds a million such ballots).
import { expect, test } from 'vitest'
import {
  MAX_OPEN_BALLOTS_PER_POLL,
  openBallotsHeld,
  refuseOpenBallotFlood,
} from './ballot-flood.js'
import type { SignedEventOf } from './event-envelope.js'
import type { EventId, PublicKey } from './ids.js'
import { closeYesNoPoll, openYesNoPoll, smallAssembly } from './test-support/small-assembly.js'
import type { SmallAssembly } from './test-support/small-assembly.js'

const assembly = (members: number): SmallAssembly => smallAssembly(members, 'ballot-flood-1')
const openPoll = openYesNoPoll

/** A close of `poll` sealing each voter's latest ballot; with `view`, a `poll.closed.2`. */
function close(
  a: SmallAssembly,
  poll: EventId,
  latest: Map<PublicKey, { id: EventId; choice: string }>,
  view: boolean,
): void {
  const seen = view ? Object.fromEntries([...latest.keys()].map((v) => [v, a.seqOf(v)])) : undefined
  const closed = closeYesNoPoll(a, poll, [...latest.values()], seen)
  if (typeof closed !== 'string') throw new Error(`${closed.code}: ${closed.message}`)
}

test('open ballots held: counted for voters who cast once and who recast, before and after a close with a stated view', () => {
  for (const seed of [1, 2, 3]) {
    let r = seed
    const rand = (): number => (r = (r * 1103515245 + 12345) >>> 0) / 2 ** 32
    const a = assembly(60)
    for (const [p, view] of [false, true, true, false].entries()) {
      const poll = openPoll(a, `Question ${seed}.${p}`)
      const held = new Map<PublicKey, number>()
      const latest = new Map<PublicKey, { id: EventId; choice: string }>()
      const cast = (voter: PublicKey): void => {
        const choice = rand() < 0.5 ? 'yes' : 'no'
        const id = a.fold(voter, 'ballot.cast', { poll, vote: { choice } })
        if (a.state.polls.get(poll)!.status === 'open') latest.set(voter, { id, choice })
        held.set(voter, (held.get(voter) ?? 0) + 1)
      }
      const check = (): void => {
        const record = a.state.polls.get(poll)!
        for (const voter of a.voters)
          expect(openBallotsHeld(record, voter)).toBe(held.get(voter) ?? 0)
      }
      for (let i = 0; i < 150; i++) {
        cast(a.voters[Math.floor(rand() * 40)]!)
        if (i % 50 === 0) check()
      }
      check()
      close(a, poll, latest, view)
      if (view) {
        check()
        for (let i = 0; i < 20; i++) cast(a.voters[Math.floor(rand() * a.voters.length)]!)
        check()
      } else {
        // A first-type close takes no more ballots: only voters who recast stay counted.
        const record = a.state.polls.get(poll)!
        const recast = [...held].filter(([, n]) => n > 1)
        expect(record.cast?.size ?? 0).toBe(recast.length)
        for (const [voter, n] of recast) expect(openBallotsHeld(record, voter)).toBe(n)
      }
    }
  }
})

test('open ballots held: a first-type close keeps no count for the voters who cast once', () => {
  const a = assembly(30)
  const poll = openPoll(a, 'Once each')
  const latest = new Map<PublicKey, { id: EventId; choice: string }>()
  for (const voter of a.voters)
    latest.set(voter, {
      id: a.fold(voter, 'ballot.cast', { poll, vote: { choice: 'yes' } }),
      choice: 'yes',
    })
  const again = a.fold(a.voters[0]!, 'ballot.cast', { poll, vote: { choice: 'no' } })
  latest.set(a.voters[0]!, { id: again, choice: 'no' })
  close(a, poll, latest, false)
  expect([...(a.state.polls.get(poll)!.cast ?? [])]).toEqual([[a.voters[0], 2]])
})

test('open ballots held: the hub refuses a voter’s ballot past the limit, at the limit and one past it, after a close with a view too', () => {
  const a = assembly(3)
  const poll = openPoll(a, 'Recast')
  const [voter, other] = a.voters as [PublicKey, PublicKey]
  const latest = new Map<PublicKey, { id: EventId; choice: string }>()
  const next = (): SignedEventOf<'ballot.cast'> & { id: EventId } => {
    const [event, id] = a.event(voter, 'ballot.cast', { poll, vote: { choice: 'yes' } })
    return Object.assign(event as SignedEventOf<'ballot.cast'>, { id })
  }
  for (let i = 0; i < MAX_OPEN_BALLOTS_PER_POLL - 1; i++) {
    const id = a.fold(voter, 'ballot.cast', { poll, vote: { choice: 'yes' } })
    latest.set(voter, { id, choice: 'yes' })
  }
  latest.set(other, {
    id: a.fold(other, 'ballot.cast', { poll, vote: { choice: 'no' } }),
    choice: 'no',
  })
  const below = next()
  expect(refuseOpenBallotFlood(a.state, below, below.id)).toBeNull()
  close(a, poll, latest, true)
  // Late now, and still counted: the hundredth is taken, the hundred-and-first refused.
  expect(refuseOpenBallotFlood(a.state, below, below.id)).toBeNull()
  a.fold(voter, 'ballot.cast', { poll, vote: { choice: 'yes' } })
  const past = next()
  expect(refuseOpenBallotFlood(a.state, past, past.id)?.code).toBe('ballot.recast-limit')
  expect(openBallotsHeld(a.state.polls.get(poll)!, other)).toBe(1)
})
