// `veche export` and `veche import`: all events of a space in a file, one canonical event per
// line after a header line, the space's held secret ballots among them. Import checks the whole
// file before writing anything, so a tampered or truncated file is refused whole; importing the
// same file twice changes nothing.
import { createWriteStream, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { touchPrivateFile } from '@veche/store'
import type { HeldBallot } from '@veche/store'
import { Command } from '../commander.js'
import type { SpaceId } from '@veche/core'
import { CliError } from '../cli-error.js'
import { startProgress } from '../progress.js'
import { withContext } from '../run-command.js'
import { parseEventFile, eventFileHeader } from '../event-file.js'

export function exportCommand(): Command {
  return new Command('export')
    .description('write every event of a space to a file, its held secret ballots too')
    .requiredOption('--space <id>', 'the space id')
    .requiredOption('--out <file>', 'the file to write')
    .action(
      withContext(async (ctx, opts: { space: string; out: string }) => {
        const space = opts.space as SpaceId
        const state = await ctx.space(opts.space)
        const ledger = await ctx.ledger()
        // Secret ballots are held apart from the log (docs/secret-ballot.md, "Storage"), yet a
        // seal names them: each poll's go just before the first event that seals it, so the file
        // imports in one pass; those of a poll not sealed yet go last. Sorted by id as the store
        // gives them, never in the order they arrived.
        const ballots = await ledger.store.ballots(space)
        const byPoll = new Map<string, HeldBallot[]>()
        for (const ballot of ballots) {
          const list = byPoll.get(ballot.poll)
          if (list === undefined) byPoll.set(ballot.poll, [ballot])
          else list.push(ballot)
        }
        touchPrivateFile(opts.out)
        const out = createWriteStream(opts.out, { flags: 'w' })
        const write = async (json: string): Promise<void> => {
          if (!out.write(`${json}\n`)) await once(out, 'drain')
        }
        out.write(`${JSON.stringify(eventFileHeader(space, state.events + ballots.length))}\n`)
        let n = 0
        for await (const stored of ledger.store.read(space)) {
          const sealed = byPoll.size > 0 ? sealedPoll(stored.json) : null
          const held = sealed === null ? undefined : byPoll.get(sealed)
          if (held !== undefined) {
            for (const ballot of held) await write(ballot.json)
            byPoll.delete(sealed!)
          }
          await write(stored.json)
          n += 1
        }
        for (const ballot of ballots) if (byPoll.has(ballot.poll)) await write(ballot.json)
        out.end()
        await once(out, 'finish')
        ctx.print(
          { space: opts.space, events: n, ballots: ballots.length, file: opts.out },
          () =>
            `exported ${n} events to ${opts.out}` +
            (ballots.length > 0 ? `, and ${ballots.length} held secret ballot(s)` : ''),
        )
      }),
    )
}

/** Whether a line of an event file is a held secret ballot (no part of the space's log). */
function isSecretBallot(event: unknown): boolean {
  return (
    typeof event === 'object' && event !== null && 'type' in event && event.type === 'secret.ballot'
  )
}

/** The poll a `secret.poll-sealed` event seals, or null for any other event. */
function sealedPoll(json: string): string | null {
  if (!json.includes('"secret.poll-sealed"')) return null
  const event = JSON.parse(json) as { type: string; body: { poll?: unknown } }
  return event.type === 'secret.poll-sealed' && typeof event.body.poll === 'string'
    ? event.body.poll
    : null
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
        let ballots = 0
        for (let i = 0; i < events.length; i += CHUNK) {
          const chunk = events.slice(i, i + CHUNK)
          const report = await ledger.submit(chunk, { atomic: true })
          written += report.written
          ballots += report.outcomes.filter(
            (o, j) => o.status === 'accepted' && isSecretBallot(chunk[j]),
          ).length
          write.tick(Math.min(CHUNK, events.length - i))
        }
        write.stop()
        const duplicates = events.length - written
        // Counted as `export` counts them: the space's events, then its held secret ballots.
        ctx.print(
          { file, events: events.length, written, ballots, duplicates },
          () =>
            `imported ${written - ballots} new event(s)` +
            (ballots > 0 ? ` and ${ballots} held secret ballot(s)` : '') +
            ` from ${file}${duplicates > 0 ? `; ${duplicates} already known` : ''}`,
        )
      }),
    )
}
