// Following a peer's change notices (`GET /api/sync/changes`, see sync-changes.ts): one stream
// per peer, reconnected when it drops (after 1, 2, 4… up to 60 s while the peer is down), and
// dropped and reconnected when nothing, not even a heartbeat, has come for a while (a dead
// connection a proxy or a pulled cable left open). It proves the replication keys this hub
// holds when it connects, so the peer names their private spaces too. A peer too old to have
// the route (404) is asked again every ten minutes; passes on the interval carry on meanwhile.
// What a peer sends is bounded before it is kept: a line of at most MAX_LINE_BYTES, a frame of at
// most MAX_FRAME_LINES lines; a peer that sends more is dropped (the error names the bound) and
// followed again only after the longest backoff.
import { SPACE_ID_PATTERN } from '@veche/core'
import type { SpaceId } from '@veche/core'
import { z } from 'zod'
import {
  CLUSTER_HEADER,
  clusterProof,
  REPLICATION_HEADER,
  replicationHeader,
} from './replication-keys.js'
import type { ReplicationKeys } from './replication-keys.js'
import { refused, unreachable } from './peer-failure.js'

export interface PeerChangesOptions {
  readonly replicationKeys?: ReplicationKeys
  /** The cluster key, for a peer of the same cluster: it names every private space then. */
  readonly clusterKey?: string
  readonly signal: AbortSignal
  /** The stream is open and this hub registered: anything earlier needs a full pass. */
  readonly onReady: () => void
  /** These spaces took new events on the peer ('all': it may have missed some). */
  readonly onChange: (spaces: readonly SpaceId[] | 'all') => void
  /** The stream could not be opened or dropped; it is tried again after `retryInMs`. */
  readonly onDrop?: (error: Error, retryInMs: number) => void
  /** Reconnect when nothing has come for this long (default 45 s; the peer beats every 15 s). */
  readonly idleMs?: number
  /** Longest wait between tries (default 60 s). */
  readonly maxBackoffMs?: number
}

const Appended = z.object({ spaces: z.array(z.string().regex(SPACE_ID_PATTERN)) })

/** How long to wait before asking a peer without the route again. */
const UNSUPPORTED_RETRY_MS = 10 * 60_000

/**
 * The longest line a peer's change stream may send (1 MiB): a notice names spaces of 22
 * characters, so one line holds tens of thousands of them.
 */
export const MAX_LINE_BYTES = 1024 * 1024
/** The most lines one frame may have before its blank line (a real frame has two or three). */
export const MAX_FRAME_LINES = 100

/** A peer sent more than the stream's bounds allow: it is dropped. */
export class PeerStreamTooLargeError extends Error {
  override readonly name = 'PeerStreamTooLargeError'
}

/** Follows `base`'s change notices until `signal` aborts; resolves then. */
export async function followPeerChanges(base: string, options: PeerChangesOptions): Promise<void> {
  const { signal } = options
  const maxBackoff = options.maxBackoffMs ?? 60_000
  let failures = 0
  while (!signal.aborted) {
    let retryInMs: number
    try {
      const opened = await readChanges(base, options, () => {
        failures = 0
      })
      if (signal.aborted) return
      failures += 1
      retryInMs = opened ? 0 : UNSUPPORTED_RETRY_MS
      if (!opened) options.onDrop?.(new Error(`${base} sends no change notices`), retryInMs)
    } catch (error) {
      if (signal.aborted) return
      failures += 1
      // A peer that broke the stream's bounds waits the longest: its `ready` reset the count.
      retryInMs =
        error instanceof PeerStreamTooLargeError
          ? maxBackoff
          : Math.min(maxBackoff, 1_000 * 2 ** Math.min(failures - 1, 16))
      options.onDrop?.(error as Error, retryInMs)
    }
    // A stream that ended cleanly (the peer restarted) is reopened at once, unless it keeps ending.
    if (retryInMs === 0 && failures > 1)
      retryInMs = Math.min(maxBackoff, 1_000 * 2 ** (failures - 2))
    await pause(retryInMs, signal)
  }
}

/**
 * Opens the stream and reads it until it ends. Resolves false when the peer has no such route,
 * true when the stream ended; throws when it could not be opened or broke.
 */
