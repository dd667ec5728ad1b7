// GET /: a minimal page saying what this hub is, until the web app is served here.

/** The page's own stylesheet (inline; the hub's CSP allows exactly this text by its hash). */
export const HOME_PAGE_STYLE =
  'body{font:16px/1.5 system-ui,sans-serif;max-width:36em;margin:2em auto;padding:0 1em}'

export function homePage(): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Veche hub</title>
<style>${HOME_PAGE_STYLE}</style>
</head>
<body>
<h1>Veche hub</h1>
<p>This is a Veche hub: it keeps the signed events of people's assemblies and serves them.
Every decision here can be re-checked from the signed log.</p>
<p>The web app comes later. Meanwhile: <a href="/api/docs">the API</a>
(<a href="/api/openapi.json">OpenAPI</a>), and <code>veche</code> on the command line.</p>
<p>This hub keeps no IP addresses, no user agents, no e-mail addresses and no phone numbers.</p>
</body>
</html>
`
}
