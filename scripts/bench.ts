// `npm run bench`: runs every scripts/bench-*.js in its own process (so each has its own peak
// memory figure) and passes their JSON lines through. Benchmarks are not tests: nothing here fails
// on a slow figure.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const only = process.argv.slice(2)
const files = readdirSync(here)
  .filter((f) => /^bench-.+\.js$/.test(f) && f !== 'bench-line.js')
  .filter((f) => only.length === 0 || only.some((name) => f.includes(name)))
  .sort()

let failed = 0
for (const file of files) {
  const run = spawnSync(process.execPath, ['--expose-gc', join(here, file)], {
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  if (run.status !== 0) {
    failed += 1
    process.stderr.write(`bench: ${file} exited with ${run.status ?? run.signal}\n`)
  }
}
process.exitCode = failed === 0 ? 0 : 1
