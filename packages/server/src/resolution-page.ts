// GET /r/:space/:statement?lang=xx: the public page of an adopted statement (a resolution). Plain
// server-rendered HTML: no account, no JavaScript, no cookies; a link per language switches among
// the original and its translations. Every link is `rel="noreferrer"` (the hub also sends
// `Referrer-Policy: no-referrer`): a reader who follows a reference tells its site nothing. Only public spaces have public pages; a private space's
// statement is "not found", exactly like a statement that does not exist.
import { formatStatementProof, hashStatementDocument, statementDocument } from '@veche/core'
import type { EventId, SpaceId, StatementDocument, StatementText } from '@veche/core'
import type { Ledger } from '@veche/store'
import type { FastifyPluginAsync, FastifyReply } from 'fastify'
import { collectStatementEvidence } from './statement-evidence.js'

/**
 * Characters XML 1.0 does not allow (C0 but tab, LF and CR; lone surrogates; U+FFFE, U+FFFF) and
 * the C1 controls and bidi embeddings and overrides: the rules refuse them in new events
 * (docs/events.md, "Texts"), but a store may hold events accepted before they did.
 */
const UNSHOWABLE =
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** Escapes text for HTML and XML content and attribute values; what neither may hold becomes U+FFFD. */
export function escapeHtml(text: string): string {
  return text
    .replace(UNSHOWABLE, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

/** The adopted statement's document, if `space` is public here and holds it adopted. */
export async function publicStatement(
  ledger: Ledger,
  space: string,
  statement: string,
): Promise<StatementDocument | null> {
  const state = await ledger.state(space as SpaceId)
  if (state?.assembly?.rules.visibility !== 'public') return null
  const record = state.statements.documents.get(statement as EventId)
  if (record?.adopted == null) return null
  const names = new Map<SpaceId, string>()
  for (const cosigner of record.cosigners.keys()) {
    const other = await ledger.state(cosigner)
    if (other?.assembly != null) names.set(cosigner, other.assembly.name)
  }
  const document = statementDocument(state, statement as EventId, names)
  return document.ok ? document.value : null
}

/** The page's own stylesheet (inline; the hub's CSP allows exactly this text by its hash). */
export const RESOLUTION_PAGE_STYLE = `body{font:17px/1.55 "DejaVu Sans","Noto Sans","Nanum Gothic",system-ui,sans-serif;
max-width:42em;margin:2em auto;padding:0 1em;color:#111}
nav a{margin-right:.8em}nav a[aria-current]{font-weight:bold;text-decoration:none}
.lead,.closing{font-weight:bold}li.outdated{background:#fff4d6}ol.paragraphs li{margin:.6em 0}
.note{background:#fff4d6;padding:.4em .8em}footer{font-size:.85em;color:#444;margin-top:2em}
code{word-break:break-all}`

function renderText(text: StatementText, outdated: readonly number[]): string {
  const paragraph = (p: { number: number; text: string }): string =>
    outdated.includes(p.number)
      ? `<li value="${p.number}" class="outdated"><bdi>${escapeHtml(p.text)}</bdi> <small>(outdated: the original changed)</small></li>`
      : `<li value="${p.number}" dir="auto">${escapeHtml(p.text)}</li>`
  return [
    `<h1 dir="auto">${escapeHtml(text.title)}</h1>`,
    ...text.lead.map((l) => `<p class="lead" dir="auto">${escapeHtml(l)}</p>`),
    '<ol class="paragraphs">',
    ...text.paragraphs.map(paragraph),
    '</ol>',
    ...text.closing.map((l) => `<p class="closing" dir="auto">${escapeHtml(l)}</p>`),
  ].join('\n')
}

/**
 * How many ballots the adopting poll counted, how many it kept as late, and how many it sealed but
 * left out because their keys no longer held a seat at the close (a council's `poll.closed.3`:
 * one ballot per seat, the result's `unseated`); the last two are not counted.
 */
export interface AdoptingPollCounts {
  readonly counted: number
  readonly late: number
  readonly unseated: number
}

async function adoptingPollCounts(
  ledger: Ledger,
  document: StatementDocument,
): Promise<AdoptingPollCounts | null> {
  const poll = (await ledger.state(document.space as SpaceId))?.polls.get(
    document.adopted.poll as EventId,
  )
  if (poll?.sealed == null) return null
  const unseated = (poll.result as { unseated?: readonly string[] } | null)?.unseated?.length ?? 0
  return { counted: poll.sealed.length - unseated, late: poll.late.length, unseated }
}

/** The page in `lang` (the original when that language has no translation). */
export function renderResolutionPage(
  document: StatementDocument,
  lang: string | undefined,
  counts: AdoptingPollCounts | null = null,
): string {
  const translation = document.translations.find((t) => t.language === lang)
  const text: StatementText = translation ?? document.original
  const base = `/r/${document.space}/${document.statement}`
  const languages = [document.original, ...document.translations].map((t) => {
    const current = t.language === text.language ? ' aria-current="page"' : ''
    const label = t === document.original ? `${t.language} (original)` : t.language
    return `<a rel="noreferrer" href="${base}?lang=${encodeURIComponent(t.language)}" hreflang="${escapeHtml(t.language)}"${current}>${escapeHtml(label)}</a>`
  })
  const notes: string[] = []
  const original = escapeHtml(document.original.language)
  if (translation !== undefined) {
    notes.push(
      // Any member translates, and a translation's status is its translator's word
      // (docs/statements.md, "Not yet"): the page says whose, and which text was adopted.
      `<p class="note">Translation of the ${original} original, marked ${escapeHtml(translation.status)} by its translator (the member with key <code>${escapeHtml(translation.translator)}</code>), not by the assembly: the ${original} original is the text it adopted.</p>`,
    )
    if (translation.outdated.length > 0 || translation.frameOutdated) {
      const which =
        translation.outdated.length > 0 ? ` (paragraphs ${translation.outdated.join(', ')})` : ''
      notes.push(
        `<p class="note">Outdated: the original changed after this translation${which}.</p>`,
      )
    }
  }
  const references =
    document.references.length === 0
      ? ''
      : `<h2>References</h2>\n<ul>${document.references
          .map(
            (r) =>
              `<li><a rel="noreferrer" href="${escapeHtml(r.url)}"><bdi>${escapeHtml(r.title)}</bdi></a></li>`,
          )
          .join('')}</ul>`
  const cosigners =
    document.cosigners.length === 0
      ? ''
      : `<h2>Co-signed by</h2>\n<ul>${document.cosigners
          .map((c) => `<li><bdi>${escapeHtml(c.name)}</bdi> <code>${c.space}</code></li>`)
          .join('')}</ul>`
  const hash = hashStatementDocument(document)
  const tally =
    counts === null
      ? ''
      : `<p>The poll counted ${counts.counted} ballot(s)${counts.late === 0 ? '' : `; ${counts.late} ballot(s) cast beyond what its closer had seen are kept in the log and were not counted`}${counts.unseated === 0 ? '' : `; ${counts.unseated} ballot(s) not counted: their keys no longer held a seat at the close (recalled, replaced or at the end of the term), and they are kept in the log`}.</p>\n`
  return `<!doctype html>
<html lang="${escapeHtml(text.language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(text.title)}</title>
<link rel="alternate" type="application/atom+xml" href="/api/spaces/${document.space}/feed.atom" title="${escapeHtml(document.spaceName)}">
<style>${RESOLUTION_PAGE_STYLE}</style>
</head>
<body>
<nav aria-label="Languages">${languages.join(' ')}</nav>
<p>Resolution of <strong><bdi>${escapeHtml(document.spaceName)}</bdi></strong>, version ${document.version}.</p>
${notes.join('\n')}
<main>
${renderText(text, translation?.outdated ?? [])}
</main>
${references}
${cosigners}
<footer>
<p>Statement <code>${document.statement}</code>, adopted by event <code>${document.adopted.event}</code> (poll <code>${document.adopted.poll}</code>).</p>
${tally}<p>Content hash (SHA-256): <code>${hash}</code>. Check it offline: download <a rel="noreferrer" href="${base}/proof.json">the proof file</a> (the signed events), then run <code>veche verify-statement proof.json</code>.</p>
</footer>
</body>
</html>
`
}

function notFound(reply: FastifyReply): FastifyReply {
  return reply
    .code(404)
    .type('text/html; charset=utf-8')
    .send('<!doctype html><title>Not found</title><p>No public resolution here.</p>\n')
}

export const resolutionPage: FastifyPluginAsync<{ readonly ledger: Ledger }> = (app, options) => {
  app.get<{ Params: { space: string; statement: string }; Querystring: { lang?: string } }>(
    '/r/:space/:statement',
    { schema: { hide: true } },
    async (request, reply) => {
      const { space, statement } = request.params
      const document = await publicStatement(options.ledger, space, statement)
      if (document === null) return notFound(reply)
      const lang = typeof request.query.lang === 'string' ? request.query.lang : undefined
      const counts = await adoptingPollCounts(options.ledger, document)
      return reply
        .type('text/html; charset=utf-8')
        .send(renderResolutionPage(document, lang, counts))
    },
  )
  // The proof file, as `veche statement export --format json` writes it; only when every space
  // whose log it would publish is public (a private co-signer's log stays private).
  app.get<{ Params: { space: string; statement: string } }>(
    '/r/:space/:statement/proof.json',
    { schema: { hide: true } },
    async (request, reply) => {
      const { space, statement } = request.params
      if ((await publicStatement(options.ledger, space, statement)) === null) return notFound(reply)
      const evidence = await collectStatementEvidence(
        options.ledger,
        space as SpaceId,
        statement as EventId,
      )
      if (!evidence.ok || evidence.value.privateSpaces.length > 0) return notFound(reply)
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${statement}.json"`)
        .send(formatStatementProof(evidence.value.document, evidence.value.logs))
    },
  )
  return Promise.resolve()
}
