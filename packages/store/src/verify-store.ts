// `veche verify`: replays every stored event from nothing, trusting nothing: each event is parsed
// again, its id recomputed from its bytes, its signatures checked and the rules re-applied. The
// result per space is its state hash, which equals that of any other hub holding the same events.
import {
  applyEvent,
  checkForeignEvents,
  countMultiplications,
  createSpaceState,
  decodeBase64url,
  EMPTY_CONTEXT,
  encodeBase64url,
  forkExemption,
  forkJudgementNeeds,
  hashSpaceState,
  parseEvent,
  recordFork,
  referencesOf,
  textRulesRefusal,
  verifyEventsSignatures,
  WELL_FORMED_CHECKS,
} from '@veche/core'
import type {
  EventId,
  FoldContext,
  ParsedEvent,
  SignatureVerdict,
  SignatureVerifier,
  SignedEvent,
  SignedEventOf,
  SpaceId,
  SpaceState,
  StateHash,
} from '@veche/core'
import type { EventStore, HeldBallot } from './event-store.js'
import type { ParallelVerifier } from './parallel-verifier.js'
import { nodeOpenBox } from './node-ballot-box.js'
import { nodeRsaPublic } from './node-blind-rsa.js'
import { nodeEventIdOfJson } from './node-event-id.js'
import { sodiumIsPoint, sodiumScalarMult } from './sodium-ristretto.js'

export interface SpaceVerdict {
  readonly space: SpaceId
  readonly events: number
  /** The state hash, or null when the space has a fault (the state after a fault means nothing). */
  readonly hash: StateHash | null
  readonly fault: { readonly id: EventId; readonly code: string; readonly message: string } | null
  /**
   * Stored events that do not count because of a fork (the forked author's, or built on them);
   * present only when there are some.
   */
  readonly heldBack?: number
}

/** Re-checks every space in the store; `onEvent` is called after each event (for progress). */
export async function verifyStore(
  store: EventStore,
  verifier: SignatureVerifier,
  onEvent: () => void = () => {},
): Promise<SpaceVerdict[]> {
  // The workers start while the first page is read and parsed, with libsodium for a count.
  if (isParallel(verifier)) verifier.start({ sodium: true })
  const verdicts: SpaceVerdict[] = []
  const dependsOn = new Map<SpaceId, Set<SpaceId>>()
  for (const space of await store.spaces()) {
    const referenced = new Set<SpaceId>()
    verdicts.push(await verifySpace(store, verifier, space, onEvent, referenced))
    dependsOn.set(space, referenced)
  }
  // A space that took note of another space's events stands only if that space verifies too
  // (councils and their members reference each other both ways, so this runs to a fixed point).
  for (let changed = true; changed;) {
    changed = false
    for (const [i, verdict] of verdicts.entries()) {
      if (verdict.fault !== null) continue
      const broken = [...(dependsOn.get(verdict.space) ?? [])].find(
        (other) => verdicts.find((v) => v.space === other)?.fault != null,
      )
      if (broken === undefined) continue
      verdicts[i] = {
        ...verdict,
        hash: null,
        fault: {
          id: '' as EventId,
          code: 'reference.missing',
          message: `it references events of space ${broken}, which does not verify`,
        },
      }
      changed = true
    }
  }
  return verdicts
}

/**
 * The referenced events of other spaces, trusting nothing: each is parsed again from its stored
 * bytes, its id recomputed and its signatures checked; one that fails is treated as absent.
 */
