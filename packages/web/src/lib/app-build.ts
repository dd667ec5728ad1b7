// Which app this page runs: the build manifest (`<sha256 hex>  <path>` per file, sorted; see
// scripts/build-manifest.js) is fetched, every file it lists is fetched as this page gets it (the
// service worker answers from its copy, the one the phone runs), hashed again here, and the
// fingerprint is the SHA-256 of the manifest rebuilt from those hashes. It is compared with what
// the hub announces (GET /api/hub). A modified build can of course show anything here; docs/web.md
// says how to check from outside.

/** What this page runs and what the hub announces. */
export interface AppBuild {
  /** The fingerprint of the files this page gets, or null if some could not be read. */
  readonly mine: string | null
  /** The fingerprint the hub announces, or null when it cannot be asked. */
  readonly hub: string | null
}

async function sha256Hex(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes.slice(0)))
  return [...digest].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function announced(): Promise<string | null> {
  try {
    const answer = await fetch('/api/hub', { cache: 'no-store' })
    if (!answer.ok) return null
    const body = (await answer.json()) as { app?: { sha256?: unknown } | null }
    return typeof body.app?.sha256 === 'string' ? body.app.sha256 : null
  } catch {
    return null
  }
}

async function running(): Promise<string | null> {
  try {
    const answer = await fetch('/build-manifest.txt')
    if (!answer.ok) return null
    const paths = (await answer.text())
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => line.slice(66))
    const lines = await Promise.all(
      paths.map(async (path) => {
        const file = await fetch(`/${path}`)
        if (!file.ok) throw new Error(`${path}: ${file.status}`)
        return `${await sha256Hex(await file.arrayBuffer())}  ${path}\n`
      }),
    )
    return await sha256Hex(new TextEncoder().encode(lines.join('')))
  } catch {
    return null
  }
}

/** This page's fingerprint and the hub's. */
export async function checkAppBuild(): Promise<AppBuild> {
  const [mine, hub] = await Promise.all([running(), announced()])
  return { mine, hub }
}
