// One replication pass with another hub over HTTP: per space, pull what this hub lacks (stating
// its vector; pages of up to 1,000 events, submitted with `park: true` in groups of up to 8 pages
// while the next are fetched), then push what the other lacks (from the other's vector; batches
// of up to 8,000 events where the other hub takes them). Resumable by design: an interrupted pass
// leaves every written event durable, and the next pass states the vectors again, so nothing is
// fetched twice or lost. A page holding an altered event is refused whole, with its reason in the
// report, and the pass goes on with the next page. Events a hub holds
// back (parked until what they depend on arrives) travel both ways too, after the rest. Held
// secret ballots (no part of the log: no vector covers them) travel per poll whose count or
// digest of ids differs between the two hubs, a page of up to 1,000 sorted by id at a time; each
// side then holds the other's, so a seal made on either finds every ballot it names.
// Private spaces: pulled only with a proof of the replication key, pushed only to a hub that
// answered that proof with the same key.
// A fork below both hubs' newest events (a chain break: an event refused `chain.wrong-prev`, here
// or there) is looked below once: the other hub's event at the seq under the break is pulled, and
// kept as fork evidence, after which the space goes whole both ways (chain-breaks.ts).
import { MAX_EVENT_MEMBERS, PUBLIC_KEY_PATTERN, countJsonMembers } from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import { TAMPERED_CODES } from '@veche/store'
import type { Ledger, SpaceSyncState, SubmitReport } from '@veche/store'
import { setTimeout } from 'node:timers/promises'
import { z } from 'zod'
import { noteChainBreak, noteChainBreaks } from './chain-breaks.js'
import type { ChainBreaks } from './chain-breaks.js'
import { PassEvidence } from './pass-evidence.js'
import { checkPulledPage, foreignEvent, MAX_REFUSED_PAGES } from './pulled-page-checks.js'
import { refused, SKIPPED_PRIVATE, SKIPPED_UNHELD, SyncError, unreachable } from './peer-failure.js'
import { SpaceVisibility } from './read-access.js'
import { sameVector, syncDigest, vectorOf } from './sync-digest.js'
import { BALLOT_PAGE, HEAD_PREFIX_LENGTH, MAX_LISTED_SPACES, SyncSpaces } from './sync-route.js'
import {
  checkClusterReply,
  checkReplicationReply,
  CLUSTER_HEADER,
  clusterProof,
  REPLICATION_HEADER,
  replicationProof,
} from './replication-keys.js'
import type { ReplicationKeys } from './replication-keys.js'

export { explainPeerFailure, SyncError } from './peer-failure.js'
export type { PeerAdvice } from './peer-failure.js'

export interface SyncOptions {
  /** Only these spaces (default: every space either side serves). */
  readonly spaces?: readonly SpaceId[]
  /** Replication keys of the private spaces this hub may replicate. */
  readonly replicationKeys?: ReplicationKeys
  /**
   * The cluster key (`veche serve --cluster-key-file`), for a peer of the same cluster only: its
   * proof stands for every private space's replication key, both ways.
   */
  readonly clusterKey?: string
  /** This hub's record of each space's visibility (default: one for this pass). */
  readonly visibility?: SpaceVisibility
  /** Aborts the pass (requests in flight are cancelled). */
  readonly signal?: AbortSignal
  /** Per request, at most this long (default 60 s). */
  readonly requestTimeoutMs?: number
}

/** What one direction of one space did. */
export interface FlowCounts {
  accepted: number
  duplicate: number
  parked: number
  forks: number
  rejected: number
  released: number
  /** Batches refused whole, with the reason (an altered event). */
  readonly refused: string[]
}

export interface SpaceSyncReport {
  readonly space: SpaceId
  readonly pulled: FlowCounts
  readonly pushed: FlowCounts
  /** Why the space was not pushed or pulled (private without a matching key), if so. */
  readonly skipped?: string
}

