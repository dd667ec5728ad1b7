// GET /ca: how a member installs the hub's own certificate authority on a phone (so that the app
// opens at the hub's https:// address with no warning, offline and installed), with the authority's
// fingerprint to compare first, what trusting it means, and how to remove it; in English, Russian,
// Kazakh or Korean (?lang=, else the browser's languages). GET /ca.crt: the authority itself (DER,
// `application/x-x509-ca-cert`, the type Android and iOS offer to install). Plain server-rendered
// HTML, no script; served over plain http as well as https (same-port-tls.ts), since a phone that
// does not trust the hub yet would meet a warning on the way in: the fingerprint, not the
// connection, is what makes the download safe.
import { X509Certificate } from 'node:crypto'
import type { FastifyPluginAsync } from 'fastify'
import { AUTHORITY_LANGUAGES, AUTHORITY_TEXTS } from './authority-texts.js'
import type { AuthorityLanguage } from './authority-texts.js'
import { RESOLUTION_PAGE_STYLE, escapeHtml } from './resolution-page.js'

/** The file name a phone saves the authority under (the page's steps name it). */
export const AUTHORITY_FILE_NAME = 'veche-hub-authority.crt'

export interface HubAuthority {
  /** The authority's certificate, PEM. */
  readonly cert: string
}

/** The page's language: `lang` if it is one of the four, else the first of `accept` that is. */
export function authorityLanguage(
  lang: string | undefined,
  accept: string | undefined,
): AuthorityLanguage {
  const known = (tag: string): AuthorityLanguage | undefined =>
    AUTHORITY_LANGUAGES.find((l) => l === tag.trim().toLowerCase().split(/[-;]/)[0])
  if (lang !== undefined) {
    const chosen = known(lang)
    if (chosen !== undefined) return chosen
  }
  for (const tag of (accept ?? '').split(',')) {
    const chosen = known(tag)
    if (chosen !== undefined) return chosen
  }
  return 'en'
}

/**
 * The fingerprint in rows of eight bytes (AB:CD:…), each short enough for a phone's width, so that a
 * member compares it row by row and no byte is split across lines.
 */
function fingerprintRows(fingerprint: string): string {
  const bytes = escapeHtml(fingerprint).split(':')
  const rows: string[] = []
  for (let i = 0; i < bytes.length; i += 8) rows.push(bytes.slice(i, i + 8).join(':'))
  return rows.join('<br>')
}

/** The /ca page in `language` for an authority with SHA-256 fingerprint `fingerprint`. */
export function renderAuthorityPage(language: AuthorityLanguage, fingerprint: string): string {
  const t = AUTHORITY_TEXTS[language]
  const languages = AUTHORITY_LANGUAGES.map((l) =>
    l === language
      ? `<a href="/ca?lang=${l}" aria-current="page" lang="${l}">${AUTHORITY_TEXTS[l].languageName}</a>`
      : `<a href="/ca?lang=${l}" lang="${l}">${AUTHORITY_TEXTS[l].languageName}</a>`,
  )
  const steps = (title: string, list: readonly string[]): string =>
    `<h2>${escapeHtml(title)}</h2>\n<ol>${list.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ol>`
  return `<!doctype html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(t.title)}</title>
<style>${RESOLUTION_PAGE_STYLE}</style>
</head>
<body>
<nav aria-label="Languages">${languages.join(' ')}</nav>
<main>
<h1>${escapeHtml(t.title)}</h1>
<p>${escapeHtml(t.lead)}</p>
<p class="note">${escapeHtml(t.compare)}</p>
<p>${escapeHtml(t.fingerprint)}:<br><code id="fingerprint">${fingerprintRows(fingerprint)}</code></p>
<p><a href="/ca.crt" download="${AUTHORITY_FILE_NAME}"><strong>${escapeHtml(t.download)}</strong></a> (${AUTHORITY_FILE_NAME})</p>
<h2>${escapeHtml(t.meaningTitle)}</h2>
<p>${escapeHtml(t.meaning)}</p>
${steps(t.android, t.androidSteps)}
${steps(t.ios, t.iosSteps)}
${steps(t.computer, t.computerSteps)}
<h2>${escapeHtml(t.removeTitle)}</h2>
<p>${escapeHtml(t.remove)}</p>
<p><a href="/">${escapeHtml(t.open)}</a></p>
</main>
</body>
</html>
`
}

/** GET /ca and GET /ca.crt for `authority`. */
export const authorityPage: FastifyPluginAsync<{ readonly authority: HubAuthority }> = (
  app,
  options,
) => {
  const parsed = new X509Certificate(options.authority.cert)
  const der = parsed.raw
  app.get<{ Querystring: { lang?: string } }>(
    '/ca',
    { schema: { hide: true } },
    (request, reply) => {
      const lang = typeof request.query.lang === 'string' ? request.query.lang : undefined
      const language = authorityLanguage(lang, request.headers['accept-language'])
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-store')
        .send(renderAuthorityPage(language, parsed.fingerprint256))
    },
  )
  app.get('/ca.crt', { schema: { hide: true } }, (_request, reply) =>
    reply
      .type('application/x-x509-ca-cert')
      .header('content-disposition', `attachment; filename="${AUTHORITY_FILE_NAME}"`)
      .header('cache-control', 'no-store')
      .send(der),
  )
  return Promise.resolve()
}