async function verifiedReferences(
  store: EventStore,
  verifier: SignatureVerifier,
  event: SignedEvent,
  referenced: Set<SpaceId>,
): Promise<FoldContext> {
  // A count decrypts every sealed ballot: give it the faster multiplication and box opening (the
  // same functions).
  if (event.type === 'secret.poll-counted')
    return { foreign: new Map(), scalarMult: await sodiumScalarMult(), openBox: nodeOpenBox }
  // A secret ballot's point is checked faster too.
  if (event.type === 'secret.ballot') return { foreign: new Map(), isPoint: await sodiumIsPoint() }
  // And an issuer's blind signature, through OpenSSL.
  if (event.type === 'secret.credential-issued')
    return { foreign: new Map(), rsaPublic: nodeRsaPublic }
  const ids = referencesOf(event)
  // Nearly every event references nothing: no reads, no parsing, no (empty) batch of checks.
  if (ids.length === 0) return EMPTY_CONTEXT
  const found: [EventId, unknown][] = []
  for (const id of ids) {
    const stored = await store.get(id)
    if (stored === null) continue
    try {
      found.push([id, JSON.parse(stored.json)])
    } catch {
      // Stored text that is not JSON counts as absent, as a forged event does.
    }
  }
  const foreign = new Map<EventId, SignedEvent>()
  for (const [id, parsed] of await checkForeignEvents(found, verifier)) {
    referenced.add(parsed.event.space)
    foreign.set(id, parsed.event)
  }
  return { foreign }
}

const PAGE = 1000

/**
 * Events parsed before their signatures go to the verifier: a few of the parallel verifier's
 * parts, so the workers have work soon and each batch is still spread over every core.
 */
const PARSE_PART = 256

