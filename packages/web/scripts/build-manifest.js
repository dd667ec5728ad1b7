// Writes dist/build-manifest.txt: one line per file of the build, `<sha256 hex>  <path>`, sorted by
// path byte for byte: exactly what `sha256sum` prints, so anyone can redo it with coreutils:
//   cd packages/web/dist && find . -type f ! -name build-manifest.txt -printf '%P\n' \
//     | LC_ALL=C sort | xargs sha256sum | sha256sum
// The SHA-256 of this file is the build's fingerprint: `veche serve` prints it, GET /api/hub
// returns it, and the app shows it (docs/web.md, "Which app am I running").
import { Buffer } from 'node:buffer'
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'

const MANIFEST = 'build-manifest.txt'
const dist = new URL('../dist/', import.meta.url).pathname

function filesUnder(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  )
}

const paths = filesUnder(dist)
  .map((file) => relative(dist, file).split(sep).join('/'))
  .filter((path) => path !== MANIFEST)
  .sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)))
const text = paths
  .map(
    (path) =>
      `${createHash('sha256')
        .update(readFileSync(join(dist, path)))
        .digest('hex')}  ${path}\n`,
  )
  .join('')
writeFileSync(join(dist, MANIFEST), text)
console.log(
  `app fingerprint: sha256 ${createHash('sha256').update(text).digest('hex')} (${paths.length} files)`,
)
