// A small assembly folded event by event, its members admitted, for tests of polls' ballots and
// closes: events carry placeholder signatures (the fold does not check them) and ids made from a
// counter, and each author's chain is kept by the helper.
import { applyEvent } from '../apply-event.js'
import { encodeBase64url } from '../base64url.js'
import type { SignedEvent } from '../event-envelope.js'
import type { EventId, PublicKey } from '../ids.js'
import { computePollResult } from '../poll-methods.js'
import type { Rejection } from '../result.js'
import { deriveSpaceId } from '../signing.js'
import { createSpaceState } from '../space-state.js'
import type { SpaceState } from '../space-state.js'

const SIG = 'S'.repeat(86)
const SHAPE = {
  method: 'majority',
  options: ['yes', 'no'],
  threshold: { num: 1, den: 2 },
  tieBreakSeed: 'small-seed-0001',
} as const

/** A well-formed id or key made from `n` and `salt`. */
export function idFrom(n: number, salt: number): string {
  const bytes = new Uint8Array(32)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, salt)
  view.setFloat64(8, n)
  return encodeBase64url(bytes)
}

export interface SmallAssembly {
  readonly state: SpaceState
  readonly founder: PublicKey
  readonly voters: readonly PublicKey[]
  /** Every event folded or tried, with its id, in order: the log a replica would replay. */
  readonly log: readonly (readonly [SignedEvent, EventId])[]
  /** The next event of `author`, not folded. */
  event(author: PublicKey, type: string, body: unknown): [SignedEvent, EventId]
  /** Folds the next event of `author` and returns its id; throws if it is refused. */
  fold(author: PublicKey, type: string, body: unknown): EventId
  /** Folds the next event of `author` and returns its id, or its refusal (its seq stays free). */
  tryFold(author: PublicKey, type: string, body: unknown): Rejection | EventId
  /** The seq of `author`'s latest event folded. */
  seqOf(author: PublicKey): number
}

/** An assembly founded and with `members` members admitted, each a voter. */
export function smallAssembly(members: number, nonce = 'small-assembly-1'): SmallAssembly {
  const founder = idFrom(0, 21) as PublicKey
  const space = deriveSpaceId(founder, nonce)
  const state = createSpaceState(space)
  const heads = new Map<string, { seq: number; head: string | null }>()
  const log: (readonly [SignedEvent, EventId])[] = []
  let n = 0
  let clock = 1
  const event = (author: PublicKey, type: string, body: unknown): [SignedEvent, EventId] => {
    const head = heads.get(author) ?? { seq: 0, head: null }
    const id = idFrom(++n, 23) as EventId
    const signed = { v: 1, space, author, seq: head.seq + 1, prev: head.head, type, body }
    return [{ ...signed, at: clock++, sig: SIG } as SignedEvent, id]
  }
  const tryFold = (author: PublicKey, type: string, body: unknown): Rejection | EventId => {
    const [signed, id] = event(author, type, body)
    log.push([signed, id])
    const refused = applyEvent(state, signed, id)
    if (refused !== null) return refused
    heads.set(author, { seq: signed.seq, head: id })
    return id
  }
  const fold = (author: PublicKey, type: string, body: unknown): EventId => {
    const folded = tryFold(author, type, body)
    if (typeof folded !== 'string') throw new Error(`${folded.code}: ${folded.message}`)
    return folded
  }
  fold(founder, 'assembly.created', {
    nonce,
    name: 'Small assembly',
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
  const voters = Array.from({ length: members }, (_, i) => idFrom(i + 1, 22) as PublicKey)
  for (const [i, m] of voters.entries())
    fold(founder, 'member.admitted', { member: m, name: `Member ${i}` })
  const seqOf = (author: PublicKey): number => heads.get(author)?.seq ?? 0
  return { state, founder, voters, log, event, fold, tryFold, seqOf }
}

/** Opens a majority poll on yes or no, by the founder. */
export function openYesNoPoll(a: SmallAssembly, question: string): EventId {
  return a.fold(a.founder, 'poll.opened', {
    question,
    proposal: null,
    voters: 'members',
    ...SHAPE,
    options: [...SHAPE.options],
  })
}

/**
 * The founder's close of `poll` sealing `seal` (sorted by id, with the result of their choices):
 * a `poll.closed`, or with `seen` a `poll.closed.2` of that view. Returns its id or its refusal.
 */
export function closeYesNoPoll(
  a: SmallAssembly,
  poll: EventId,
  seal: readonly { readonly id: EventId; readonly choice: string }[],
  seen?: Readonly<Record<string, number>>,
): Rejection | EventId {
  const sorted = [...seal].sort((x, y) => (x.id < y.id ? -1 : 1))
  const result = computePollResult(
    { ...SHAPE, options: [...SHAPE.options] },
    sorted.map((b) => ({ choice: b.choice })),
    { quorum: 0 },
  )
  if (!result.ok) throw new Error(result.message)
  const body = { poll, ballots: sorted.map((b) => b.id), result: result.value }
  return seen === undefined
    ? a.tryFold(a.founder, 'poll.closed', body)
    : a.tryFold(a.founder, 'poll.closed.2', { ...body, seen })
}
