// The log that bench-replay.ts folds and profile-replay.ts writes to a file: 1,000,000 events of a
// realistic assembly (10,000 members, 1,000 polls, mostly ballots, each poll closed with its seal
// and result), made on the fly from a fixed seed, so every run folds the same log to the same state
// hash. The events carry well-formed placeholder signatures and ids (a replay checks neither).
import { computePollResult, deriveSpaceId, encodeBase64url } from '@veche/core'
import type { EventId, PublicKey } from '@veche/core'

const TOTAL = 1_000_000
export const MEMBERS = 10_000
export const POLLS = 1_000

function idFrom(n: number, salt: number): string {
  const bytes = new Uint8Array(32)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, salt)
  view.setFloat64(8, n)
  return encodeBase64url(bytes)
}

const SIG = 'S'.repeat(86)
const founder = idFrom(0, 1) as PublicKey
const members = Array.from({ length: MEMBERS }, (_, i) => idFrom(i + 1, 2) as PublicKey)
export const space = deriveSpaceId(founder, 'bench-replay-1')

/** Yields [id, json] for the whole log, in order, building it on the fly (a PRNG picks voters). */
export function* log(): Generator<readonly [EventId, string]> {
  const heads = new Map<string, { seq: number; head: string | null }>()
  let n = 0
  const make = (author: PublicKey, type: string, body: unknown): readonly [EventId, string] => {
    const head = heads.get(author) ?? { seq: 0, head: null }
    const id = idFrom(++n, 3) as EventId
    const json = JSON.stringify({
      v: 1,
      space,
      author,
      seq: head.seq + 1,
      prev: head.head,
      type,
      body,
      at: n,
      sig: SIG,
    })
    heads.set(author, { seq: head.seq + 1, head: id })
    return [id, json]
  }
  yield make(founder, 'assembly.created', {
    nonce: 'bench-replay-1',
    name: 'City assembly',
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
  })
  for (const [i, m] of members.entries())
    yield make(founder, 'member.admitted', { member: m, name: `Member ${i}` })
  const ballotsPerPoll = Math.floor((TOTAL - 1 - MEMBERS - 2 * POLLS) / POLLS)
  let seed = 12345
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32
  for (let p = 0; p < POLLS; p++) {
    const options = ['yes', 'no', 'amend']
    const [pollId, openJson] = make(founder, 'poll.opened', {
      question: `Question ${p}`,
      proposal: null,
      method: 'majority',
      options,
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'bench-seed-0001',
    })
    yield [pollId, openJson]
    const latest = new Map<string, { id: EventId; choice: string | null }>()
    for (let b = 0; b < ballotsPerPoll; b++) {
      const voter = members[Math.floor(rand() * MEMBERS)]!
      const r = rand()
      const choice = r < 0.5 ? 'yes' : r < 0.8 ? 'no' : r < 0.95 ? 'amend' : null
      const [id, json] = make(voter, 'ballot.cast', { poll: pollId, vote: { choice } })
      latest.set(voter, { id, choice })
      yield [id, json]
    }
    const seal = [...latest.values()].sort((a, b) => (a.id < b.id ? -1 : 1))
    const result = computePollResult(
      {
        method: 'majority',
        options,
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'bench-seed-0001',
      },
      seal.map((s) => ({ choice: s.choice })),
      { quorum: 0 },
    )
    if (!result.ok) throw new Error(result.message)
    yield make(founder, 'poll.closed', {
      poll: pollId,
      ballots: seal.map((s) => s.id),
      result: result.value,
    })
  }
}
