// Live updates for the event streams. One channel per space that has open streams: it keeps a
// cursor (the last store position it has sent out) and the space's state folded up to it. When
// new events may exist (this process appended, another process said so through PostgreSQL
// NOTIFY, or the periodic check), the channel reads the store after its cursor, sends each event
// to every live subscriber, folds it, and then sends one `state` update (new hash, poll results).
//
// Invariants: everything goes through the store, in position order, so a subscriber never sees a
// gap, whichever process wrote; each subscriber keeps its own cursor and is sent only events past
// it, so joining mid-flight never repeats an event. A subscriber that cannot keep up is
// disconnected (it reconnects with Last-Event-ID and misses nothing) rather than buffered without
// bound.
import {
  applyEvent,
  createSpaceState,
  describeSpace,
  hashCanonical,
  isPollClose,
} from '@veche/core'
import type { SignedEvent, SpaceId, SpaceState } from '@veche/core'
import type { EventStore, StoredEvent } from '@veche/store'

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

interface Subscriber {
  cursor: number
  readonly sink: StreamSink
  closed: boolean
}

class SpaceChannel {
  cursor = 0
  readonly state: SpaceState
  readonly live = new Set<Subscriber>()
  references = 0
  #chain: Promise<void> = Promise.resolve()
  #pumpQueued = false

  constructor(space: SpaceId) {
    this.state = createSpaceState(space)
  }

  /** Runs tasks one at a time, in order. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#chain.then(task)
    this.#chain = run.catch(() => undefined)
    return run
  }

  /** Queues one read of new events, unless one is queued and not yet started. */
  signal(pump: () => Promise<void>): void {
    if (this.#pumpQueued) return
    this.#pumpQueued = true
    void this.enqueue(async () => {
      this.#pumpQueued = false
      await pump()
    }).catch(() => undefined)
  }
}

/** The SSE frame for one stored event: `id` is its store position. */
export function eventFrame(stored: StoredEvent): string {
  return `id: ${stored.position}\nevent: event\ndata: ${stored.json}\n\n`
}

export class LiveFeed {
  readonly #store: EventStore
  readonly #channels = new Map<SpaceId, SpaceChannel>()
  readonly #maxBuffered: number
  readonly #timers: NodeJS.Timeout[]
  readonly #onError: (error: unknown) => void
  #closed = false

  constructor(store: EventStore, options: LiveFeedOptions = {}, onError: (e: unknown) => void) {
    this.#store = store
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
    if (channel !== undefined) channel.signal(() => this.#pump(channel))
  }

  signalAll(): void {
    for (const space of this.#channels.keys()) this.signal(space)
  }

  /**
   * Subscribes `sink` to `space`: first every event after `after` (when given), then live ones. The
   * sink gets a `state` update once it is live. Returns the unsubscribe function.
   */
  async subscribe(space: SpaceId, after: number | null, sink: StreamSink): Promise<() => void> {
    const channel = this.#open(space)
    const sub: Subscriber = { cursor: after ?? -1, sink, closed: false }
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
        if (sub.closed) return
        if (sub.cursor < 0) sub.cursor = channel.cursor
        else await this.#replay(space, sub)
        if (sub.closed) return
        channel.live.add(sub)
        this.#send(channel, sub, stateFrame(channel, []))
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

  async #replay(space: SpaceId, sub: Subscriber): Promise<void> {
    for await (const stored of this.#store.read(space, { after: sub.cursor })) {
      if (sub.closed || this.#closed) return
      if (!sub.sink.write(eventFrame(stored))) await sub.sink.drained()
      sub.cursor = stored.position
    }
  }

  async #pump(channel: SpaceChannel): Promise<void> {
    const closedPolls: string[] = []
    let any = false
    for await (const stored of this.#store.read(channel.state.space, { after: channel.cursor })) {
      any = true
      channel.cursor = stored.position
      const event = JSON.parse(stored.json) as SignedEvent
      // The store holds only events the ledger accepted; a refusal here means the store was
      // changed behind the hub's back, which `veche verify` reports. The stream carries on.
      const rejection = applyEvent(channel.state, event, stored.id)
      if (rejection !== null)
        this.#onError(new Error(`stored event ${stored.id}: ${rejection.code}`))
      if (isPollClose(event)) closedPolls.push(event.body.poll)
      if (channel.live.size === 0) continue
      const frame = eventFrame(stored)
      for (const sub of channel.live) {
        if (stored.position > sub.cursor) {
          sub.cursor = stored.position
          this.#send(channel, sub, frame)
        }
      }
    }
    if (!any || channel.live.size === 0) return
    const frame = stateFrame(channel, closedPolls)
    for (const sub of channel.live) this.#send(channel, sub, frame)
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

/** The `state` update: the position it holds up to, the state hash, and polls just closed. */
function stateFrame(channel: SpaceChannel, closedPolls: readonly string[]): string {
  const view = describeSpace(channel.state)
  const polls = Object.fromEntries(closedPolls.map((id) => [id, view.polls[id] ?? null] as const))
  const data = {
    position: channel.cursor,
    hash: hashCanonical(view),
    events: channel.state.events,
    closedPolls: polls,
  }
  return `event: state\ndata: ${JSON.stringify(data)}\n\n`
}
