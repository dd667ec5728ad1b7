// The origin a hub writes into absolute links (the Atom feed's links must be absolute). With a
// configured public URL (`veche serve --public-url`), always that: behind a proxy or on a public
// name, the request's Host says nothing trustworthy. Without one, the request's Host header, but
// only when it is strictly a host name or address with an optional port: a crafted Host cannot
// put markup or another scheme into the links.

/** A host name (RFC 1123 labels), an IPv4 address or a bracketed IPv6 address, and a port. */
const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/

/**
 * The configured public URL as an origin to prefix paths with (no trailing slash), or an error
 * saying what is wrong with it.
 */
export function parsePublicUrl(
  text: string,
): { ok: true; origin: string } | { ok: false; reason: string } {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return { ok: false, reason: `"${text}" is not a URL (for example https://veche.example.org)` }
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    return { ok: false, reason: `"${text}" must start with http:// or https://` }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '')
    return { ok: false, reason: `"${text}" must have no user, password, query or fragment` }
  return { ok: true, origin: `${url.origin}${url.pathname.replace(/\/+$/, '')}` }
}

/**
 * The origin for absolute links: `configured` when given, otherwise `protocol://host` from the
 * request when `host` is a plain host name or address; null when it is not (refuse the request).
 */
export function publicOrigin(
  configured: string | undefined,
  protocol: string,
  host: string | undefined,
): string | null {
  if (configured !== undefined) return configured
  if (host === undefined || !HOST.test(host)) return null
  return `${protocol === 'https' ? 'https' : 'http'}://${host}`
}
