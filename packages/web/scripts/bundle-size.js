// Prints the JavaScript a first visit loads (the scripts and module preloads named by
// dist/index.html, and the interface language's strings), gzipped, and fails the build when it
// passes the budget of 250 KB.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET = 250 * 1024
const dist = new URL('../dist/', import.meta.url).pathname
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const files = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1])
const gzipped = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
let total = 0
for (const file of files) {
  const size = gzipped(file)
  total += size
  console.log(`  ${file}: ${(size / 1024).toFixed(1)} KB gzipped`)
}
// Before its first render the app loads one language's strings (src/i18n/i18n-setup.ts), which
// index.html cannot name: the largest language is counted, a first visit in that language.
const languages = readdirSync(join(dist, 'assets'))
  .filter((f) => /^language-strings-.*\.js$/.test(f))
  .map((f) => ({ file: `assets/${f}`, size: gzipped(`assets/${f}`) }))
  .sort((a, b) => b.size - a.size)
const language = languages[0]
if (language !== undefined) {
  total += language.size
  console.log(
    `  ${language.file}: ${(language.size / 1024).toFixed(1)} KB gzipped (the largest of ${languages.length} languages' strings)`,
  )
}
const verdict = total <= BUDGET ? 'within' : 'OVER'
console.log(
  `first load: ${(total / 1024).toFixed(1)} KB of JavaScript gzipped (${verdict} the 250 KB budget)`,
)
if (files.length === 0 || languages.length === 0 || total > BUDGET) process.exit(1)
