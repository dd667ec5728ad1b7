// Serves the web app's static build (packages/web/dist) at `/` when it has been built, else the
// minimal home page. Hashed files under /assets/ are cached for a year (their names change with
// their content); index.html, the service worker and the manifest are revalidated on every load,
// so a new build reaches phones at once. Any other path without a file extension gets index.html
// (the app routes in the URL fragment, but a reload on a deep link must still work). Compressible
// files are gzipped once and kept in memory: the whole build is a few hundred kilobytes.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, join, normalize, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'

/** Where `npm run build -w @veche/web` writes the app, seen from this file (src or dist). */
export const WEB_APP_DIR = fileURLToPath(new URL('../../web/dist/', import.meta.url))

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.svg', '.json', '.webmanifest', '.txt'])

interface CachedFile {
  readonly body: Buffer
  readonly gzipped: Buffer | null
  readonly type: string
  readonly cacheControl: string
}

/**
 * Registers GET / and every other unclaimed GET path: the web app from `dir` when it holds a
 * build, otherwise `fallbackPage()` at `/` only.
 */
export function registerWebApp(
  app: FastifyInstance,
  fallbackPage: () => string,
  dir: string = WEB_APP_DIR,
): void {
  if (!existsSync(join(dir, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, (_request, reply) =>
      reply.type('text/html; charset=utf-8').send(fallbackPage()),
    )
    return
  }
  const root = normalize(dir.endsWith(sep) ? dir : dir + sep)
  const cache = new Map<string, CachedFile | null>()
  const load = (path: string): CachedFile | null => {
    if (cache.has(path)) return cache.get(path)!
    const file = normalize(join(root, path))
    let found: CachedFile | null = null
    if (file.startsWith(root) && existsSync(file) && statSync(file).isFile()) {
      const ext = extname(file)
      const body = readFileSync(file)
      found = {
        body,
        gzipped: COMPRESSIBLE.has(ext) ? gzipSync(body, { level: 9 }) : null,
        type: TYPES[ext] ?? 'application/octet-stream',
        cacheControl: path.startsWith('assets/')
          ? 'public, max-age=31536000, immutable'
          : 'no-cache',
      }
    }
    cache.set(path, found)
    return found
  }
  const send = (request: FastifyRequest, reply: FastifyReply, file: CachedFile): FastifyReply => {
    const gzip = file.gzipped !== null && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')
    reply.header('cache-control', file.cacheControl).header('vary', 'accept-encoding')
    if (gzip) reply.header('content-encoding', 'gzip')
    return reply.type(file.type).send(gzip ? file.gzipped : file.body)
  }
  const notFound = (reply: FastifyReply): FastifyReply => {
    reply.callNotFound()
    return reply
  }
  const handler = (request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    const url = request.url.split('?')[0] ?? '/'
    if (url.startsWith('/api/') || url === '/metrics') return notFound(reply)
    let path: string
    try {
      path = decodeURIComponent(url).replace(/^\/+/, '')
    } catch {
      return notFound(reply)
    }
    const file = load(path === '' ? 'index.html' : path)
    if (file !== null) return send(request, reply, file)
    const index = load('index.html')
    if (extname(path) === '' && index !== null) return send(request, reply, index)
    return notFound(reply)
  }
  app.get('/', { schema: { hide: true } }, handler)
  app.get('/*', { schema: { hide: true } }, handler)
}
