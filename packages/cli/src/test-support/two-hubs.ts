// Two hubs' data folders for the CLI's two-closes and two-seals tests: a ledger opened on each to
// write events through the store, then, through the `veche` command as real processes, their
// events carried both ways by bundles and what `veche verify` prints on each.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { expect } from 'vitest'
import { cliOn } from './cli-processes.js'

/** A ledger on the SQLite database of data folder `data`, made if missing. */
export async function hubAt(data: string): Promise<Ledger> {
  mkdirSync(data, { recursive: true })
  return new Ledger(await openSqliteStore(join(data, 'veche.db')), nodeVerifier)
}

/**
 * Carries the events of data folder `dataA` to `dataB` and back by `veche bundle export` and
 * `veche bundle import` (bundle files in `root`), failing the test on any refusal; returns the
 * `veche` command on each folder.
 */
export async function swapBundles(
  root: string,
  dataA: string,
  dataB: string,
): Promise<[ReturnType<typeof cliOn>, ReturnType<typeof cliOn>]> {
  const cliA = cliOn(root, dataA)
  const cliB = cliOn(root, dataB)
  for (const [from, to, file] of [
    [cliA, cliB, join(root, 'a.bundle')],
    [cliB, cliA, join(root, 'b.bundle')],
  ] as const) {
    expect((await from.run(['bundle', 'export', '--out', file])).code).toBe(0)
    const imported = await to.run(['bundle', 'import', file])
    expect(imported.err).toBe('')
    expect(imported.code).toBe(0)
  }
  return [cliA, cliB]
}

/** The state hash and event count `veche verify` prints on each folder (as text). */
export function verifiedStates(clis: readonly ReturnType<typeof cliOn>[]) {
  return Promise.all(
    clis.map(async (cli) => {
      const run = await cli.run(['verify'])
      expect(run.code).toBe(0)
      return /state (\S+) \((\d+) events\)/.exec(run.out)?.slice(1)
    }),
  )
}
