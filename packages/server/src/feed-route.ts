// GET /api/spaces/:id/feed.atom: an Atom feed (RFC 4287) of a public space's resolutions, newest
// first, each linking to its public page. Times are the authors' claimed times (`at`) of the
// adopting events. Private spaces have no feed ("not found", as for an unknown space). Absolute
// links start with the configured public URL, or with a Host header that is strictly a host name
// (public-origin.ts): a crafted Host is refused, never written into the feed.
import type { EventId, SpaceId, StatementRecord } from '@veche/core'
import type { Ledger } from '@veche/store'
import type { FastifyPluginAsync } from 'fastify'
import { escapeHtml } from './resolution-page.js'
import { sendProblem, problem } from './problem.js'
import { publicOrigin } from './public-origin.js'

async function claimedTime(ledger: Ledger, id: string): Promise<number> {
  const stored = await ledger.store.get(id as EventId)
  if (stored === null) return 0
  const at = (JSON.parse(stored.json) as { at?: unknown }).at
  return typeof at === 'number' ? at : 0
}

function iso(ms: number): string {
  return new Date(ms).toISOString()
}

export interface FeedRouteOptions {
  readonly ledger: Ledger
  /** The hub's public URL (no trailing slash), if configured. */
  readonly publicUrl?: string
}

export const feedRoute: FastifyPluginAsync<FeedRouteOptions> = (app, options) => {
  const { ledger } = options
  app.get<{ Params: { id: string } }>(
    '/api/spaces/:id/feed.atom',
    { schema: { hide: true } },
    async (request, reply) => {
      const space = request.params.id as SpaceId
      const state = await ledger.state(space)
      const assembly = state?.assembly
      if (state === null || assembly == null || assembly.rules.visibility !== 'public') {
        return sendProblem(
          reply,
          problem(404, 'space.unknown', 'Unknown space', `this hub has no public space ${space}`),
        )
      }
      const adopted = [...state.statements.documents.values()].filter(
        (s): s is StatementRecord & { adopted: NonNullable<StatementRecord['adopted']> } =>
          s.adopted !== null,
      )
      const entries = await Promise.all(
        adopted.map(async (s) => ({
          statement: s,
          at: await claimedTime(ledger, s.adopted.event),
        })),
      )
      entries.sort((a, b) => b.at - a.at || (a.statement.id < b.statement.id ? -1 : 1))
      const updated = entries[0]?.at ?? (await claimedTime(ledger, assembly.created))
      const origin = publicOrigin(options.publicUrl, request.protocol, request.headers.host)
      if (origin === null) {
        return sendProblem(
          reply,
          problem(
            400,
            'request.invalid',
            'Invalid Host header',
            'the Host header is not a host name or address with an optional port; the feed writes absolute links, so the hub operator can set `veche serve --public-url`',
          ),
        )
      }
      const xml = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom">',
        `<id>urn:veche:space:${space}</id>`,
        `<title>${escapeHtml(assembly.name)}</title>`,
        `<subtitle>Resolutions of ${escapeHtml(assembly.name)}</subtitle>`,
        `<updated>${iso(updated)}</updated>`,
        `<author><name>${escapeHtml(assembly.name)}</name></author>`,
        `<link rel="self" type="application/atom+xml" href="${escapeHtml(origin)}/api/spaces/${space}/feed.atom"/>`,
        ...entries.map(({ statement: s, at }) =>
          [
            '<entry>',
            `<id>urn:veche:statement:${s.id}</id>`,
            `<title>${escapeHtml(s.title)}</title>`,
            `<updated>${iso(at)}</updated>`,
            `<link rel="alternate" type="text/html" href="${escapeHtml(origin)}/r/${space}/${s.id}"/>`,
            ...[...s.translations.keys()].map(
              (lang) =>
                `<link rel="alternate" type="text/html" hreflang="${escapeHtml(lang)}" href="${escapeHtml(origin)}/r/${space}/${s.id}?lang=${encodeURIComponent(lang)}"/>`,
            ),
            `<summary>${escapeHtml([...s.lead, ...s.paragraphs.map((p, i) => `${i + 1}. ${p.text}`)].join(' ').slice(0, 600))}</summary>`,
            '</entry>',
          ].join('\n'),
        ),
        '</feed>',
        '',
      ].join('\n')
      return reply.type('application/atom+xml; charset=utf-8').send(xml)
    },
  )
  return Promise.resolve()
}
