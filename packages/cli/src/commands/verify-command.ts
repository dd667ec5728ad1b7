// `veche verify`: replays every stored event from nothing and prints each space's state hash;
// exit code 1 on any fault.
import { Command } from 'commander'
import { verifyStore } from '@veche/store'
import { startProgress } from '../progress.js'
import { withContext } from '../run-command.js'

export function verifyCommand(): Command {
  return new Command('verify')
    .description(
      're-check every signature and rule from the start; prints "state <hash>" per space',
    )
    .action(
      withContext(async (ctx) => {
        const ledger = await ctx.ledger()
        const progress = startProgress('verify', await ledger.store.count())
        const verdicts = await verifyStore(ledger.store, ctx.verifier(), () => progress.tick())
        progress.stop()
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
      }),
    )
}