/** Re-checks one space from nothing. */
export async function verifySpace(
  store: EventStore,
  verifier: SignatureVerifier,
  space: SpaceId,
  onEvent: () => void = () => {},
  referenced: Set<SpaceId> = new Set(),
): Promise<SpaceVerdict> {
  const state = createSpaceState(space)
  let events = 0
  let heldBack = 0
  const fault = (stored: { id: EventId }, code: string, message: string): SpaceVerdict => ({
    space,
    events,
    hash: null,
    fault: { id: stored.id, code, message },
    ...(heldBack > 0 ? { heldBack } : {}),
  })
  // Fork evidence must be genuine: well formed, with its stored id, signed by its author.
  const evidence = (await store.forks(space)).map((fork) => ({
    fork,
    parsed: parseEvent(JSON.parse(fork.json)),
  }))
  const genuine = evidence.flatMap((e) =>
    e.parsed.ok && e.parsed.value.id === e.fork.id ? [e.parsed.value] : [],
  )
  if (genuine.length < evidence.length) {
    const bad = evidence.find((e) => !e.parsed.ok || e.parsed.value.id !== e.fork.id)!
    return fault(bad.fork, 'event.id-mismatch', 'stored fork evidence does not parse to its id')
  }
  const evidenceVerdicts = await verifyEventsSignatures(genuine, verifier)
  const forged = evidenceVerdicts.findIndex((v) => v !== 'ok')
  if (forged >= 0) {
    return fault(
      genuine[forged]!,
      'event.bad-signature',
      'stored fork evidence is not signed by its author',
    )
  }
  for (const { event } of genuine) recordFork(state, event.author, event.seq)
  // Parse stored texts, check their ids and all their signatures (all cores). A page is parsed a
  // part at a time, each part's signatures handed to the verifier before the next is parsed, so
  // the workers start on a page while this thread still parses the rest of it. `onPart` sees each
  // part once parsed, and may hand more work to the verifier.
  const check = async (
    items: readonly { id: EventId; json: string }[],
    onPart: (part: readonly (ParsedEvent | Refusal)[]) => Promise<unknown> | null = () => null,
  ): Promise<CheckedPage> => {
    const parsed: (ParsedEvent | Refusal)[] = []
    const parts: Promise<SignatureVerdict[]>[] = []
    const extras: Promise<unknown>[] = []
    for (let from = 0; from < items.length; from += PARSE_PART) {
      const part = items.slice(from, from + PARSE_PART).map(parseStored)
      parsed.push(...part)
      const good = part.filter((p): p is ParsedEvent => 'event' in p)
      parts.push(verifyEventsSignatures(good, verifier))
      const extra = onPart(part)
      if (extra !== null) extras.push(extra)
    }
    const verdicts = (await Promise.all(parts)).flat()
    return { parsed, verdicts, extras: await Promise.all(extras) }
  }
  // Held secret ballots of one poll (or of every poll not sealed): checked like events, folded
  // in id order before the poll's seal (docs/secret-ballot.md, "Storage"). Each ballot's point is
  // checked with its signatures (all cores), so the fold answers from that check.
  const applied = new Set<EventId>()
  const checkHeld = (items: readonly { id: EventId; json: string }[]): Promise<CheckedPage> =>
    check(items, (part) => {
      const points = part.map(ballotPoint)
      const wanted = points.filter((p): p is Uint8Array => p !== null)
      if (!isParallel(verifier) || wanted.length === 0) return null
      return verifier.isPointAll(wanted).then((answers) => {
        let next = 0
        return points.map((p) => (p === null ? null : { bytes: p, valid: answers[next++]! }))
      })
    })
  const heldPages = (poll?: EventId): HeldPages => {
    const held = store
      .ballots(space, poll)
      .then((ballots) => ballots.filter((b) => !applied.has(b.id)))
    return checkedAhead(pagesOf(held), checkHeld)
  }
  // A poll's held ballots start being checked as soon as the page holding its seal is parsed,
  // one page ahead of the fold, so the workers check them while the pages before are folded.
  const heldAhead = new Map<EventId, HeldPages>()
  const checkLog = (items: readonly { id: EventId; json: string }[]): Promise<CheckedPage> =>
    check(items, (part) => {
      for (const p of part) {
        if (!('event' in p) || p.event.type !== 'secret.poll-sealed') continue
        const poll = p.event.body.poll
        if (!heldAhead.has(poll)) heldAhead.set(poll, started(heldPages(poll)))
      }
      return null
    })
  const foldHeld = async (poll?: EventId): Promise<SpaceVerdict | null> => {
    const ahead = poll === undefined ? undefined : heldAhead.get(poll)
    if (poll !== undefined) heldAhead.delete(poll)
    for await (const { items, checked } of ahead ?? heldPages(poll)) {
      let next = 0
      const points = (checked.extras as (PointAnswer | null)[][]).flat()
      for (const [i, item] of checked.parsed.entries()) {
        const stored = items[i]!
        // Folded already (a second seal of the same poll, checked ahead of the first's fold).
        if (applied.has(stored.id)) {
          if ('event' in item) next++
          continue
        }
        applied.add(stored.id)
        if (!('event' in item)) return fault(item, item.code, item.message)
        if (item.event.type !== 'secret.ballot')
          return fault(item, 'event.malformed', 'a held secret ballot is not a secret.ballot')
        const signatures = checked.verdicts[next++]
        if (signatures !== 'ok')
          return fault(item, verdictCode(signatures), 'a signature does not match')
        const context = withPointAhead(
          await verifiedReferences(store, verifier, item.event, referenced),
          points[i] ?? null,
        )
        const rejection =
          textRulesRefusal(state, item) ?? applyEvent(state, item.event, item.id, context)
        if (rejection !== null) return fault(item, rejection.code, rejection.message)
      }
    }
    return null
  }
  // Pages of the log, each checked (all cores) while the one before it is folded, in order.
  for await (const { items, checked } of checkedAhead(pagesOf(store.read(space)), checkLog)) {
    let next = 0
    for (const [i, item] of checked.parsed.entries()) {
      const stored = items[i]!
      events += 1
      onEvent()
      if (!('event' in item)) return fault(item, item.code, item.message)
      const signatures = checked.verdicts[next++]
      if (signatures !== 'ok')
        return fault(stored, verdictCode(signatures), 'a signature does not match')
      if (item.event.type === 'secret.poll-sealed') {
        const held = await foldHeld(item.event.body.poll)
        if (held !== null) return held
      }
      let context = await verifiedReferences(store, verifier, item.event, referenced)
      if (item.event.type === 'secret.poll-counted')
        context = await withProductsAhead(context, state, item.event, verifier)
      const rejection =
        textRulesRefusal(state, item) ?? applyEvent(state, item.event, item.id, context)
      if (rejection !== null) {
        if (state.forks.size === 0) return fault(stored, rejection.code, rejection.message)
        heldBack += 1
      }
    }
  }
  const verdict = await foldHeld()
  if (verdict !== null) return verdict
  // Under fork rule 2 no ledger keeps as evidence an event that its own bytes and the event it
  // names rule out (core's fork-exemption.ts): one stored means the store was changed.
  for (const event of state.forkRule < 2 ? [] : genuine) {
    const id = forkJudgementNeeds(event.event)
    const stored = id === null ? null : await store.get(id)
    const named =
      id === null
        ? null
        : stored !== null
          ? (JSON.parse(stored.json) as SignedEvent)
          : (genuine.find((e) => e.id === id)?.event ?? null)
    const refusal = forkExemption(state, event, named)
    if (refusal !== null)
      return fault(
        event,
        refusal.code,
        `stored fork evidence that fork rule 2 refuses: ${refusal.message}`,
      )
  }
  return {
    space,
    events,
    hash: hashSpaceState(state),
    fault: null,
    ...(heldBack > 0 ? { heldBack } : {}),
  }
}

