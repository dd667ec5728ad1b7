// HTTPS and plain HTTP on one port. Browsers give WebCrypto only to secure pages (https://, or
// localhost), so a phone joining a hub in a hall needs https://, while the hub's own computer,
// scripts and peer hubs keep using http://. The listening server is the plain http.Server that
// Fastify knows (listen, address, close, maxConnections); each new connection is peeked at, and one
// that opens with a TLS handshake record (first byte 0x16) is handed to an https.Server that never
// listens itself. Both run the same request handler with the same timeouts.
import { createServer as createHttpServer } from 'node:http'
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { Socket } from 'node:net'

/** A TLS record of type "handshake" starts with this byte; no HTTP method does. */
const TLS_HANDSHAKE = 0x16

export interface TlsIdentity {
  /** PEM private key. */
  readonly key: string
  /** PEM certificate (self-signed, or a chain). */
  readonly cert: string
}

export interface SamePortOptions {
  readonly requestTimeout: number
  readonly connectionsCheckingInterval: number
  readonly keepAliveTimeout: number
}

/** Whether a client address is this machine (127.0.0.0/8, ::1, or IPv4-mapped loopback). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (address === undefined) return false
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address
  return v4.startsWith('127.') || address === '::1'
}

/**
 * Where a plain-http request from another machine should go instead: the same path at https://
 * on the same host and port, for a page a person opens (a phone that typed http://). The API
 * (`/api/…`, which peer hubs and scripts call), `/metrics` and the hub's authority (`/ca`,
 * `/ca.crt`: a phone that does not trust the hub yet fetches it without a warning, and checks its
 * fingerprint) stay on plain http, as do requests from this machine; null when the request is
 * served as it is.
 */
export function httpsRedirect(
  method: string | undefined,
  url: string | undefined,
  host: string | undefined,
  remoteAddress: string | undefined,
): string | null {
  if (isLoopbackAddress(remoteAddress)) return null
  if (method !== 'GET' && method !== 'HEAD') return null
  if (url === undefined || !url.startsWith('/')) return null
  if (url.startsWith('/api/') || url === '/api' || url.startsWith('/metrics')) return null
  if (/^\/ca(\.crt)?(\?|$)/.test(url)) return null
  // Only a plain host[:port] (a name, an IPv4 address or a bracketed IPv6 one) is echoed back.
  if (host === undefined || !/^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/.test(host))
    return null
  return `https://${host}${url}`
}

function redirectingPlain(handler: RequestListener): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const to = httpsRedirect(req.method, req.url, req.headers.host, req.socket.remoteAddress)
    if (to === null) {
      handler(req, res)
      return
    }
    res.writeHead(308, { location: to, 'content-length': '0', 'cache-control': 'no-store' })
    res.end()
  }
}

/**
 * An http.Server (the one to listen on) that also speaks TLS with `tls` on the same port. Plain
 * page requests from other machines are redirected to https://. Closing all connections of the
 * returned server closes the TLS ones too, and those that have not sent anything yet.
 */
export function createSamePortServer(
  handler: RequestListener,
  tls: TlsIdentity,
  options: SamePortOptions,
): Server {
  const plain = createHttpServer(options, redirectingPlain(handler))
  const secure = createHttpsServer({ ...options, key: tls.key, cert: tls.cert }, handler)
  // Node's own listener turns a raw socket into an HTTP connection; it runs after the peek.
  const [plainListener] = plain.listeners('connection') as ((socket: Socket) => void)[]
  if (plainListener === undefined) throw new Error('http.Server has no connection listener')
  plain.removeListener('connection', plainListener)
  // Connections that have not sent their first byte belong to neither server's HTTP connection
  // list, so closing those alone would miss them, and the server's close would wait for each until
  // the request timeout (a peer hub's fetch pool opens its next connection ahead and sends nothing
  // on it: a hub with followers took 34 s to stop). Closing drops them too.
  const silent = new Set<Socket>()
  const dropSilent = (): void => {
    for (const socket of silent) socket.destroy()
    silent.clear()
  }
  plain.on('connection', (socket: Socket) => {
    silent.add(socket)
    socket.once('close', () => silent.delete(socket))
    // A client that connects and says nothing is dropped after the request timeout.
    socket.setTimeout(options.requestTimeout, () => socket.destroy())
    socket.once('data', (first: Buffer) => {
      silent.delete(socket)
      socket.setTimeout(0)
      socket.pause()
      socket.unshift(first)
      if (first[0] === TLS_HANDSHAKE) secure.emit('connection', socket)
      else {
        plainListener.call(plain, socket)
        socket.resume()
      }
    })
    socket.on('error', () => socket.destroy())
  })
  // A TLS handshake that fails (an untrusted certificate refused by the client) is the client's.
  secure.on('tlsClientError', (_error, socket) => socket.destroy())
  const closeAll = plain.closeAllConnections.bind(plain)
  const closeIdle = plain.closeIdleConnections.bind(plain)
  plain.closeAllConnections = () => {
    closeAll()
    secure.closeAllConnections()
    dropSilent()
  }
  // A connection that has sent nothing is idle: Node's close() closes the idle ones.
  plain.closeIdleConnections = () => {
    closeIdle()
    secure.closeIdleConnections()
    dropSilent()
  }
  // Node tracks a server's connections (request timeouts, closeAllConnections) from its
  // 'listening' event; the TLS server never listens itself, so it starts with the plain one.
  plain.on('listening', () => secure.emit('listening'))
  plain.on('close', () => secure.close())
  return plain
}
