// The floors of HTTP for bench-hub's one-ballot-a-request lines: a server that takes POST
// /api/events and does nothing with the ballot, run as its own process as `veche serve` is, with
// the hub's server options (keep-alive, request timeout), answering the same short JSON a hub
// answers an accepted ballot. Three kinds (the first argument):
//   bare     node:http alone: reads each body whole, answers; what any HTTP server pays
//   fastify  one fastify route, no hooks: fastify's routing, its JSON body parser, its reply
//   hooks    the same route with the hub's hooks on every request (security headers on
//            onRequest, the read-access preHandler's route check, the metrics' onResponse) and
//            the hub's security headers on the answer
// Prints `listening on port N` as `veche serve` does.
import { createServer } from 'node:http'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { KEEP_ALIVE_MS, SECURITY_HEADERS } from '@veche/server'
import Fastify from 'fastify'

const kind = process.argv[2]
if (kind !== 'bare' && kind !== 'fastify' && kind !== 'hooks') {
  throw new Error('usage: http-floor-server bare|fastify|hooks')
}

const serverOptions = {
  requestTimeout: 30_000,
  connectionsCheckingInterval: 1_000,
  keepAliveTimeout: KEEP_ALIVE_MS,
}
// What a hub answers an accepted ballot (an id is 64 hex digits).
const ID = 'f'.repeat(64)
const answer = () => ({
  outcomes: [{ status: 'accepted', id: ID }],
  accepted: 1,
  duplicate: 0,
  rejected: 0,
})

function bare(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = []
  request.on('data', (chunk: Buffer) => chunks.push(chunk))
  request.on('end', () => {
    const body = JSON.stringify(answer())
    response.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    })
    response.end(body)
  })
}

async function listen(): Promise<number> {
  if (kind === 'bare') {
    const server = createServer(serverOptions, bare)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const address = server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }
  const app = Fastify({
    logger: false,
    serverFactory: (handler) => createServer(serverOptions, handler),
    return503OnClosing: true,
    forceCloseConnections: true,
  })
  app.removeContentTypeParser('text/plain')
  if (kind === 'hooks') {
    const counts = new Map<string, number>()
    app.addHook('onRequest', (request, reply, done) => {
      for (const [name, value] of Object.entries(SECURITY_HEADERS)) reply.raw.setHeader(name, value)
      if (request.url === '/api/docs' || request.url.startsWith('/api/docs/'))
        reply.raw.setHeader('x-docs', '1')
      done()
    })
    app.addHook('preHandler', async (request) => {
      const route = request.routeOptions.url
      if (route === undefined) return
      await Promise.resolve()
    })
    app.addHook('onResponse', (request, reply, done) => {
      const key = `method="${request.method}",route="${request.routeOptions.url ?? 'unmatched'}",status="${reply.statusCode}"`
      counts.set(key, (counts.get(key) ?? 0) + 1)
      done()
    })
  }
  // The hub's route is an async handler too: its answer goes out from a promise.
  app.post('/api/events', () => Promise.resolve(answer()))
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return typeof address === 'object' && address !== null ? address.port : 0
}

process.stdout.write(`listening on port ${await listen()}\n`)