/**
 * A count's context whose multiplication and box opening answer from products and boxes opened
 * ahead on every core (a count is the last thing folded in its poll, so alone it would leave the
 * other cores idle), when the verifier can compute them; anything not computed ahead (another
 * scalar or point, another box) is computed then. The same functions either way (libsodium's and
 * node:crypto's), so the count does not change.
 */
async function withProductsAhead(
  context: FoldContext,
  state: SpaceState,
  event: SignedEventOf<'secret.poll-counted'>,
  verifier: SignatureVerifier,
): Promise<FoldContext> {
  const { scalarMult: multiply, openBox: open } = context
  const planned = countMultiplications(state, event)
  if (multiply === undefined || open === undefined || planned === null || !isParallel(verifier))
    return context
  const answers = await verifier.openAll(
    planned.scalar,
    planned.points.map((point, i) => ({ point, ...planned.boxes[i]! })),
  )
  const products = new Map(planned.points.map((point, i) => [encodeBase64url(point), answers[i]!]))
  // Each box by the very product the count passes on to open it (the product answered below).
  const boxes = new Map<
    Uint8Array,
    { info: Uint8Array; sealed: Uint8Array | null; opened: Uint8Array | null }
  >()
  answers.forEach(({ product, opened }, i) => {
    if (product !== null && !boxes.has(product))
      boxes.set(product, { ...planned.boxes[i]!, opened })
  })
  return {
    ...context,
    scalarMult: (scalar, point) => {
      const answer = sameBytes(scalar, planned.scalar)
        ? products.get(encodeBase64url(point))
        : undefined
      return answer !== undefined ? answer.product : multiply(scalar, point)
    },
    openBox: (ikm, info, sealed) => {
      const box = boxes.get(ikm)
      return box !== undefined &&
        box.sealed !== null &&
        sameBytes(info, box.info) &&
        sameBytes(sealed, box.sealed)
        ? box.opened
        : open(ikm, info, sealed)
    },
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i])
}

function isParallel(verifier: SignatureVerifier): verifier is ParallelVerifier {
  return typeof (verifier as Partial<ParallelVerifier>).scalarMultAll === 'function'
}

/** A stored text parsed again, its id recomputed and compared with the stored one. */
function parseStored(stored: { id: EventId; json: string }): ParsedEvent | Refusal {
  let input: unknown
  try {
    input = JSON.parse(stored.json)
  } catch {
    return { id: stored.id, code: 'event.malformed', message: 'the stored text is not JSON' }
  }
  const result = parseEvent(input, {
    oldTexts: 'report',
    text: stored.json,
    idOfJson: nodeEventIdOfJson,
    wellFormed: WELL_FORMED_CHECKS,
  })
  if (!result.ok) return { id: stored.id, code: result.code, message: result.message }
  const { id, json } = result.value
  if (id !== stored.id || json !== stored.json) {
    return {
      id: stored.id,
      code: 'event.id-mismatch',
      message: `the stored bytes hash to ${id}, not to the stored id`,
    }
  }
  return result.value
}

