// Replay: fold 1,000,000 events of a realistic assembly (10,000 members, 1,000 polls, mostly
// ballots, each poll closed with its seal and result) into state, the way a hub rebuilds a space
// from its store (JSON text in, state out). Signatures are not part of a replay (they were checked
// on the way in; `veche verify` is the path that re-checks them), so the events here carry
// well-formed placeholder signatures and ids. Floor: JSON-parsing the same events without folding
// them. Goal: at most 5 s and 1 GB peak memory.
//
// A second line, replay.keyed-floor, folds the same log with the least any fold keyed by these
// strings must do (see keyedFloor below), timed the same way: what is left between it and
// replay.fold is the rules themselves; what lies between it and parsing is not the rules' to win.
import {
  applyEvent,
  computePollResult,
  createSpaceState,
  deriveSpaceId,
  encodeBase64url,
  hashSpaceState,
} from '@veche/core'
import type { EventId, PublicKey, SignedEvent, SpaceState } from '@veche/core'
import { emitBench, peakMemoryMiB } from './bench-line.js'

const TOTAL = 1_000_000
const MEMBERS = 10_000
const POLLS = 1_000

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
const space = deriveSpaceId(founder, 'bench-replay-1')

/** Yields [id, json] for the whole log, in order, building it on the fly (a PRNG picks voters). */
function* log(): Generator<readonly [EventId, string]> {
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

// Floor: the same log, parsed but not folded (timed the same way).
let floorNanos = 0n
let count = 0
for (const [, json] of log()) {
  const t = process.hrtime.bigint()
  if ((JSON.parse(json) as SignedEvent).seq > 0) count++
  floorNanos += process.hrtime.bigint() - t
}
const floorSeconds = Number(floorNanos) / 1e9

// The replay: the same log, parsed and folded; only the parse and the fold are timed, not the
// making of the log.
globalThis.gc?.()
const state: SpaceState = createSpaceState(space)
let foldNanos = 0n
for (const [id, json] of log()) {
  const t = process.hrtime.bigint()
  const rejection = applyEvent(state, JSON.parse(json) as SignedEvent, id)
  foldNanos += process.hrtime.bigint() - t
  if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
}
const replaySeconds = Number(foldNanos) / 1e9
const hash = hashSpaceState(state)

emitBench({
  bench: 'replay.fold',
  value: Number(replaySeconds.toFixed(3)),
  unit: 's',
  ratio: Number((replaySeconds / floorSeconds).toFixed(3)),
  events: count,
  members: MEMBERS,
  polls: POLLS,
  floorSeconds: Number(floorSeconds.toFixed(3)),
  peakMemoryMiB: peakMemoryMiB(),
  stateHash: hash,
})

/** The least work of a fold keyed as the state is: by author, poll and ballot id (strings). */
interface KeyedPoll {
  readonly ballots: Map<string, { voter: string; seq: number; vote: unknown }>
  readonly latest: Map<string, string>
  sealed: readonly string[] | null
}

/**
 * Folds one event with only the keyed steps every replay of this log takes: the author's chain
 * (seq and prev), that the author is a member, a ballot kept by id and as its voter's latest, and
 * at a close each sealed id found and checked against its voter's latest, the seal kept. No rule,
 * count, result or message: a floor for the fold, not a fold (it throws on anything else).
 */
function keyedFloor(
  floor: {
    readonly heads: Map<string, { seq: number; head: string }>
    readonly members: Set<string>
    readonly polls: Map<string, KeyedPoll>
  },
  event: SignedEvent,
  id: string,
): void {
  if (event.space !== space) throw new Error('space')
  const head = floor.heads.get(event.author)
  if ((head?.seq ?? 0) + 1 !== event.seq || (head?.head ?? null) !== event.prev)
    throw new Error('chain')
  if (event.type !== 'assembly.created' && !floor.members.has(event.author))
    throw new Error('member')
  switch (event.type) {
    case 'assembly.created':
      floor.members.add(event.author)
      break
    case 'member.admitted':
      floor.members.add(event.body.member)
      break
    case 'poll.opened':
      floor.polls.set(id, { ballots: new Map(), latest: new Map(), sealed: null })
      break
    case 'ballot.cast': {
      const poll = floor.polls.get(event.body.poll)!
      poll.ballots.set(id, { voter: event.author, seq: event.seq, vote: event.body.vote })
      poll.latest.set(event.author, id)
      break
    }
    case 'poll.closed': {
      const poll = floor.polls.get(event.body.poll)!
      for (const ballot of event.body.ballots) {
        const record = poll.ballots.get(ballot)
        if (record === undefined || poll.latest.get(record.voter) !== ballot)
          throw new Error('seal')
      }
      if (event.body.ballots.length !== poll.latest.size) throw new Error('seal')
      poll.sealed = event.body.ballots.slice()
      poll.ballots.clear()
      poll.latest.clear()
      break
    }
    default:
      throw new Error(event.type)
  }
  if (head === undefined) floor.heads.set(event.author, { seq: event.seq, head: id })
  else {
    head.seq = event.seq
    head.head = id
  }
}

// The keyed floor: the same log, parsed and folded by keyedFloor, timed the same way.
globalThis.gc?.()
const floorState = { heads: new Map(), members: new Set<string>(), polls: new Map() }
let keyedNanos = 0n
for (const [id, json] of log()) {
  const t = process.hrtime.bigint()
  keyedFloor(floorState, JSON.parse(json) as SignedEvent, id)
  keyedNanos += process.hrtime.bigint() - t
}
const keyedSeconds = Number(keyedNanos) / 1e9
emitBench({
  bench: 'replay.keyed-floor',
  value: Number(keyedSeconds.toFixed(3)),
  unit: 's',
  ratio: Number((keyedSeconds / floorSeconds).toFixed(3)),
  floorSeconds: Number(floorSeconds.toFixed(3)),
  ofFold: Number((keyedSeconds / replaySeconds).toFixed(3)),
})
