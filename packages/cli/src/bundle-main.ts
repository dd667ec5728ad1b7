// Entry point of the bundled `veche` (../bundle/start.cjs, made by scripts/bundle-cli.ts from this
// file; bin/veche.js runs it when it is up to date). It does what main.ts does, from a few chunks
// compiled through V8's code cache (code-cache.ts) instead of ~100 modules compiled at each start.
// Loading it runs nothing: the bin asks runsInBundle, then calls runBundled or loads main.ts.
//
// @veche/server is not in the bundle: it brings its own copies of its dependencies (some live
// only under packages/server/node_modules, and the web app is found beside its files), and loading
// it beside bundled copies of @veche/core and @veche/store would give two of each. The commands
// that load it (found by scripts/bundle-cli.ts in the module graph, listed in the bundle's
// sources.json) therefore run from the compiled modules, as without a bundle; the bundle's
// stand-in for @veche/server throws, so a path the build could not see fails loudly in the tests.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { useCodeCache } from './code-cache.js'
import { namedCommand } from './program-args.js'

/** True when the bundle runs `argv`: every command but the `unbundled` ones (that load @veche/server). */
export function runsInBundle(argv: readonly string[], unbundled: readonly string[]): boolean {
  const named = namedCommand(argv)
  return named === null || !unbundled.includes(named)
}

/** Runs `veche` on `argv` from the bundle (main.ts's work), its chunks through the code cache. */
export async function runBundled(argv: readonly string[]): Promise<void> {
  useCodeCache(dirname(fileURLToPath(import.meta.url)))
  process.umask(0o077)
  const { runCli } = await import('./program.js')
  process.exitCode = await runCli(argv)
}
