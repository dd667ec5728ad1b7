// Replay: fold 1,000,000 events of a realistic assembly (10,000 members, 1,000 polls, mostly
// ballots, each poll closed with its seal and result) into state, the way a hub rebuilds a space
// from its store (JSON text in, state out). Signatures are not part of a replay (they were checked
// on the way in; `veche verify` is the path that re-checks them), so the events here carry
// well-formed placeholder signatures and ids. Floor: JSON-parsing the same events without folding
// them. Goal: at most 5 s and 1 GB peak memory.
//
// A second line, replay.keyed-floor, folds the same log with the least any fold keyed by these
// strings must do (keyedFloor in keyed-floor.ts), timed the same way: what is left between it and
// replay.fold is the rules themselves; what lies between it and parsing is not the rules' to win.
import { applyEvent, createSpaceState, hashSpaceState } from '@veche/core'
import type { SignedEvent, SpaceState } from '@veche/core'
import { emitBench, peakMemoryMiB } from './bench-line.js'
import { createKeyedState, keyedFloor } from './keyed-floor.js'
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

// The keyed floor: the same log, parsed and folded by keyedFloor, timed the same way.
globalThis.gc?.()
const floorState = createKeyedState()
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
