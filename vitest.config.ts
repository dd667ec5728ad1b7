import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const src = (name: string) =>
  fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

// Tests that drive Debian's chromium, or read PDFs back with pdftotext, need system packages that
// npm cannot install. On a machine without them `npm test` leaves those files out and says so;
// under CI (CI=true, where .ci/run installs them) nothing is ever left out, so a missing tool fails.
const chromium = existsSync('/usr/bin/chromium')
const pdfTools =
  spawnSync('pdftotext', ['-v']).error === undefined &&
  existsSync('/usr/share/fonts/truetype/dejavu') &&
  existsSync('/usr/share/fonts/truetype/nanum')
// The hub authority's browser test trusts it through an NSS database made with certutil.
const certutil = spawnSync('certutil', ['-H']).error === undefined
// The full-disk test mounts a small tmpfs, which needs root (CI runs as root).
const root = process.getuid?.() === 0
const leftOut: string[] = []
if (process.env.CI === undefined) {
  if (!chromium) leftOut.push('packages/*/src/**/*.browser.test.ts')
  if (!chromium || !pdfTools) leftOut.push('packages/cli/src/statement.test.ts')
  if (chromium && !certutil) leftOut.push('packages/cli/src/hub-authority.browser.test.ts')
  if (!root) leftOut.push('packages/server/src/disk-full.test.ts')
  if (leftOut.length > 0) {
    process.stderr.write(
      `vitest: left out ${leftOut.join(', ')}: they need Debian's chromium, poppler-utils, ` +
        'fonts-dejavu-core, fonts-nanum and libnss3-tools (apt-get install -y chromium ' +
        'poppler-utils fonts-dejavu-core fonts-nanum libnss3-tools), or root to mount a small ' +
        'file system; CI has them and runs everything\n',
    )
  }
}

export default defineConfig({
  resolve: {
    alias: {
      // The narrow entry points first: an alias also matches the paths under its name.
      '@veche/core/replay': fileURLToPath(
        new URL('./packages/core/src/replay.ts', import.meta.url),
      ),
      '@veche/store/local': fileURLToPath(
        new URL('./packages/store/src/local.ts', import.meta.url),
      ),
      '@veche/tally/methods': fileURLToPath(
        new URL('./packages/tally/src/methods.ts', import.meta.url),
      ),
      '@veche/tally': src('tally'),
      '@veche/opinions': src('opinions'),
      '@veche/core': src('core'),
      '@veche/store': src('store'),
      '@veche/server': src('server'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/src/**/*.test.tsx'],
    exclude: ['**/node_modules/**', '**/dist/**', ...leftOut],
    // Most test files wait on real processes, hubs and chromium rather than compute, so one file
    // per core would leave a 2-core machine half idle (vitest's default is one less than the cores).
    // VECHE_TEST_WORKERS sets it for a machine that wants otherwise.
    maxWorkers: Number(process.env.VECHE_TEST_WORKERS ?? Math.max(2, availableParallelism())),
    // Cases a file marks `test.concurrent` (browser files whose cases mostly wait on chromium) run
    // three at a time: more, on two loaded cores, stretch each past its steps' waits.
    maxConcurrency: 3,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
})
