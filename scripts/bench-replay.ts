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
import { applyEvent, createSpaceState, hashSpaceState } from '@veche/core'
import type { SignedEvent, SpaceState } from '@veche/core'
import { emitBench, peakMemoryMiB } from './bench-line.js'
import { log, MEMBERS, POLLS, space } from './replay-log.js'

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
