// The headers every answer of the hub carries (the web app, the API, the public /r/ pages, errors
// and streams alike), so that a page of this hub runs only the hub's own scripts, cannot be framed
// by another site, is never sniffed into another type, and tells no other site where its reader
// came from:
//   Content-Security-Policy  scripts, styles, fonts, workers and connections from this origin
//                            only (no inline script at all; the two server-rendered pages' own
//                            inline styles by their SHA-256), images also as data: URLs (QR
//                            codes), no plugins, no <base>, forms only to this origin, and
//                            `frame-ancestors 'none'`
//   X-Frame-Options: DENY    the same for browsers older than frame-ancestors
//   X-Content-Type-Options: nosniff
//   Referrer-Policy: no-referrer
// Set on the raw response when a request arrives, so routes that write the response themselves
// (the event streams) carry them too.
import { createHash } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { HOME_PAGE_STYLE } from './home-page.js'
import { RESOLUTION_PAGE_STYLE } from './resolution-page.js'

/** The CSP source for an inline `<style>` whose text is exactly `text`. */
export function styleHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`
}

/** The Content-Security-Policy of every answer. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  `style-src 'self' ${styleHash(HOME_PAGE_STYLE)} ${styleHash(RESOLUTION_PAGE_STYLE)}`,
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/**
 * The one inline style the API docs page (Swagger UI, as @fastify/swagger-ui 5.2.6 bundles it)
 * inserts, by its hash; the browser test of the docs page fails if an upgrade changes it.
 */
const SWAGGER_UI_STYLE = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='"

/** The policy of the API docs pages (`/api/docs`): the same, with Swagger UI's inline style. */
export const DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY.replace(
  "style-src 'self'",
  `style-src 'self' ${SWAGGER_UI_STYLE}`,
)

export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
}

/** SECURITY_HEADERS as name and value pairs, for setting them on each answer. */
export const SECURITY_HEADER_ENTRIES: readonly (readonly [string, string])[] =
  Object.entries(SECURITY_HEADERS)

/** Adds the security headers to every answer of `app`. */
export function registerSecurityHeaders(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    for (const [name, value] of SECURITY_HEADER_ENTRIES) reply.raw.setHeader(name, value)
    if (request.url === '/api/docs' || request.url.startsWith('/api/docs/'))
      reply.raw.setHeader('content-security-policy', DOCS_CONTENT_SECURITY_POLICY)
    done()
  })
}
