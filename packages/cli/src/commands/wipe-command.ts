// `veche wipe --yes`: the panic wipe of the data folder (wipe-data.ts): the key header and the key
// file first, then identities and wallets, then the store, each overwritten and removed. Opens
// nothing and needs no passphrase.
import { Command } from '../commander.js'
import { CliError } from '../cli-error.js'
import { withContext } from '../run-command.js'
import { wipeDataFolder } from '../wipe-data.js'

export function wipeCommand(): Command {
  return new Command('wipe')
    .description('destroy the key, identities, wallets and store of the data folder, at once')
    .option('--yes', 'really destroy them: nothing can be recovered afterwards')
    .action(
      withContext((ctx, opts: { yes?: boolean }) => {
        if (opts.yes !== true) {
          throw new CliError(
            `this destroys the store, the keys and every identity in ${ctx.dataDir} for good: run it with --yes`,
          )
        }
        const report = wipeDataFolder(ctx.dataDir, ctx.keyFile)
        ctx.print(
          {
            files: report.files.length,
            unreadableMs: Math.round(report.unreadableMs),
            doneMs: Math.round(report.doneMs),
          },
          () =>
            `wiped ${report.files.length} file(s) in ${ctx.dataDir}: the key and secrets overwritten ` +
            `after ${Math.round(report.unreadableMs)} ms, everything after ${Math.round(report.doneMs)} ms`,
        )
      }),
    )
}