const PAGE = 1_000
/**
 * Events per transaction, about: pulled pages are submitted in groups of up to this many events
 * (or GROUP_BYTES of answers), and pushes are this large where the other hub takes them. A commit
 * rewrites every index page its events touch, and event ids are random, so a group of 8 pages
 * writes about a third of what 8 transactions of one page do (the commits were the largest cost
 * of a 100,000-event pull: BENCHMARKS.md, #15). Groups start at one page and double, so the first
 * events of a pass are written as soon as they came, and a short pass is not one transaction.
 */
const GROUP_EVENTS = 8_000

/**
 * How many times one push waits and is sent again when the other hub is pacing this sender's
 * large bodies (`request.too-busy`), and the longest wait it takes from the hub's Retry-After.
 */
const MAX_BUSY_WAITS = 20
const MAX_BUSY_WAIT_MS = 60_000

/** Whether a push was refused unread for this sender's budget of large bodies. */
function tooBusy(res: Response, text: string): boolean {
  return res.status === 429 && text.includes('"request.too-busy"')
}

/** The wait a 429 asks for (Retry-After seconds), at least one second and at most a minute. */
function retryAfterMs(res: Response): number {
  const seconds = Number(res.headers.get('retry-after'))
  return Number.isFinite(seconds) ? Math.min(MAX_BUSY_WAIT_MS, Math.max(1, seconds) * 1_000) : 1_000
}

/** The size of the next group after one of `size`: twice as large, up to `limit`. */
function nextGroup(size: number, limit: number): number {
  return Math.min(size * 2, limit)
}
/** Bytes of answers (JSON text) held for one group at most, whatever their events. */
const GROUP_BYTES = 16 * 1024 * 1024
/** Bytes of event JSON per pushed batch (the hub's body limit is 12 MiB). */
const PUSH_BYTES = 4 * 1024 * 1024
/**
 * JSON members (countJsonMembers) in one answer read from another hub at most, counted before it
 * is parsed, as a hub counts a request's (json-body.ts): a hostile hub's page of one object of
 * millions of keys would hold this hub's event loop for seconds. A legitimate page over it (1,000
 * events of 64 KiB each can hold 16 million) is asked for again with fewer events; one event holds
 * at most MAX_EVENT_MEMBERS, and the held-back events that go with the last page at most 8 MiB.
 */
export const MAX_ANSWER_MEMBERS = 1_000_000

/**
 * JSON members of event text in one push at most: under the other hub's budget (600,000) with room
 * for the batch around them; an event of more goes alone.
 */
const PUSH_MEMBERS = 400_000

/**
 * The largest answer read from another hub (96 MiB): a page of 1,000 events at the 64 KiB most
 * an event may have, a 10 MiB seal, fork evidence, and at most 8 MiB of held-back events. A hub
 * that sends more is not read further: the pass fails with a SyncError naming it.
 */
export const MAX_RESPONSE_BYTES = 96 * 1024 * 1024

/** The body of `res` as text, or null when it runs past `limit` bytes (then it is not read on). */
async function readBounded(res: Response, limit: number): Promise<string | null> {
  if (res.body === null) return ''
  const reader = (res.body as ReadableStream<Uint8Array>).getReader()
  const parts: Uint8Array[] = []
  let bytes = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.length
    if (bytes > limit) {
      await reader.cancel()
      return null
    }
    parts.push(value)
  }
  return Buffer.concat(parts, bytes).toString('utf8')
}

/**
 * Pages of one poll's held ballots read in one pass at most (100,000 ballots): a peer cannot keep
 * a pass going by answering page after page.
 */
const MAX_BALLOT_PAGES = 100

const BallotPage = z.object({
  ballots: z.array(z.looseObject({})),
  next: z.string().nullable(),
})

/** A pulled page's events, and how the report names it. */
interface PulledPage {
  readonly events: readonly unknown[]
  /** How many of `events`, the first, the other hub holds in its log (not evidence, not held). */
  readonly stored: number
  readonly label: string
}