/** A stored text that does not parse to its stored id, and why. */
interface Refusal {
  readonly id: EventId
  readonly code: string
  readonly message: string
}

/**
 * A page's parsed events (or why each failed), the signature verdicts of those that parsed, and
 * what else was checked with them, per part (a held ballot's point).
 */
interface CheckedPage {
  readonly parsed: (ParsedEvent | Refusal)[]
  readonly verdicts: SignatureVerdict[]
  readonly extras: unknown[]
}

/** Pages of held ballots with their checks. */
type HeldPages = AsyncGenerator<{ items: HeldBallot[]; checked: CheckedPage }>

/** A held ballot's point and whether it is a valid one, checked ahead of its fold. */
interface PointAnswer {
  readonly bytes: Uint8Array
  readonly valid: boolean
}

/** A secret ballot's ephemeral point as 32 bytes, when it has one of that length to check. */
function ballotPoint(item: ParsedEvent | Refusal): Uint8Array | null {
  if (!('event' in item) || item.event.type !== 'secret.ballot') return null
  const ephemeral = (item.event.body.ciphertext as { ephemeral?: unknown } | null)?.ephemeral
  if (typeof ephemeral !== 'string' || ephemeral.length !== 43) return null
  const bytes = decodeBase64url(ephemeral)
  return bytes !== null && bytes.length === 32 ? bytes : null
}

/**
 * `context` whose point check answers from the one made ahead for these very bytes, and asks the
 * context's own check (libsodium's, the same predicate) for any other.
 */
function withPointAhead(context: FoldContext, ahead: PointAnswer | null): FoldContext {
  const isPoint = context.isPoint
  if (ahead === null || isPoint === undefined) return context
  return {
    ...context,
    isPoint: (bytes) => (sameBytes(bytes, ahead.bytes) ? ahead.valid : isPoint(bytes)),
  }
}

/**
 * `pages`, its first page's check started now rather than on the first `next()`: the caller
 * takes it later, when its turn in the fold comes.
 */
function started<T>(pages: AsyncGenerator<T>): AsyncGenerator<T> {
  const first = pages.next()
  // Awaited when its turn comes; a verify that stopped before then must not see it fail.
  first.catch(() => {})
  return (async function* () {
    for (let r = await first; r.done !== true; r = await pages.next()) yield r.value
  })()
}

/** `items` cut into pages of PAGE. */
async function* pagesOf<T>(
  items: AsyncIterable<T> | Iterable<T> | Promise<Iterable<T>>,
): AsyncGenerator<T[]> {
  let page: T[] = []
  for await (const item of await items) {
    page.push(item)
    if (page.length >= PAGE) {
      yield page
      page = []
    }
  }
  if (page.length > 0) yield page
}

/**
 * Each page with its check, one page ahead: the next page's check is started before a page is
 * handed out, so the workers check its signatures while the caller folds the page before it (the
 * fold is one thread's work; alone, it would leave the other cores idle). A caller that stops
 * early leaves at most one check running, whose result is dropped.
 */
async function* checkedAhead<T>(
  pages: AsyncIterable<T[]>,
  check: (items: readonly T[]) => Promise<CheckedPage>,
): AsyncGenerator<{ items: T[]; checked: CheckedPage }> {
  let ahead: { items: T[]; checked: Promise<CheckedPage> } | null = null
  for await (const items of pages) {
    const next = { items, checked: check(items) }
    // Awaited when its turn comes; a caller that stopped before then must not see it fail.
    next.checked.catch(() => {})
    if (ahead !== null) yield { items: ahead.items, checked: await ahead.checked }
    ahead = next
  }
  if (ahead !== null) yield { items: ahead.items, checked: await ahead.checked }
}

/** The code of a failed signature check. */
function verdictCode(verdict: SignatureVerdict | undefined): string {
  if (verdict === 'bad-proof') return 'invitation.bad-proof'
  if (verdict === 'bad-credential') return 'secret.bad-credential'
  return 'event.bad-signature'
}
