// Entry point of the bundled `veche` (../bundle/start.cjs, made by scripts/bundle-cli.ts from this
// file; bin/veche.js runs it when it is up to date). It does what main.ts does, from a few chunks
// compiled through V8's code cache (code-cache.ts) instead of hundreds of modules compiled at each
// start: every command runs from it, `veche serve` and the hub's package included. Loading it runs
// nothing: the bin calls runBundled, or loads main.ts when the bundle is older than a build.
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { endQuietlyOnClosedPipe } from './closed-pipe.js'
import { useCodeCache } from './code-cache.js'
import { codeCacheCommand } from './program-args.js'

/** Runs `veche` on `argv` from the bundle (main.ts's work), its chunks through the code cache. */
export async function runBundled(argv: readonly string[]): Promise<void> {
  useCodeCache(dirname(fileURLToPath(import.meta.url)), codeCacheCommand(argv))
  process.umask(0o077)
  endQuietlyOnClosedPipe()
  const { runCli } = await import('./program.js')
  process.exitCode = await runCli(argv)
}
