// `veche verify`: replays every stored event from nothing and prints each space's state hash;
// exit code 1 on any fault. The data folder's SQLite by default; with --database the PostgreSQL
// database a hub or a cluster of hubs uses, or a backup restored into a fresh database.
import { Command } from '../commander.js'
import { verifyStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import { openPostgresHubStore } from '../postgres-store.js'
import { startProgress } from '../progress.js'
import { withContext } from '../run-command.js'

export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      're-check every signature and rule from the start; prints "state <hash>" per space',
    )
    .option('--database <url>', "a hub's PostgreSQL database (default: the data folder's SQLite)")
    .option('--schema <name>', 'the PostgreSQL schema', 'public')
    .option(
      '--ballots-file <file>',
      "with --database: the hub's held secret ballots (default DATA/postgres-<schema>.ballots)",
    )
    .action(
      withContext(
        async (ctx, opts: { database?: string; schema: string; ballotsFile?: string }) => {
          const store: EventStore =
            opts.database === undefined
              ? (await ctx.ledger()).store
              : await openPostgresHubStore(ctx, {
                  database: opts.database,
                  schema: opts.schema,
                  create: false,
                  ...(opts.ballotsFile === undefined ? {} : { ballotsFile: opts.ballotsFile }),
                })
          let verdicts
          try {
            const progress = startProgress('verify', await store.count())
            verdicts = await verifyStore(store, ctx.verifier(), () => progress.tick())
            progress.stop()
          } finally {
            if (opts.database !== undefined) await store.close()
          }
          const faulty = verdicts.filter((v) => v.fault !== null)
          ctx.print(
            { ok: faulty.length === 0, spaces: verdicts },
            () =>
              verdicts
                .map((v) =>
                  v.fault === null
                    ? `${v.space} state ${v.hash} (${v.events} events)`
                    : `${v.space} FAULT at event ${v.fault.id}: ${v.fault.code}: ${v.fault.message}`,
                )
                .join('\n') || 'no spaces',
          )
          if (faulty.length > 0) process.exitCode = 1
        },
      ),
    )
}
