// A small server-sent-events client for tests and benchmarks: opens a stream with node:http and
// yields each frame ({ id, event, data }); comment lines are skipped.
import { request } from 'node:http'
import type { IncomingMessage } from 'node:http'

export interface SseFrame {
  readonly id: string | null
  readonly event: string
  readonly data: string
}

export interface SseStream {
  readonly status: number
  readonly frames: AsyncIterableIterator<SseFrame>
  close(): void
}

/** Opens `url` as an event stream; resolves once the response headers arrive. */
export function openSse(url: string, headers: Record<string, string> = {}): Promise<SseStream> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: { accept: 'text/event-stream', ...headers } }, (res) => {
      resolve({
        status: res.statusCode ?? 0,
        frames: parseFrames(res),
        close: () => req.destroy(),
      })
    })
    req.on('error', reject)
    req.end()
  })
}

async function* parseFrames(res: IncomingMessage): AsyncIterableIterator<SseFrame> {
  res.setEncoding('utf8')
  let buffer = ''
  try {
    for await (const chunk of res as AsyncIterable<string>) {
      buffer += chunk
      for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
        const block = buffer.slice(0, end)
        buffer = buffer.slice(end + 2)
        let id: string | null = null
        let event = 'message'
        const data: string[] = []
        for (const line of block.split('\n')) {
          if (line.startsWith(':') || line === '') continue
          const colon = line.indexOf(':')
          const field = colon < 0 ? line : line.slice(0, colon)
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '')
          if (field === 'id') id = value
          else if (field === 'event') event = value
          else if (field === 'data') data.push(value)
        }
        if (data.length > 0) yield { id, event, data: data.join('\n') }
      }
    }
  } catch {
    // The stream was closed: end the iteration.
  }
}

/** Reads frames until `done` says stop or `timeoutMs` passes; returns them all. */
export async function collectFrames(
  stream: SseStream,
  done: (frames: readonly SseFrame[]) => boolean,
  timeoutMs = 10_000,
): Promise<SseFrame[]> {
  const frames: SseFrame[] = []
  const timer = setTimeout(() => stream.close(), timeoutMs)
  try {
    for await (const frame of stream.frames) {
      frames.push(frame)
      if (done(frames)) break
    }
  } finally {
    clearTimeout(timer)
  }
  return frames
}
