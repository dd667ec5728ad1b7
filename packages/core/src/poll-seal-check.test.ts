// A first-type close (`poll.closed`) must seal each voter's latest ballot and nothing else. The
// fold's quick check (`sealedLatest`, for a seal in id order) must refuse what the full check
// refuses: a replaced ballot in place of its voter's latest, or of another voter's, with as many
// ids as voters and in order.
import { expect, test } from 'vitest'
import { applyEvent } from './apply-event.js'
import type { EventId, PublicKey } from './ids.js'
import { createSpaceState } from './space-state.js'
import { hashSpaceState } from './state-view.js'
import { closeYesNoPoll, openYesNoPoll, smallAssembly } from './test-support/small-assembly.js'

/** A poll where every voter casts once and the first two recast; each voter's ballots in order. */
function pollWithRecasts() {
  const a = smallAssembly(6, 'poll-seal-check-1')
  const poll = openYesNoPoll(a, 'Recast or not')
  const ballots = new Map<PublicKey, { id: EventId; choice: string }[]>()
  const cast = (voter: PublicKey, choice: string): void => {
    const id = a.fold(voter, 'ballot.cast', { poll, vote: { choice } })
    ballots.set(voter, [...(ballots.get(voter) ?? []), { id, choice }])
  }
  for (const voter of a.voters) cast(voter, 'yes')
  cast(a.voters[0]!, 'no')
  cast(a.voters[1]!, 'no')
  const latest = () => [...ballots.values()].map((b) => b.at(-1)!)
  return { a, poll, ballots, latest }
}

test('poll seal: a first-type close sealing a recaster’s replaced ballot in place of their latest is refused', () => {
  const { a, poll, ballots, latest } = pollWithRecasts()
  const [replaced] = ballots.get(a.voters[0]!)!
  const seal = [replaced!, ...latest().slice(1)]
  expect(closeYesNoPoll(a, poll, seal)).toMatchObject({ code: 'poll.stale-ballot' })
  expect(a.state.polls.get(poll)!.status).toBe('open')
  expect(typeof closeYesNoPoll(a, poll, latest())).toBe('string')
  expect(a.state.polls.get(poll)!.status).toBe('closed')
})

test('poll seal: a first-type close sealing a recaster’s two ballots in place of another voter’s is refused', () => {
  const { a, poll, ballots, latest } = pollWithRecasts()
  const [replaced] = ballots.get(a.voters[1]!)!
  const other = latest()[5]!
  const seal = [...latest().filter((b) => b !== other), replaced!]
  expect(closeYesNoPoll(a, poll, seal)).toMatchObject({ code: 'poll.duplicate-voter' })
  expect(a.state.polls.get(poll)!.status).toBe('open')
})

test('poll seal: a first-type close of a poll without recasts seals every ballot', () => {
  const a = smallAssembly(5, 'poll-seal-check-2')
  const poll = openYesNoPoll(a, 'Once each')
  const seal = a.voters.map((voter) => ({
    id: a.fold(voter, 'ballot.cast', { poll, vote: { choice: 'no' } }),
    choice: 'no',
  }))
  expect(closeYesNoPoll(a, poll, seal.slice(1))).toMatchObject({ code: 'poll.ballot-omitted' })
  expect(typeof closeYesNoPoll(a, poll, seal)).toBe('string')
  expect(a.state.polls.get(poll)!.sealed).toEqual(seal.map((b) => b.id).sort())
})

test('poll seal: over seeded logs of right and wrong seals, the quick check gives every close the full check’s outcome', () => {
  for (const seed of [1, 2, 3, 4]) {
    let r = seed
    const rand = (): number => (r = (r * 1103515245 + 12345) >>> 0) / 2 ** 32
    const pick = <T>(from: readonly T[]): T => from[Math.floor(rand() * from.length)]!
    const a = smallAssembly(40, `poll-seal-check-seed-${seed}`)
    for (let p = 0; p < 30; p++) {
      const poll = openYesNoPoll(a, `Question ${p}`)
      const ballots = new Map<PublicKey, { id: EventId; choice: string }[]>()
      for (let b = 0; b < 30 + Math.floor(rand() * 40); b++) {
        const voter = pick(a.voters)
        const choice = rand() < 0.5 ? 'yes' : 'no'
        const id = a.fold(voter, 'ballot.cast', { poll, vote: { choice } })
        ballots.set(voter, [...(ballots.get(voter) ?? []), { id, choice }])
      }
      // Until one is taken: seals that swap a latest for a replaced ballot (its own voter's or
      // another's), leave one out, or are right.
      for (let attempt = 0; attempt < 4; attempt++) {
        const latest = [...ballots.values()].map((list) => list.at(-1)!)
        const recasters = [...ballots.values()].filter((list) => list.length > 1)
        const kind = attempt === 3 ? 1 : recasters.length === 0 ? 0.5 + rand() / 2 : rand()
        const list = recasters.length === 0 ? [] : pick(recasters)
        const stale = list[Math.floor(rand() * (list.length - 1))]!
        const dropped = pick(latest.filter((l) => l !== list.at(-1)))
        const seal =
          kind < 0.25
            ? latest.map((b) => (b === list.at(-1) ? stale : b))
            : kind < 0.45
              ? [...latest.filter((b) => b !== dropped), stale]
              : kind < 0.55
                ? latest.slice(1)
                : latest
        closeYesNoPoll(a, poll, seal)
        if (a.state.polls.get(poll)!.status === 'closed') break
      }
    }
    // Folded again as a replay does, and with every first-type close's seal in reverse order,
    // which the quick check declines: the full check then decides every close.
    const fold = (full: boolean) => {
      const state = createSpaceState(a.state.space)
      const codes = a.log.map(([event, id]) => {
        const folded =
          full && event.type === 'poll.closed'
            ? { ...event, body: { ...event.body, ballots: [...event.body.ballots].reverse() } }
            : event
        return applyEvent(state, folded, id)?.code ?? null
      })
      return { codes, hash: hashSpaceState(state) }
    }
    const quick = fold(false)
    const full = fold(true)
    expect(quick.codes).toEqual(full.codes)
    expect(quick.hash).toBe(full.hash)
    expect(new Set(quick.codes)).toEqual(
      new Set([null, 'poll.stale-ballot', 'poll.duplicate-voter', 'poll.ballot-omitted']),
    )
  }
})
