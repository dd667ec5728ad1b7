// Live updates for the event streams. One channel per space that has open streams: it keeps a
// cursor (the last store position it has sent out) and the last state update. When new events may
// exist (this process appended, another process said so through PostgreSQL NOTIFY, or the periodic
// check), the channel reads the store after its cursor and sends each event to every live
// subscriber; then it asks the ledger for the space's state and the position that state holds up
// to, sends any events up to that position not yet sent, and sends one `state` update (position,
// hash, poll results), and a `ballots` update (held secret ballots per poll) when their count
// changed. The state is the ledger's own fold (space-cache.ts), with the events of
// other spaces a council or an assembly references and the forks the store holds, so a stream's
// hash is always the one GET /api/spaces/:id and `veche verify` give for the same events.
//
// Invariants: everything goes through the store, in position order, so a subscriber never sees a
// gap, whichever process wrote; each subscriber keeps its own cursor and is sent only events past
// it, so joining mid-flight never repeats an event; a state update comes after every event up to
// its position. A subscriber that cannot keep up is disconnected (it reconnects with Last-Event-ID
// and misses nothing) rather than buffered without bound.
import { describeSpace, hashCanonical, isPollClose } from '@veche/core'
import type { SignedEvent, SpaceId, SpaceView } from '@veche/core'
import type { EventStore, Ledger, StoredEvent } from '@veche/store'

/** Where a stream's text goes (an HTTP response in the hub). */
export interface StreamSink {
  /** Writes a chunk; false when the socket's buffer is full. */
  write(chunk: string): boolean
  /** Bytes waiting in the socket's buffer. */
  readonly writableLength: number
  /** Resolves when the buffer has drained (or the sink closed). */
  drained(): Promise<void>
  /** Ends the stream. */
  end(): void
}

export interface LiveFeedOptions {
  /** A comment line to every stream this often (default 15 s), so proxies keep it open. */
  readonly heartbeatMs?: number
  /** Check the store for events written elsewhere this often (default 1 s). */
  readonly pollMs?: number
  /** Disconnect a subscriber whose unsent data exceeds this (default 8 MiB). */
  readonly maxBufferedBytes?: number
}

export interface SubscribeOptions {
  /**
   * Asked with each stored event before it is sent to this subscriber, in a replay or live: a
   * frame ends the stream instead, sent as its last words (a member removed from a private space
   * is sent nothing from the removal on); null lets the event through.
   */
  readonly ended?: (stored: StoredEvent) => string | null
}

interface Subscriber {
  cursor: number
  readonly sink: StreamSink
  readonly ended: SubscribeOptions['ended']
  closed: boolean
  /** Ended by the feed (its last words sent); unsubscribing is still the caller's. */
  finished: boolean
  /** Polls whose close its replay sent: its first state update names them. */
  readonly replayedCloses: Set<string>
}

/** The space's state as of a store position, as the ledger folded it. */
interface StateAt {
  readonly position: number
  readonly hash: string
  readonly events: number
  readonly polls: SpaceView['polls']
}

class SpaceChannel {
  cursor = 0
  /** The last state update (null until the channel has read the space once). */
  state: StateAt | null = null
  readonly live = new Set<Subscriber>()
  /** How many secret ballots the space held at the last look, and the frame that said so. */
  heldTotal = 0
  heldFrame: string | null = null
  /**
   * Polls whose close was sent out and not yet named in a state update: kept here, not in one
   * pump, so a pump that fails between the close's event and its state update (a lost database
   * connection) leaves them to the next one, which names them.
   */
  readonly closedPolls = new Set<string>()
  references = 0
  #chain: Promise<void> = Promise.resolve()
  #pumpQueued = false

  constructor(readonly space: SpaceId) {}

  /** Runs tasks one at a time, in order. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(task)
    this.#chain = run.catch(() => undefined)
    return run
  }

  /** Queues one read of new events, unless one is queued and not yet started. */
  signal(pump: () => Promise<void>, onError: (error: unknown) => void): void {
    if (this.#pumpQueued) return
    this.#pumpQueued = true
    void this.enqueue(async () => {
      this.#pumpQueued = false
      await pump()
    }).catch(onError)
  }
}

/** The SSE frame for one stored event: `id` is its store position. */
export function eventFrame(stored: StoredEvent): string {
  return `id: ${stored.position}\nevent: event\ndata: ${stored.json}\n\n`
}

export class LiveFeed {
  readonly #ledger: Ledger
  readonly #store: EventStore
  readonly #channels = new Map<SpaceId, SpaceChannel>()
  readonly #maxBuffered: number
  readonly #timers: NodeJS.Timeout[]
  readonly #onError: (error: unknown) => void
  #closed = false

