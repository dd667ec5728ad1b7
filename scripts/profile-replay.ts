// bench-replay's log kept in a file, so that parsing and folding it can be timed in CPU (and run
// under `node --cpu-prof` or valgrind) without making the log in the same process. Not a bench
// (bench.ts runs only files named bench-*). Usage:
//   node scripts/dist/profile-replay.js FILE write            the log, one `id<TAB>json` a line
//   node scripts/dist/profile-replay.js FILE read|parse|fold|keyed|numbered [EVENTS]
// read: slices each line's id and JSON text; parse: and `JSON.parse`; fold: and `applyEvent`,
// printing the state hash; keyed: and bench-replay's keyed floor instead of the fold (`keyedFloor`);
// numbered: the same floor keyed by numbers a store could hand beside each event (`numberedFloor`;
// the numbers are made by a pass over the log before the timed loop). Each id and text is a fresh flat string, as a store hands them; only
// the loop is timed (process CPU, user + system, and wall), not reading the file. EVENTS folds only
// the first EVENTS lines (a short run under valgrind). Compare `fold` with `parse`, and `parse`
// with `read`: the fold's own cost is fold − parse, the parse's parse − read.
import { openSync, readFileSync, writeSync, closeSync } from 'node:fs'
import { applyEvent, createSpaceState, hashSpaceState } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import {
  createKeyedState,
  createNumberedState,
  keyedFloor,
  numberLog,
  numberedFloor,
} from './keyed-floor.js'
import { log, space } from './replay-log.js'

const [file = '', mode = '', limit = ''] = process.argv.slice(2)
if (file === '' || !['write', 'read', 'parse', 'fold', 'keyed', 'numbered'].includes(mode))
  throw new Error('usage: profile-replay.js FILE write|read|parse|fold|keyed|numbered [EVENTS]')

if (mode === 'write') {
  const fd = openSync(file, 'w')
  let lines: string[] = []
  for (const [id, json] of log()) {
    lines.push(`${id}\t${json}\n`)
    if (lines.length === 10_000) {
      writeSync(fd, lines.join(''))
      lines = []
    }
  }
  writeSync(fd, lines.join(''))
  closeSync(fd)
} else {
  const data = readFileSync(file)
  // Where each line's id and text begin and end (not timed).
  const bounds: number[] = []
  const most = limit === '' ? Infinity : Number(limit)
  for (let start = 0; start < data.length && bounds.length / 3 < most;) {
    const end = data.indexOf(10, start)
    bounds.push(start, data.indexOf(9, start), end)
    start = end + 1
  }
  const state = createSpaceState(space)
  const keyed = createKeyedState()
  const line = (i: number): readonly [EventId, string] => [
    data.toString('latin1', bounds[i], bounds[i + 1]) as EventId,
    data.toString('latin1', bounds[i + 1]! + 1, bounds[i + 2]),
  ]
  const numbers =
    mode === 'numbered'
      ? numberLog(
          (function* () {
            for (let i = 0; i < bounds.length; i += 3) {
              const [id, json] = line(i)
              yield [id, JSON.parse(json) as SignedEvent] as const
            }
          })(),
          bounds.length / 3,
        )
      : null
  const numbered = numbers === null ? null : createNumberedState(numbers.authors)
  // What each parsed event goes through, chosen once: comparing the mode's text at every line
  // cost the loop ~0.1 s.
  const step: ((event: SignedEvent, id: EventId, row: number) => void) | null =
    mode === 'fold'
      ? (event, id) => {
          const rejection = applyEvent(state, event, id)
          if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
        }
      : mode === 'keyed'
        ? (event, id) => keyedFloor(keyed, event, id)
        : numbered !== null && numbers !== null
          ? (event, _id, row) => numberedFloor(numbered, numbers, event, row)
          : null
  const reading = mode === 'read'
  let events = 0
  const cpu = process.cpuUsage()
  const wall = process.hrtime.bigint()
  for (let i = 0, row = 0; i < bounds.length; i += 3, row++) {
    const id = data.toString('latin1', bounds[i], bounds[i + 1]) as EventId
    const json = data.toString('latin1', bounds[i + 1]! + 1, bounds[i + 2])
    if (reading) {
      if (json.length > 0) events++
      continue
    }
    const event = JSON.parse(json) as SignedEvent
    if (step === null) {
      if (event.seq > 0) events++
      continue
    }
    step(event, id, row)
    events++
  }
  const used = process.cpuUsage(cpu)
  console.log(
    JSON.stringify({
      mode,
      events,
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(3)),
      wallSeconds: Number((Number(process.hrtime.bigint() - wall) / 1e9).toFixed(3)),
      ...(mode === 'fold' ? { stateHash: hashSpaceState(state) } : {}),
    }),
  )
}
