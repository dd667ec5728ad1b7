// `veche export` and `veche import`: all events of a space in a file, one canonical event per
// line after a header line. Import checks the whole file before writing anything, so a tampered
// or truncated file is refused whole; importing the same file twice changes nothing.
import { createWriteStream, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { touchPrivateFile } from '@veche/store'
import { Command } from '../commander.js'
import type { SpaceId } from '@veche/core'
import { CliError } from '../cli-error.js'
import { startProgress } from '../progress.js'
import { withContext } from '../run-command.js'
import { parseEventFile, eventFileHeader } from '../event-file.js'

export function exportCommand(): Command {
  return new Command('export')
    .description('write every event of a space to a file')
    .requiredOption('--space <id>', 'the space id')
    .requiredOption('--out <file>', 'the file to write')
    .action(
      withContext(async (ctx, opts: { space: string; out: string }) => {
        const state = await ctx.space(opts.space)
        const ledger = await ctx.ledger()
        touchPrivateFile(opts.out)
        const out = createWriteStream(opts.out, { flags: 'w' })
        out.write(`${JSON.stringify(eventFileHeader(opts.space as SpaceId, state.events))}\n`)
        let n = 0
        for await (const stored of ledger.store.read(opts.space as SpaceId)) {
          if (!out.write(`${stored.json}\n`)) await once(out, 'drain')
          n += 1
        }
        out.end()
        await once(out, 'finish')
        ctx.print(
          { space: opts.space, events: n, file: opts.out },
          () => `exported ${n} events to ${opts.out}`,
        )
      }),
    )
}

const CHUNK = 1000

export function importCommand(): Command {
  return new Command('import')
    .description('import events from a file: verified, all or nothing, idempotent')
    .argument('<file>', 'a file written by `veche export`')
    .action(
      withContext(async (ctx, file: string) => {
        let text: string
        try {
          text = readFileSync(file, 'utf8')
        } catch (error) {
          throw new CliError(`cannot read ${file}: ${(error as Error).message}`)
        }
        const parsed = parseEventFile(text)
        if (!parsed.ok) throw new CliError(`${file}: ${parsed.message}; nothing was imported`)
        const { events } = parsed
        const ledger = await ctx.ledger()
        // First pass: check everything without writing, so a bad event anywhere refuses the file.
        const check = startProgress('check', events.length)
        const dry = await ledger.submit(events, { dryRun: true, onProgress: () => check.tick() })
        check.stop()
        const bad = dry.outcomes.findIndex((o) => o.status === 'rejected')
        const rejected = dry.outcomes[bad]
        if (rejected !== undefined && rejected.status === 'rejected') {
          throw new CliError(
            `${file} line ${bad + 2}: rejected: ${rejected.code}: ${rejected.message}` +
              `${rejected.id === undefined ? '' : ` (event ${rejected.id})`}; nothing was imported`,
          )
        }
        const write = startProgress('import', events.length)
        let written = 0
        for (let i = 0; i < events.length; i += CHUNK) {
          const report = await ledger.submit(events.slice(i, i + CHUNK), { atomic: true })
          written += report.written
          write.tick(Math.min(CHUNK, events.length - i))
        }
        write.stop()
        const duplicates = events.length - written
        ctx.print(
          { file, events: events.length, written, duplicates },
          () =>
            `imported ${written} new event(s) from ${file}${duplicates > 0 ? `; ${duplicates} already known` : ''}`,
        )
      }),
    )
}
