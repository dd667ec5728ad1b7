// Prints the JavaScript a first visit loads (the scripts and module preloads named by
// dist/index.html), gzipped, and fails the build when it passes the budget of 250 KB.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET = 250 * 1024
const dist = new URL('../dist/', import.meta.url).pathname
const html = readFileSync(join(dist, 'index.html'), 'utf8')
const files = [...html.matchAll(/(?:src|href)="\/?([^"]+\.js)"/g)].map((m) => m[1])
let total = 0
for (const file of files) {
  const size = gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
  total += size
  console.log(`  ${file}: ${(size / 1024).toFixed(1)} KB gzipped`)
}
const verdict = total <= BUDGET ? 'within' : 'OVER'
console.log(
  `first load: ${(total / 1024).toFixed(1)} KB of JavaScript gzipped (${verdict} the 250 KB budget)`,
)
if (files.length === 0 || total > BUDGET) process.exit(1)
