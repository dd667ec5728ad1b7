// The fold's shortcuts (`AuthorHead.plainAt` and `activeAt`: an author found an active member
// without the facilitator role is not looked up again while no member's record changes) must give
// exactly what the full checks give. A large generated assembly, with members granted and stripped
// of the facilitator role, removed and leaving between their ballots, is folded twice: as a replay
// folds it, and with `memberEpoch` moved before every event, which disables both shortcuts (the
// fold then reads every author's member record and roles, as it did before them). Every event's
// outcome, the state hash and the facilitators' clock must be the same.
import { expect, test } from 'vitest'
import { applyEvent } from './apply-event.js'
import { encodeBase64url } from './base64url.js'
import type { SignedEvent } from './event-envelope.js'
import type { EventId, PublicKey } from './ids.js'
import { computePollResult } from './poll-methods.js'
import { deriveSpaceId } from './signing.js'
import { createSpaceState } from './space-state.js'
import type { SpaceState } from './space-state.js'
import { hashSpaceState } from './state-view.js'

const MEMBERS = 300
const POLLS = 12
const STEPS_PER_POLL = 1500
const SIG = 'S'.repeat(86)

function idFrom(n: number, salt: number): string {
  const bytes = new Uint8Array(32)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, salt)
  view.setFloat64(8, n)
  return encodeBase64url(bytes)
}

interface Generated {
  readonly space: ReturnType<typeof deriveSpaceId>
  /** Each event as its id and JSON text, as a store hands them. */
  readonly log: readonly (readonly [EventId, string])[]
  /** How many events the generator expects refused as `member.not-member`. */
  readonly refusals: number
}

/**
 * A seeded assembly log: ballots of many polls, and among them role grants and revocations,
 * removals and departures. A ballot by a member removed or gone is in the log (a replica may
 * receive it) and must be refused; its author's chain does not advance.
 */
function generate(seed: number): Generated {
  let state = seed
  const rand = (): number => (state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32
  const founder = idFrom(0, 11) as PublicKey
  const members = Array.from({ length: MEMBERS }, (_, i) => idFrom(i + 1, 12) as PublicKey)
  const space = deriveSpaceId(founder, 'fold-shortcuts-1')
  const heads = new Map<string, { seq: number; head: string | null }>()
  const log: (readonly [EventId, string])[] = []
  let refusals = 0
  let n = 0
  const make = (
    author: PublicKey,
    type: string,
    body: unknown,
    at: number,
    accepted = true,
  ): EventId => {
    const head = heads.get(author) ?? { seq: 0, head: null }
    const id = idFrom(++n, 13) as EventId
    const event = {
      v: 1,
      space,
      author,
      seq: head.seq + 1,
      prev: head.head,
      type,
      body,
      at,
      sig: SIG,
    }
    log.push([id, JSON.stringify(event)])
    if (accepted) heads.set(author, { seq: head.seq + 1, head: id })
    else refusals++
    return id
  }
  make(
    founder,
    'assembly.created',
    {
      nonce: 'fold-shortcuts-1',
      name: 'Shortcut assembly',
      description: '',
      languages: ['en'],
      founderName: 'F',
      rules: {
        proposeRight: 'member',
        inviteRight: 'facilitator',
        quorum: { ballots: 0, percent: 0 },
        defaultMethod: 'majority',
        visibility: 'public',
      },
    },
    1,
  )
  const active = new Set<PublicKey>()
  const facilitators = new Set<PublicKey>()
  for (const [i, m] of members.entries()) {
    make(founder, 'member.admitted', { member: m, name: `Member ${i}` }, 2 + i)
    active.add(m)
  }
  const pick = <T>(from: readonly T[]): T => from[Math.floor(rand() * from.length)]!
  let clock = 1000
  for (let p = 0; p < POLLS; p++) {
    const options = ['yes', 'no', 'amend']
    const poll = make(
      founder,
      'poll.opened',
      {
        question: `Question ${p}`,
        proposal: null,
        method: 'majority',
        options,
        voters: 'members',
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'shortcut-seed-01',
      },
      (clock += 10),
    )
    const latest = new Map<string, { id: EventId; choice: string | null }>()
    for (let s = 0; s < STEPS_PER_POLL; s++) {
      // Claimed times mostly grow, sometimes fall behind the facilitators' clock.
      const at = (clock += 10) - (rand() < 0.1 ? 500 : 0)
      const r = rand()
      const candidates = [...active].filter((m) => !facilitators.has(m))
      if (r < 0.01 && candidates.length > 0) {
        const m = pick(candidates)
        make(founder, 'role.granted', { member: m, role: 'facilitator' }, at)
        facilitators.add(m)
      } else if (r < 0.02 && facilitators.size > 0) {
        const m = pick([...facilitators])
        make(founder, 'role.revoked', { member: m, role: 'facilitator' }, at)
        facilitators.delete(m)
      } else if (r < 0.025 && active.size > 0) {
        const m = pick([...active])
        make(founder, 'member.removed', { member: m, reason: 'test' }, at)
        active.delete(m)
        facilitators.delete(m)
      } else if (r < 0.03 && active.size > 0) {
        const m = pick([...active])
        make(m, 'member.left', {}, at)
        active.delete(m)
        facilitators.delete(m)
      } else {
        const voter = pick(members)
        const c = rand()
        const choice = c < 0.5 ? 'yes' : c < 0.8 ? 'no' : c < 0.95 ? 'amend' : null
        const accepted = active.has(voter)
        const id = make(voter, 'ballot.cast', { poll, vote: { choice } }, at, accepted)
        if (accepted) latest.set(voter, { id, choice })
      }
    }
    const seal = [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : 1))
    const result = computePollResult(
      {
        method: 'majority',
        options,
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'shortcut-seed-01',
      },
      seal.map((b) => ({ choice: b.choice })),
      { quorum: 0 },
    )
    if (!result.ok) throw new Error(result.message)
    make(
      founder,
      'poll.closed',
      { poll, ballots: seal.map((b) => b.id), result: result.value },
      (clock += 10),
    )
  }
  return { space, log, refusals }
}

/** Folds `log`, each event parsed anew; with `full`, `memberEpoch` moves before every event. */
function fold(
  space: Generated['space'],
  log: Generated['log'],
  full: boolean,
): { state: SpaceState; codes: (string | null)[] } {
  const state = createSpaceState(space)
  const codes: (string | null)[] = []
  for (const [id, json] of log) {
    if (full) state.memberEpoch += 1
    codes.push(applyEvent(state, JSON.parse(json) as SignedEvent, id)?.code ?? null)
  }
  return { state, codes }
}

test('fold: the shortcuts over authors known active give every event the outcome the full checks give', () => {
  for (const seed of [1, 2, 3]) {
    const { space, log, refusals } = generate(seed)
    const fast = fold(space, log, false)
    const full = fold(space, log, true)
    expect(fast.codes).toEqual(full.codes)
    expect(fast.codes.filter((c) => c !== null)).toEqual(
      Array.from({ length: refusals }, () => 'member.not-member'),
    )
    expect(refusals).toBeGreaterThan(50)
    expect(hashSpaceState(fast.state)).toBe(hashSpaceState(full.state))
    expect(fast.state.facilitatorClock).toBe(full.state.facilitatorClock)
    expect(fast.state.events).toBe(log.length - refusals)
  }
})