async function readChanges(
  base: string,
  options: PeerChangesOptions,
  onOpen: () => void,
): Promise<boolean> {
  const idle = new AbortController()
  const header = replicationHeader(options.replicationKeys ?? new Map(), Date.now())
  let res: Response
  try {
    res = await fetch(`${base}/api/sync/changes`, {
      signal: AbortSignal.any([options.signal, idle.signal]),
      headers: {
        accept: 'text/event-stream',
        ...(header === '' ? {} : { [REPLICATION_HEADER]: header }),
        ...(options.clusterKey === undefined
          ? {}
          : { [CLUSTER_HEADER]: clusterProof(options.clusterKey, Date.now()) }),
      },
    })
  } catch (error) {
    // Not reached (refused, no such host, an untrusted certificate): named, with what to do.
    if (options.signal.aborted) throw error
    throw unreachable(base, error)
  }
  if (res.status === 404) {
    await res.body?.cancel()
    return false
  }
  if (!res.ok || res.body === null) {
    await res.body?.cancel()
    throw refused(base, 'to send change notices', res.status, '')
  }
  const idleMs = options.idleMs ?? 45_000
  let timer = setTimeout(() => idle.abort(), idleMs)
  const lines = new LineReader(base)
  let frame: string[] = []
  try {
    for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
      clearTimeout(timer)
      timer = setTimeout(() => idle.abort(), idleMs)
      for (const line of lines.push(chunk)) {
        if (line !== '') {
          frame.push(line)
          if (frame.length > MAX_FRAME_LINES) {
            throw new PeerStreamTooLargeError(
              `${base} sent a change notice of more than ${MAX_FRAME_LINES} lines: dropped`,
            )
          }
          continue
        }
        const { event, data } = parseFrame(frame)
        frame = []
        if (event === 'ready') {
          onOpen()
          options.onReady()
        } else if (event === 'resync') options.onChange('all')
        else if (event === 'appended') {
          const parsed = Appended.safeParse(safeJson(data))
          // A notice this hub cannot read still says something changed.
          options.onChange(parsed.success ? (parsed.data.spaces as SpaceId[]) : 'all')
        }
      }
    }
  } catch (error) {
    if (idle.signal.aborted && !options.signal.aborted) {
      throw new Error(`${base} sent nothing for ${Math.round(idleMs / 1000)} s`, { cause: error })
    }
    throw error
  } finally {
    clearTimeout(timer)
  }
  return true
}

/**
 * Splits a byte stream into lines (LF, or CRLF), keeping at most MAX_LINE_BYTES of a line that
 * has not ended yet: a longer one throws before it is kept.
 */
class LineReader {
  readonly #base: string
  readonly #decoder = new TextDecoder()
  #parts: Uint8Array[] = []
  #bytes = 0

  constructor(base: string) {
    this.#base = base
  }

  /** The lines that `chunk` completes. */
  push(chunk: Uint8Array): string[] {
    const lines: string[] = []
    let start = 0
    for (let end = chunk.indexOf(10); end >= 0; end = chunk.indexOf(10, start)) {
      this.#keep(chunk.subarray(start, end))
      let bytes = Buffer.concat(this.#parts, this.#bytes)
      if (bytes.at(-1) === 13) bytes = bytes.subarray(0, -1)
      if (bytes.length > MAX_LINE_BYTES) throw this.#tooLong()
      lines.push(this.#decoder.decode(bytes))
      this.#parts = []
      this.#bytes = 0
      start = end + 1
    }
    if (start < chunk.length) this.#keep(chunk.slice(start))
    return lines
  }

  /** Keeps part of a line; a line past the bound (and its CR) throws before it is kept. */
  #keep(part: Uint8Array): void {
    this.#bytes += part.length
    if (this.#bytes > MAX_LINE_BYTES + 1) throw this.#tooLong()
    this.#parts.push(part)
  }

  #tooLong(): PeerStreamTooLargeError {
    return new PeerStreamTooLargeError(
      `${this.#base} sent a line of more than ${MAX_LINE_BYTES} bytes in its change notices: dropped`,
    )
  }
}

/** The event name and data of one SSE frame (comment lines ignored). */
function parseFrame(lines: readonly string[]): { event: string; data: string } {
  let event = 'message'
  const data: string[] = []
  for (const line of lines) {
    if (line.startsWith('event:')) event = line.slice(6).trim()
    else if (line.startsWith('data:')) data.push(line.slice(5).trimStart())
  }
  return { event, data: data.join('\n') }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done)
  })
}
