// A cheap HTTP/1.1 load generator for the hub benches: each connection is a plain TCP socket that
// sends requests built in full beforehand, one at a time, and reads back only each answer's status
// and length. The load generator runs on the same cores as the hub it measures, and node:http's
// client (an agent, a ClientRequest and an IncomingMessage per request, headers built and parsed
// each time) cost about as much CPU per request as the hub's own HTTP, so the bench measured the
// crowd as much as the hub. A phone builds its one request itself; this does that work before the
// clock starts. Answers must carry a content-length (the hub's JSON answers do) and no connection
// is ever closed by the hub mid-run (keep-alive); anything else fails the run.
import { connect } from 'node:net'
import type { Socket } from 'node:net'

/** A POST of `body` (a JSON text) to `path`, as the bytes to write. */
export function rawPost(host: string, port: number, path: string, body: string): Buffer {
  const payload = Buffer.from(body)
  const head =
    `POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${payload.length}\r\nConnection: keep-alive\r\n\r\n`
  return Buffer.concat([Buffer.from(head, 'latin1'), payload])
}

const HEADER_END = Buffer.from('\r\n\r\n')
const LENGTH = /\r\ncontent-length:\s*(\d+)/i

/** One kept-alive connection: `send` writes a request and resolves to its answer's status. */
export class RawConnection {
  readonly #socket: Socket
  #buffer: Buffer = Buffer.alloc(0)
  #waiting: { resolve(status: number): void; reject(error: Error): void } | null = null

  private constructor(socket: Socket) {
    this.#socket = socket
    socket.setNoDelay(true)
    socket.on('data', (chunk: Buffer) => this.#read(chunk))
    socket.on('error', (error) => this.#fail(error))
    socket.on('close', () => this.#fail(new Error('the hub closed a connection mid-run')))
  }

  static open(host: string, port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port }, () => resolve(new RawConnection(socket)))
      socket.once('error', reject)
    })
  }

  send(request: Buffer): Promise<number> {
    if (this.#waiting !== null) throw new Error('one request at a time on a connection')
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject }
      this.#socket.write(request)
    })
  }

  close(): void {
    this.#waiting = null
    this.#socket.destroy()
  }

  #read(chunk: Buffer): void {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk])
    const end = this.#buffer.indexOf(HEADER_END)
    if (end < 0) return
    const head = this.#buffer.toString('latin1', 0, end)
    const length = LENGTH.exec(head)?.[1]
    if (length === undefined) return this.#fail(new Error(`an answer without a length: ${head}`))
    const total = end + HEADER_END.length + Number(length)
    if (this.#buffer.length < total) return
    if (this.#buffer.length > total) return this.#fail(new Error('an answer nobody asked for'))
    this.#buffer = Buffer.alloc(0)
    const waiting = this.#waiting
    this.#waiting = null
    waiting?.resolve(Number(head.slice(9, 12)))
  }

  #fail(error: Error): void {
    const waiting = this.#waiting
    this.#waiting = null
    waiting?.reject(error)
  }
}
