// A client of a space's live stream that behaves as the web app's EventSource does: when the
// stream ends (its hub killed, its network lost) it opens it again with `Last-Event-ID` set to the
// last event id it got, and so misses nothing and gets nothing twice. It keeps every event it got,
// the last state update, and how many times it resumed.
import { computeEventId } from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import { openSse } from '../../../server/src/test-support/sse-client.js'
import type { SseStream } from '../../../server/src/test-support/sse-client.js'

export interface StreamedEvent {
  readonly position: number
  readonly id: EventId
}

export interface StreamedState {
  readonly position: number
  readonly hash: string
  readonly events: number
}

export class ResumingStream {
  readonly events: StreamedEvent[] = []
  state: StreamedState | null = null
  /** Connections opened again with Last-Event-ID after one ended. */
  resumes = 0
  readonly #url: string
  #lastId: string
  #current: SseStream | null = null
  #stopped = false
  #changed: (() => void)[] = []
  readonly #done: Promise<void>

  /** Starts following `url` from store position `after` (0: from the first event). */
  constructor(url: string, after = 0) {
    this.#url = url
    this.#lastId = String(after)
    this.#done = this.#run()
  }

  /** Ends the current connection as a lost network would; the stream resumes on its own. */
  drop(): void {
    this.#current?.close()
  }

  /** Resolves once `ready` holds (checked after every frame), or rejects after `timeoutMs`. */
  async until(ready: (stream: ResumingStream) => boolean, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!ready(this)) {
      if (Date.now() > deadline) {
        throw new Error(
          `stream ${this.#url}: ${this.events.length} events, state ${JSON.stringify(this.state)}, ${this.resumes} resumes`,
        )
      }
      await new Promise<void>((resolve) => {
        this.#changed.push(resolve)
        setTimeout(resolve, 200)
      })
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true
    this.#current?.close()
    await this.#done
  }

  async #run(): Promise<void> {
    let first = true
    while (!this.#stopped) {
      let stream: SseStream
      try {
        stream = await openSse(this.#url, { 'last-event-id': this.#lastId })
      } catch {
        await pause(100)
        continue
      }
      if (stream.status !== 200) {
        stream.close()
        await pause(100)
        continue
      }
      if (!first) this.resumes += 1
      first = false
      this.#current = stream
      for await (const frame of stream.frames) {
        if (frame.event === 'event' && frame.id !== null) {
          const event = JSON.parse(frame.data) as SignedEvent
          this.events.push({ position: Number(frame.id), id: computeEventId(event) })
          this.#lastId = frame.id
        } else if (frame.event === 'state') {
          this.state = JSON.parse(frame.data) as StreamedState
        }
        for (const wake of this.#changed.splice(0)) wake()
      }
      this.#current = null
      if (!this.#stopped) await pause(100)
    }
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
