// The fingerprint of the web app this hub serves: the SHA-256 of its build manifest (one line per
// file, `<sha256 hex>  <path>`, sorted by path byte for byte, as `sha256sum` prints them; see
// packages/web/scripts/build-manifest.js). Computed here from the files themselves, not read from
// the manifest the build wrote, so it names what this hub actually serves. `veche serve` prints it,
// GET /api/hub returns it, and a member compares it with the one the project or their facilitator
// published (docs/web.md, "Which app am I running").
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { WEB_APP_DIR } from './web-app.js'

/** The manifest's own name: the one file of the build it does not list. */
export const BUILD_MANIFEST = 'build-manifest.txt'

/** A build's fingerprint. */
export interface AppFingerprint {
  /** SHA-256 (hex) of the manifest text. */
  readonly sha256: string
  /** How many files the manifest lists. */
  readonly files: number
  /** The manifest itself. */
  readonly manifest: string
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

/** The fingerprint of the build in `dir`, or null when there is no build there. */
export function appFingerprint(dir: string = WEB_APP_DIR): AppFingerprint | null {
  if (!existsSync(join(dir, 'index.html'))) return null
  const paths = filesUnder(dir)
    .map((file) => relative(dir, file).split(sep).join('/'))
    .filter((path) => path !== BUILD_MANIFEST)
    .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
  const manifest = paths
    .map((path) => {
      const digest = createHash('sha256')
        .update(readFileSync(join(dir, path)))
        .digest('hex')
      return `${digest}  ${path}\n`
    })
    .join('')
  return {
    sha256: createHash('sha256').update(manifest).digest('hex'),
    files: paths.length,
    manifest,
  }
}