const MissingPage = z.object({
  events: z.array(z.unknown()),
  forks: z.array(z.unknown()),
  /** Absent from hubs older than the field: they pass on nothing they hold back. */
  held: z.array(z.unknown()).default([]),
  next: z.number().int().nullable(),
})

/** A push answer's chain breaks: per author, the lowest seq refused `chain.wrong-prev` there. */
const Breaks = z.record(z.string().regex(PUBLIC_KEY_PATTERN), z.number().int())

/** Runs tasks with at most two in flight; `drain` waits for all and throws the first failure. */
class TwoInFlight {
  readonly #running: Promise<void>[] = []
  #failure: { error: unknown } | null = null

  async add(task: () => Promise<void>): Promise<void> {
    if (this.#running.length >= 2) await this.#running.shift()
    if (this.#failure !== null) throw this.#failure.error
    this.#running.push(
      task().catch((error: unknown) => {
        this.#failure ??= { error }
      }),
    )
  }

  async drain(): Promise<void> {
    await Promise.all(this.#running)
    if (this.#failure !== null) throw this.#failure.error
  }
}

function counts(): FlowCounts {
  return { accepted: 0, duplicate: 0, parked: 0, forks: 0, rejected: 0, released: 0, refused: [] }
}

/** Whether a submission with `refuseOn: TAMPERED_CODES` was refused whole (an altered event). */
function refusedWhole(report: SubmitReport): boolean {
  return report.outcomes.some((o) => o.status === 'rejected' && TAMPERED_CODES.has(o.code))
}

/** Adds a ledger report to `into`; a refused batch (an altered event) adds its reason only. */
function tally(into: FlowCounts, report: SubmitReport, label: string): void {
  const bad = report.outcomes.findIndex(
    (o) => o.status === 'rejected' && TAMPERED_CODES.has(o.code),
  )
  const outcome = report.outcomes[bad]
  if (outcome !== undefined && outcome.status === 'rejected') {
    into.refused.push(`${label}, event ${bad + 1}: ${outcome.code}: ${outcome.message}`)
    return
  }
  into.released += report.released
  for (const o of report.outcomes) {
    if (o.status !== 'rejected') into[o.status] += 1
    else if (o.parked === true) into.parked += 1
    else if (o.code === 'chain.fork') into.forks += 1
    else into.rejected += 1
  }
}

/** Syncs this hub's ledger with the hub at `peer` (its base URL) once: pull, then push. */
export async function syncWithPeer(
  ledger: Ledger,
  peer: string,
  options: SyncOptions = {},
): Promise<SpaceSyncReport[]> {
  const base = peer.replace(/\/+$/, '')
  const signalOption = options.signal === undefined ? {} : { signal: options.signal }
  const keys = options.replicationKeys ?? new Map<SpaceId, string>()
  const proofs = new Map(
    [...keys].map(([space, key]) => [space, replicationProof(key, space, Date.now())]),
  )
  const header = [...proofs].map(([space, proof]) => `${space}=${proof}`).join(', ')
  const cluster =
    options.clusterKey === undefined ? undefined : clusterProof(options.clusterKey, Date.now())
  const request = async (
    path: string,
    init: RequestInit = {},
    { retry = true }: { readonly retry?: boolean } = {},
  ): Promise<Response> => {
    const timeout = AbortSignal.timeout(options.requestTimeoutMs ?? 60_000)
    const signal =
      options.signal === undefined ? timeout : AbortSignal.any([timeout, options.signal])
    const send = (): Promise<Response> =>
      fetch(`${base}${path}`, {
        ...init,
        signal,
        headers: {
          'content-type': 'application/json',
          ...(header === '' ? {} : { [REPLICATION_HEADER]: header }),
          ...(cluster === undefined ? {} : { [CLUSTER_HEADER]: cluster }),
        },
      })
    try {
      try {
        return await send()
      } catch (error) {
        // A kept-alive connection the other hub closed while this side was busy submitting (a
        // hub closes one idle for 5 s) fails the next request sent on it: a read is asked again
        // once, on a new connection. A push is not: it may have been taken.
        if (!retry || signal.aborted) throw error
        return await send()
      }
    } catch (error) {
      throw unreachable(base, error)
    }
  }
  const bounded = async (res: Response, what: string): Promise<string> => {
    let text: string | null
    try {
      text = await readBounded(res, MAX_RESPONSE_BYTES)
    } catch (error) {
      throw new SyncError(`${base} broke off ${what}: ${(error as Error).message}`, {
        cause: error,
      })
    }
    if (text === null) {
      throw new SyncError(
        `${base} answered ${what} with more than ${MAX_RESPONSE_BYTES} bytes: not read further`,
      )
    }
    return text
  }
  /**
   * The answer decoded, with its length in characters (what it holds in memory, about); null when
   * it holds more than MAX_ANSWER_MEMBERS (then not parsed).
   */
  const countedJson = async (
    res: Response,
    what: string,
  ): Promise<{ value: unknown; bytes: number } | null> => {
    const text = await bounded(res, what)
    if (!res.ok) throw refused(base, what, res.status, text)
    if (countJsonMembers(text, MAX_ANSWER_MEMBERS) > MAX_ANSWER_MEMBERS) return null
    try {
      return { value: JSON.parse(text) as unknown, bytes: text.length }
    } catch {
      throw new SyncError(`${base} answered ${what} with something that is not JSON`)
    }
  }
  const sizedJson = async (
    res: Response,
    what: string,
  ): Promise<{ value: unknown; bytes: number }> => {
    const counted = await countedJson(res, what)
    if (counted === null) throw tooManyMembers(what)
    return counted
  }
  const tooManyMembers = (what: string): SyncError =>
    new SyncError(
      `${base} answered ${what} with more than ${MAX_ANSWER_MEMBERS} JSON members: not read (one event holds at most ${MAX_EVENT_MEMBERS})`,
    )
  const json = async (res: Response, what: string): Promise<unknown> =>
    (await sizedJson(res, what)).value

  // A pass over a few spaces asks for only their vectors, not those of every space the hub holds.
  const some =
    options.spaces !== undefined &&
    options.spaces.length > 0 &&
    options.spaces.length <= MAX_LISTED_SPACES
      ? `?${options.spaces.map((space) => `space=${space}`).join('&')}`
      : ''
  const listing = SyncSpaces.safeParse(
    await json(await request(`/api/sync/spaces${some}`), 'the list of spaces'),
  )
  if (!listing.success)
    throw new SyncError(`${base} is not a Veche hub (its list of spaces is malformed)`)
  const remote = listing.data
  // Pushes as large as the other hub takes, up to a group: fewer, larger transactions there.
  const pushLimit = Math.max(1, Math.min(remote.pushLimit, GROUP_EVENTS))
  const local = await ledger.store.spaces()
  const wanted =
    options.spaces ?? [...new Set([...local, ...(Object.keys(remote.spaces) as SpaceId[])])].sort()

  // The other process showed it holds the cluster key too: every private space may go to it.
  const clusterAnswered =
    options.clusterKey !== undefined &&
    cluster !== undefined &&
    remote.cluster !== undefined &&
    checkClusterReply(options.clusterKey, cluster, remote.cluster)
  const visibility = options.visibility ?? new SpaceVisibility(ledger)
  const ours = await localStates(wanted)
  const reports: SpaceSyncReport[] = []
  for (const space of wanted) {
    const pulled = counts()
    const pushed = counts()
    const theirs = remote.spaces[space]
    // The usual pass: the other hub lists the space as this hub holds it (its digest of newest
    // events, held ballots, fork evidence and held-back events, and its vector): nothing to carry
    // either way, so nothing is read or asked of it. A digest that is not this hub's own (another
    // state, a hub older than the field, a peer that lies) takes the whole path below.
    const mine = ours.get(space)
    if (
      theirs?.digest !== undefined &&
      mine !== undefined &&
      theirs.digest === syncDigest(mine) &&
      sameVector(theirs.vector, vectorOf(mine))
    ) {
      reports.push({ space, pulled, pushed })
      continue
    }
    let skipped: string | undefined
    /** Per poll whose held ballots differ, the ids the other hub holds (after the pull). */
    let theirBallots = new Map<EventId, Set<EventId>>()
    // A fork below both hubs' newest events shows as a chain break (chain-breaks.ts): this
    // hub's own when pulling, the other's when pushing. Either way the other hub's event below
    // the break is pulled, and is fork evidence here if it is not the one this hub holds.
    // The evidence is read once, and again only if the pass may have kept more (pass-evidence.ts).
    const evidence = new PassEvidence(ledger.store, space)
    const held = async (): Promise<number> => (await evidence.events()).length
    const heldBefore = await held()
    if (theirs !== undefined) {
      const breaks = await pull(space, pulled, evidence)
      if (breaks.size > 0) await pullBelow(space, breaks, pulled, evidence)
      theirBallots = await pullBallots(space, theirs.ballots, pulled, evidence)
    }
    // New evidence (from a break, or the other hub's newest event at this hub's newest seq): the
    // push sends the space whole, and the pass pulls once more at the end.
    let forked = (await held()) > heldBefore
    // Null: this hub holds nothing of the space.
    const seen = await visibility.of(space)
    if (seen !== null) {
      const key = keys.get(space)
      const reply = remote.keys[space]
      const proof = proofs.get(space)
      const mayPush =
        seen !== 'private' ||
        clusterAnswered ||
        (key !== undefined &&
          reply !== undefined &&
          proof !== undefined &&
          checkReplicationReply(key, space, proof, reply))
      if (mayPush) {
        const vector = theirs?.vector ?? {}
        const breaks = await push(
          space,
          vector,
          pushed,
          evidence,
          theirs?.ballots ?? [],
          theirBallots,
        )
        // Evidence found now goes over at once: a space with evidence is pushed whole.
        if (breaks.size > 0 && theirs !== undefined) {
          const before = await held()
          await pullBelow(space, breaks, pulled, evidence)
          if ((await held()) > before) {
            forked = true
            await push(space, vector, pushed, evidence, theirs.ballots, theirBallots)
          }
        }
        // What was pushed let the other hub accept events it held parked (a seal that waited
        // for a ballot only this side had), or flag a fork and so send the space whole: pull
        // those too, so one pass carries them across (both hubs then hold both branches at the
        // lowest forked seq, however far below the break it is).
        if ((pushed.released > 0 || forked) && theirs !== undefined)
          await pull(space, pulled, evidence)
      } else skipped = SKIPPED_PRIVATE
    } else if (theirs === undefined) {
      skipped = SKIPPED_UNHELD
    }
    reports.push({ space, pulled, pushed, ...(skipped === undefined ? {} : { skipped }) })
  }
  return reports

  /**
   * This hub's sync state of the spaces the other hub listed with a digest (of every space in a
   * few queries, unless the pass is over a few): none when the other hub sends no digests.
   */
  async function localStates(
    spaces: readonly SpaceId[],
  ): Promise<ReadonlyMap<SpaceId, SpaceSyncState>> {
    const digested = spaces.filter((space) => remote.spaces[space]?.digest !== undefined)
    if (digested.length === 0) return new Map()
    if (options.spaces === undefined || digested.length > MAX_LISTED_SPACES)
      return ledger.store.syncStates()
    const some = new Map<SpaceId, SpaceSyncState>()
    for (const space of digested)
      for (const [id, state] of await ledger.store.syncStates(space)) some.set(id, state)
    return some
  }

  /**
   * Pulls what this hub lacks of `space`; returns the chain breaks among the other hub's events
   * (refused `chain.wrong-prev` here). With `below`, its authors are stated as held only up to
   * the seq it gives.
   */
  async function pull(
    space: SpaceId,
    into: FlowCounts,
    evidence: PassEvidence,
    below?: Readonly<Record<string, number>>,
  ): Promise<ChainBreaks> {
    const vector = { ...(await ledger.store.vector(space))[space], ...below }
    const breaks: ChainBreaks = new Map()
    const inFlight = new TwoInFlight()
    let group: PulledPage[] = []
    let groupEvents = 0
    let groupBytes = 0
    let groupLimit = PAGE
    // Submitting a group overlaps fetching the next; at most two groups are in flight.
    const flush = async (): Promise<void> => {
      const pages = group
      group = []
      groupEvents = 0
      groupBytes = 0
      groupLimit = nextGroup(groupLimit, GROUP_EVENTS)
      if (pages.length > 0) await inFlight.add(() => submitPages(pages, into, breaks, evidence))
    }
    // With the first page, the first characters of this hub's newest event per author: the other
    // hub sends its own at the same seq when it is another (a fork no vector shows; sync-route.ts).
    // From the store's index, not the space's state, which a pass over more spaces than the
    // ledger caches would replay for it.
    const heads: Record<string, string> = {}
    for (const [author, h] of below === undefined ? await ledger.store.heads(space) : [])
      if (vector[author] === h.seq) heads[author] = h.id.slice(0, HEAD_PREFIX_LENGTH)
    let after = 0
    // A page over the member budget is asked for again with half as many events, down to one.
    let pageLimit = PAGE
    // Each author's highest seq this pull was sent, and the refusals before it (pulled-page-checks.ts).
    const seqs = new Map<string, number>()
    const refusedBefore = into.refused.length
    for (let page = 1; ; page++) {
      if (into.refused.length - refusedBefore >= MAX_REFUSED_PAGES) break
      const body = JSON.stringify({
        vector,
        after,
        limit: pageLimit,
        ...(after === 0 ? { heads } : {}),
      })
      const what = `the events of ${space}`
      const text = await countedJson(
        await request(`/api/sync/${space}/missing`, { method: 'POST', body }),
        what,
      )
      if (text === null) {
        if (pageLimit === 1) throw tooManyMembers(what)
        pageLimit = Math.ceil(pageLimit / 2)
        page -= 1
        continue
      }
      const parsed = MissingPage.safeParse(text.value)
      if (!parsed.success) throw new SyncError(`${base} sent a malformed page of ${space}`)
      const { events, forks, held, next } = parsed.data
      const fault = checkPulledPage(space, parsed.data, after, seqs)
      if (fault !== null) {
        into.refused.push(`page ${page} from ${base}: ${fault.reason}`)
        if (fault.ends || next === null) break
        after = next
        continue
      }
      const batch = [...events, ...forks, ...held]
      if (batch.length > 0) {
        if (group.length > 0 && groupBytes + text.bytes > GROUP_BYTES) await flush()
        group.push({ events: batch, stored: events.length, label: `page ${page} from ${base}` })
        groupEvents += batch.length
        groupBytes += text.bytes
        if (groupEvents >= groupLimit) await flush()
      }
      if (next === null) break
      after = next
    }
    await flush()
    await inFlight.drain()
    return breaks
  }

  /**
   * Pulls the other hub's events just below each chain break (and on). Bounded: one pull, whose events the other hub would send a hub that
   * holds none of the author's from there; a fork needs both events validly signed by the author
   * (the ledger checks), so no peer can flag an honest author.
   */
  async function pullBelow(
    space: SpaceId,
    breaks: ChainBreaks,
    into: FlowCounts,
    evidence: PassEvidence,
  ): Promise<void> {
    // Each author this hub holds is stated as held up to two under its break, so the other hub
    // sends its event just below the break (and on); an author this hub holds nothing of, or
    // holds only below that, is left as it is (a peer's answer cannot swell the request).
    const vector = (await ledger.store.vector(space))[space] ?? {}
    const below: Record<string, number> = {}
    for (const [author, seq] of breaks) if ((vector[author] ?? 0) > seq - 2) below[author] = seq - 2
    if (Object.keys(below).length > 0) await pull(space, into, evidence, below)
  }

  /**
   * Submits pulled pages as one submission (one transaction). If one holds an altered event,
   * nothing is written, and the pages are submitted again one by one, so that only the page
   * holding it is refused (with its reason), as if each had been submitted alone.
   */
  async function submitPages(
    pages: readonly PulledPage[],
    into: FlowCounts,
    breaks: ChainBreaks,
    evidence: PassEvidence,
  ): Promise<void> {
    if (pages.length > 1) {
      const report = await ledger.submit(
        pages.flatMap((p) => p.events),
        { park: true, refuseOn: TAMPERED_CODES },
      )
      evidence.note(report)
      if (!refusedWhole(report)) {
        tally(into, report, pages[0]!.label)
        let at = 0
        for (const p of pages) {
          noteChainBreaks(breaks, p.events, report.outcomes.slice(at), p.stored)
          at += p.events.length
        }
        return
      }
    }
    for (const { events, stored, label } of pages) {
      const report = await ledger.submit(events, { park: true, refuseOn: TAMPERED_CODES })
      evidence.note(report)
      tally(into, report, label)
      if (!refusedWhole(report)) noteChainBreaks(breaks, events, report.outcomes, stored)
    }
  }

  /**
   * Pulls the held ballots of every poll whose count or digest differs from this hub's, sorted by
   * id, a page at a time; returns, per such poll, the ids the other hub holds.
   */
  async function pullBallots(
    space: SpaceId,
    boxes: readonly { poll: string; count: number; digest: string }[],
    into: FlowCounts,
    evidence: PassEvidence,
  ): Promise<Map<EventId, Set<EventId>>> {
    const ours = new Map((await ledger.store.ballotBoxes(space)).map((b) => [b.poll, b.digest]))
    const theirIds = new Map<EventId, Set<EventId>>()
    for (const box of boxes) {
      if (ours.get(box.poll as EventId) === box.digest) continue
      const ids = new Set<EventId>()
      theirIds.set(box.poll as EventId, ids)
      let after: string | null = null
      for (let page = 1; page <= MAX_BALLOT_PAGES; page++) {
        const body = JSON.stringify({
          poll: box.poll,
          limit: BALLOT_PAGE,
          ...(after === null ? {} : { after }),
        })
        const parsed = BallotPage.safeParse(
          await json(
            await request(`/api/sync/${space}/ballots`, { method: 'POST', body }),
            `the held ballots of ${space}`,
          ),
        )
        if (!parsed.success) throw new SyncError(`${base} sent a malformed page of held ballots`)
        const { ballots, next } = parsed.data
        const foreign = foreignEvent(space, ballots)
        if (foreign !== null) {
          into.refused.push(`held ballots page ${page} from ${base}: ${foreign}`)
          break
        }
        if (ballots.length > 0) {
          const report = await ledger.submit(ballots, { park: true, refuseOn: TAMPERED_CODES })
          evidence.note(report)
          tally(into, report, `held ballots page ${page} from ${base}`)
          for (const o of report.outcomes) if (o.id !== undefined) ids.add(o.id)
        }
        // A page past the one before it, or the end: a peer cannot keep a pass going forever.
        if (next === null || (after !== null && next <= after)) break
        after = next
      }
    }
    return theirIds
  }

  async function push(
    space: SpaceId,
    vector: Record<string, number>,
    into: FlowCounts,
    forks: PassEvidence,
    theirBoxes: readonly { poll: string; digest: string }[] = [],
    theirBallots: ReadonlyMap<EventId, ReadonlySet<EventId>> = new Map(),
  ): Promise<ChainBreaks> {
    const breaks: ChainBreaks = new Map()
    const evidence = await forks.events()
    const known = evidence.length > 0 ? {} : vector
    // What this hub holds back and the other lacks goes too (it may hold what they wait for).
    // Not a stranger's (no standing here): junk is not spread to peers.
    const held = (await ledger.pending(space)).filter(
      (p) => !p.stranger && p.seq > (known[p.author] ?? 0),
    )
    // Held ballots of the polls where the other hub's differ from ours, sorted by id, less those
    // it showed it holds.
    const theirDigests = new Map(theirBoxes.map((b) => [b.poll, b.digest]))
    const ballots: string[] = []
    for (const box of await ledger.store.ballotBoxes(space)) {
      if (theirDigests.get(box.poll) === box.digest) continue
      const known = theirBallots.get(box.poll) ?? new Set<EventId>()
      for (const b of await ledger.store.ballots(space, box.poll))
        if (!known.has(b.id)) ballots.push(b.json)
    }
    if (evidence.length === 0 && held.length === 0 && ballots.length === 0) {
      // The usual pass: the other hub is not behind on any author, so there is nothing to read.
      const ours = (await ledger.store.vector(space))[space] ?? {}
      if (Object.entries(ours).every(([author, seq]) => seq <= (vector[author] ?? 0))) return breaks
    }
    const inFlight = new TwoInFlight()
    let batch: string[] = []
    let bytes = 0
    let sent = 0
    const send = async (events: string[]): Promise<void> => {
      sent += 1
      const label = `batch ${sent} to ${base}`
      await inFlight.add(async () => {
        const sentBody = `{"events":[${events.join(',')}]}`
        const post = () =>
          request(`/api/sync/${space}/events`, { method: 'POST', body: sentBody }, { retry: false })
        let res = await post()
        let text = await bounded(res, 'a push')
        // A hub pacing this sender's large bodies (large-body-budget.ts) read nothing of the
        // batch: it is sent again once the hub said to.
        for (let waits = 0; waits < MAX_BUSY_WAITS && tooBusy(res, text); waits++) {
          await setTimeout(retryAfterMs(res), undefined, signalOption)
          res = await post()
          text = await bounded(res, 'a push')
        }
        let body: Record<string, unknown>
        try {
          body = JSON.parse(text) as Record<string, unknown>
        } catch {
          throw new SyncError(`${base} answered a push with something that is not JSON`)
        }
        // Refused whole, with a reason: a tampered event (422), or a batch the other hub could
        // not read as sent (400: its JSON parser refuses a key "__proto__" that an older hub took
        // into this store). Either way the pass goes on: thrown, it ended every later space's pass.
        if ((res.status === 422 || res.status === 400) && typeof body.code === 'string') {
          const code = res.status === 422 ? '' : `${body.code}: `
          into.refused.push(`${label}: ${code}${String(body.detail)}`)
          return
        }
        if (!res.ok) throw refused(base, 'a push', res.status, text)
        for (const k of [
          'accepted',
          'duplicate',
          'parked',
          'forks',
          'rejected',
          'released',
        ] as const) {
          into[k] += typeof body[k] === 'number' ? body[k] : 0
        }
        // Absent from hubs older than the field.
        const theirBreaks = Breaks.safeParse(body.breaks)
        if (theirBreaks.success)
          for (const [author, seq] of Object.entries(theirBreaks.data))
            noteChainBreak(breaks, author, seq)
      })
    }
    let batchLimit = Math.min(PAGE, pushLimit)
    let members = 0
    const add = async (json: string): Promise<void> => {
      const its = countJsonMembers(json) + 1
      if (
        batch.length >= batchLimit ||
        (batch.length > 0 && (bytes + json.length > PUSH_BYTES || members + its > PUSH_MEMBERS))
      ) {
        batchLimit = nextGroup(batchLimit, pushLimit)
        await send(batch)
        batch = []
        bytes = 0
        members = 0
      }
      batch.push(json)
      bytes += json.length + 1
      members += its
    }
    for await (const stored of ledger.store.readMissing(space, known)) await add(stored.json)
    for (const e of evidence) await add(e.json)
    for (const p of held) await add(p.json)
    for (const json of ballots) await add(json)
    if (batch.length > 0) await send(batch)
    await inFlight.drain()
    return breaks
  }
}