  constructor(ledger: Ledger, options: LiveFeedOptions = {}, onError: (e: unknown) => void) {
    this.#ledger = ledger
    this.#store = ledger.store
    this.#maxBuffered = options.maxBufferedBytes ?? 8 * 1024 * 1024
    this.#onError = onError
    this.#timers = [
      setInterval(() => this.#heartbeat(), options.heartbeatMs ?? 15_000),
      setInterval(() => this.signalAll(), options.pollMs ?? 1_000),
    ]
    for (const timer of this.#timers) timer.unref()
  }

  /** Streams open now. */
  get subscribers(): number {
    let n = 0
    for (const channel of this.#channels.values()) n += channel.live.size
    return n
  }

  /** New events may exist in `space`: read them and send them out. */
  signal(space: SpaceId): void {
    const channel = this.#channels.get(space)
    if (channel !== undefined) channel.signal(() => this.#pump(channel), this.#onError)
  }

  signalAll(): void {
    for (const space of this.#channels.keys()) this.signal(space)
  }

  /**
   * Subscribes `sink` to `space`: first every event after `after` (when given), then live ones. The
   * sink gets a `state` update once it is live; `options.ended` may end it before any event.
   * Returns the unsubscribe function.
   */
  async subscribe(
    space: SpaceId,
    after: number | null,
    sink: StreamSink,
    options: SubscribeOptions = {},
  ): Promise<() => void> {
    const channel = this.#open(space)
    const sub: Subscriber = {
      cursor: after ?? -1,
      sink,
      ended: options.ended,
      closed: false,
      finished: false,
      replayedCloses: new Set(),
    }
    const unsubscribe = (): void => {
      if (sub.closed) return
      sub.closed = true
      channel.live.delete(sub)
      channel.references -= 1
      if (channel.references === 0) this.#channels.delete(space)
    }
    try {
      // The bulk of a replay runs outside the channel's queue, so it holds up no one else.
      if (after !== null) await this.#replay(space, sub)
      await channel.enqueue(async () => {
        if (sub.closed || sub.finished) return
        // The channel first catches up with the store (and so with any replay above), then the
        // subscriber with the channel: its first state update holds exactly what it was sent.
        await this.#pump(channel)
        if (sub.closed) return
        if (sub.cursor < 0) sub.cursor = channel.cursor
        else await this.#replay(space, sub, channel.cursor)
        if (sub.closed || sub.finished) return
        channel.live.add(sub)
        // A close it was replayed is named here, as a live one is in the update after it.
        const closed = [...sub.replayedCloses]
        sub.replayedCloses.clear()
        if (channel.state !== null) this.#send(channel, sub, stateFrame(channel.state, closed))
        if (channel.heldFrame !== null) this.#send(channel, sub, channel.heldFrame)
      })
    } catch (error) {
      unsubscribe()
      throw error
    }
    return unsubscribe
  }

  /** Ends every stream and stops the timers. */
  close(): void {
    this.#closed = true
    for (const timer of this.#timers) clearInterval(timer)
    for (const channel of this.#channels.values()) {
      for (const sub of channel.live) sub.sink.end()
    }
    this.#channels.clear()
  }

  #open(space: SpaceId): SpaceChannel {
    let channel = this.#channels.get(space)
    if (channel === undefined) {
      const created = new SpaceChannel(space)
      channel = created
      this.#channels.set(space, created)
      // Fold the space up to its end before anything else runs on the channel.
      void created.enqueue(() => this.#pump(created)).catch(this.#onError)
    }
    channel.references += 1
    return channel
  }

  /** Sends `sub` the stored events of `space` after its cursor, up to `until` when given. */
  async #replay(space: SpaceId, sub: Subscriber, until = Infinity): Promise<void> {
    for await (const stored of this.#store.read(space, { after: sub.cursor })) {
      if (sub.closed || sub.finished || this.#closed || stored.position > until) return
      if (this.#ends(sub, stored)) return
      if (!sub.sink.write(eventFrame(stored))) await sub.sink.drained()
      sub.cursor = stored.position
      const poll = closedPoll(stored)
      if (poll !== null) sub.replayedCloses.add(poll)
    }
  }

  /**
   * Sends the channel's new events to its live subscribers, then the state the ledger holds for
   * them: the ledger may already hold a few more (appended meanwhile), which are sent first.
   */
  async #pump(channel: SpaceChannel): Promise<void> {
    await this.#countHeld(channel)
    const any = await this.#forward(channel, Infinity)
    // A state behind the cursor: the last pump sent events and then failed (a lost database
    // connection) before their state update; this one sends it.
    const behind = channel.state !== null && channel.state.position < channel.cursor
    if (!any && !behind && channel.state !== null) return
    const state = await this.#ledger.withState(channel.space, (folded, position) => {
      const view = describeSpace(folded)
      return { position, hash: hashCanonical(view), events: folded.events, polls: view.polls }
    })
    if (state.position < channel.cursor) {
      // Cannot happen while the store hands out positions in order; never send a state that
      // holds less than its subscribers were sent.
      this.#onError(new Error(`the ledger's state of ${channel.space} is behind its stream`))
      return
    }
    const more = state.position > channel.cursor && (await this.#forward(channel, state.position))
    channel.state = state
    if (!(any || more || behind)) return
    const closed = [...channel.closedPolls]
    channel.closedPolls.clear()
    if (channel.live.size === 0) return
    const frame = stateFrame(state, closed)
    for (const sub of channel.live) this.#send(channel, sub, frame)
  }

  /**
   * Sends the held secret ballots' counts per poll to the live subscribers when their total
   * changed (ballots are only ever added): the counts, never the ballots.
   */
  async #countHeld(channel: SpaceChannel): Promise<void> {
    const total = await this.#store.countBallots(channel.space)
    if (total === channel.heldTotal) return
    const boxes = await this.#store.ballotBoxes(channel.space)
    channel.heldTotal = boxes.reduce((sum, box) => sum + box.count, 0)
    channel.heldFrame = heldBallotsFrame(
      Object.fromEntries(boxes.map((box) => [box.poll, box.count])),
    )
    for (const sub of channel.live) this.#send(channel, sub, channel.heldFrame)
  }

  /**
   * Sends the stored events after the channel's cursor, up to `until`, to every live subscriber
   * not yet past them; notes the polls they close. True when there were any.
   */
  async #forward(channel: SpaceChannel, until: number): Promise<boolean> {
    let any = false
    for await (const stored of this.#store.read(channel.space, { after: channel.cursor })) {
      if (stored.position > until) break
      any = true
      channel.cursor = stored.position
      const poll = closedPoll(stored)
      if (poll !== null) channel.closedPolls.add(poll)
      if (channel.live.size === 0) continue
      const frame = eventFrame(stored)
      for (const sub of channel.live) {
        if (stored.position > sub.cursor) {
          if (this.#ends(sub, stored)) {
            channel.live.delete(sub)
            continue
          }
          sub.cursor = stored.position
          this.#send(channel, sub, frame)
        }
      }
    }
    return any
  }

  /** Whether `sub`'s `ended` ends it at `stored`: then its last words are sent and it ends. */
  #ends(sub: Subscriber, stored: StoredEvent): boolean {
    const last = sub.ended?.(stored) ?? null
    if (last === null) return false
    sub.finished = true
    sub.sink.write(last)
    sub.sink.end()
    return true
  }

  #send(channel: SpaceChannel, sub: Subscriber, frame: string): void {
    sub.sink.write(frame)
    if (sub.sink.writableLength > this.#maxBuffered) {
      channel.live.delete(sub)
      sub.sink.end()
    }
  }

  #heartbeat(): void {
    for (const channel of this.#channels.values()) {
      for (const sub of channel.live) this.#send(channel, sub, ': heartbeat\n\n')
    }
  }
}

/** The poll a stored close closes (poll.closed, poll.closed.2, poll.closed.3); only a close is parsed. */
function closedPoll(stored: StoredEvent): string | null {
  if (!stored.json.includes('"type":"poll.closed')) return null
  const event = JSON.parse(stored.json) as SignedEvent
  return isPollClose(event) ? event.body.poll : null
}

/** The `ballots` update: per secret poll, how many ballots the hub holds (never the ballots). */
function heldBallotsFrame(heldBallots: Record<string, number>): string {
  return `event: ballots\ndata: ${JSON.stringify({ heldBallots })}\n\n`
}

/** The `state` update: the position it holds up to, the state hash, and polls just closed. */
function stateFrame(state: StateAt, closedPolls: readonly string[]): string {
  const polls = Object.fromEntries(closedPolls.map((id) => [id, state.polls[id] ?? null] as const))
  const data = {
    position: state.position,
    hash: state.hash,
    events: state.events,
    closedPolls: polls,
  }
  return `event: state\ndata: ${JSON.stringify(data)}\n\n`
}
