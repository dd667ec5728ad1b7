// The least work of a fold of bench-replay's log (replay-log.ts), kept apart from the fold's
// rules: the keyed steps every replay of it takes. `keyedFloor` keys them by the strings each parse
// makes (author, poll and ballot ids), as the state does; `numberedFloor` by small numbers handed
// in beside each event, as a store that numbered its authors and events could hand them. The
// second is an experiment (what such a contract would leave of the floor), not a fold: both throw
// on anything but this log.
import type { SignedEvent } from '@veche/core'
import { space } from './replay-log.js'

/** The keyed floor's state, keyed as the fold's state is: by author, poll and ballot id. */
export interface KeyedState {
  readonly heads: Map<string, { seq: number; head: string }>
  readonly members: Set<string>
  readonly polls: Map<string, KeyedPoll>
}

interface KeyedPoll {
  readonly ballots: Map<string, { voter: string; seq: number; vote: unknown }>
  readonly latest: Map<string, string>
  sealed: readonly string[] | null
}

export function createKeyedState(): KeyedState {
  return { heads: new Map(), members: new Set(), polls: new Map() }
}

/**
 * Folds one event with only the keyed steps every replay of this log takes: the author's chain
 * (seq and prev), that the author is a member, a ballot kept by id and as its voter's latest, and
 * at a close each sealed id found and checked against its voter's latest, the seal kept. No rule,
 * count, result or message: a floor for the fold, not a fold (it throws on anything else).
 */
export function keyedFloor(floor: KeyedState, event: SignedEvent, id: string): void {
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

/**
 * The numbers a store could hand beside each event of the log (its row, its author's, its
 * previous event's, its poll's and an admitted member's; a close's sealed ballots' rows), made here by one pass over
 * the log outside the timed loop. -1: none.
 */
export interface LogNumbers {
  readonly author: Int32Array
  readonly prev: Int32Array
  readonly poll: Int32Array
  readonly member: Int32Array
  readonly sealed: (Int32Array | null)[]
  readonly authors: number
}

/** Numbers the events of a log given as [id, parsed event] pairs, in order. */
export function numberLog(
  events: Iterable<readonly [string, SignedEvent]>,
  size: number,
): LogNumbers {
  const rows = new Map<string, number>()
  const authorOf = new Map<string, number>()
  const numbers = {
    author: new Int32Array(size).fill(-1),
    prev: new Int32Array(size).fill(-1),
    poll: new Int32Array(size).fill(-1),
    member: new Int32Array(size).fill(-1),
    sealed: new Array<Int32Array | null>(size).fill(null),
    authors: 0,
  }
  let row = 0
  for (const [id, event] of events) {
    rows.set(id, row)
    let author = authorOf.get(event.author)
    if (author === undefined) authorOf.set(event.author, (author = numbers.authors++))
    numbers.author[row] = author
    numbers.prev[row] = event.prev === null ? -1 : rows.get(event.prev)!
    if (event.type === 'ballot.cast' || event.type === 'poll.closed')
      numbers.poll[row] = rows.get(event.body.poll)!
    if (event.type === 'member.admitted') {
      let member = authorOf.get(event.body.member)
      if (member === undefined) authorOf.set(event.body.member, (member = numbers.authors++))
      numbers.member[row] = member
    }
    if (event.type === 'poll.closed')
      numbers.sealed[row] = Int32Array.from(event.body.ballots, (ballot) => rows.get(ballot)!)
    row++
  }
  return numbers
}

/** The numbered floor's state: arrays by author number, maps by row. */
export interface NumberedState {
  readonly seq: Int32Array
  readonly head: Int32Array
  readonly member: Uint8Array
  readonly polls: Map<number, NumberedPoll>
}

interface NumberedPoll {
  readonly ballots: Map<number, { voter: number; seq: number; vote: unknown }>
  readonly latest: Map<number, number>
  sealed: Int32Array | null
}

export function createNumberedState(authors: number): NumberedState {
  return {
    seq: new Int32Array(authors),
    head: new Int32Array(authors).fill(-1),
    member: new Uint8Array(authors),
    polls: new Map(),
  }
}

/** `keyedFloor`'s steps keyed by the numbers of row `row` (`numberLog`), not by strings. */
export function numberedFloor(
  floor: NumberedState,
  numbers: LogNumbers,
  event: SignedEvent,
  row: number,
): void {
  if (event.space !== space) throw new Error('space')
  const author = numbers.author[row]!
  if (floor.seq[author]! + 1 !== event.seq || floor.head[author] !== numbers.prev[row])
    throw new Error('chain')
  if (event.type !== 'assembly.created' && floor.member[author] !== 1) throw new Error('member')
  switch (event.type) {
    case 'ballot.cast': {
      const poll = floor.polls.get(numbers.poll[row]!)!
      poll.ballots.set(row, { voter: author, seq: event.seq, vote: event.body.vote })
      poll.latest.set(author, row)
      break
    }
    case 'assembly.created':
      floor.member[author] = 1
      break
    case 'member.admitted':
      floor.member[numbers.member[row]!] = 1
      break
    case 'poll.opened':
      floor.polls.set(row, { ballots: new Map(), latest: new Map(), sealed: null })
      break
    case 'poll.closed': {
      const poll = floor.polls.get(numbers.poll[row]!)!
      const sealed = numbers.sealed[row]!
      for (const ballot of sealed) {
        const record = poll.ballots.get(ballot)
        if (record === undefined || poll.latest.get(record.voter) !== ballot)
          throw new Error('seal')
      }
      if (sealed.length !== poll.latest.size) throw new Error('seal')
      poll.sealed = sealed.slice()
      poll.ballots.clear()
      poll.latest.clear()
      break
    }
    default:
      throw new Error(event.type)
  }
  floor.seq[author] = event.seq
  floor.head[author] = row
}
