// `veche pending [purge]` and `veche fork list|resolve`: what a data folder holds back and why
// (and dropping it), and the fork evidence of a space with the facilitator's way out. Parked
// events wait for what they depend on (docs/sync.md, "Parking"); a fork flags its author until a
// `fork.resolved` restarts their chain (docs/events.md, "Forks").
//
// Purging is done on the hub's own store, by whoever runs the hub (the data folder, or the
// PostgreSQL database the hub uses), not through an API a facilitator signs: held events are no
// part of any space's record, only this hub's buffer of what it cannot apply yet; dropping them
// loses nothing (the hubs that accepted them send them again), and a signed purge request would
// be a new way in for a hostile key, with replay and clock questions of its own.
import { Command } from '../commander.js'
import { PUBLIC_KEY_PATTERN, SPACE_ID_PATTERN } from '@veche/core'
import type { PublicKey, SpaceId } from '@veche/core'
import { Ledger } from '@veche/store'
import { CliError } from '../cli-error.js'
import { openPostgresHubStore } from '../postgres-store.js'
import { withContext } from '../run-command.js'

export function pendingCommand(): Command {
  const pending = new Command('pending')
    .description('list the events held back until what they depend on arrives, and why')
    .option('--space <id>', 'only this space')
    .action(
      withContext(async (ctx, opts: { space?: string }) => {
        if (opts.space !== undefined && !SPACE_ID_PATTERN.test(opts.space))
          throw new CliError(`"${opts.space}" is not a space id (22 characters)`)
        const ledger = await ctx.ledger()
        const pending = await ledger.pending(opts.space as SpaceId | undefined)
        const rows = pending.map((p) => ({
          id: p.id,
          space: p.space,
          author: p.author,
          seq: p.seq,
          type: p.type,
          code: p.code,
          since: new Date(p.at).toISOString(),
          stranger: p.stranger,
        }))
        ctx.print({ pending: rows }, () =>
          rows.length === 0
            ? 'nothing is pending'
            : rows
                .map(
                  (r) =>
                    `${r.space} ${r.type} seq ${r.seq} by ${r.author}: ${r.code} (${r.id}), held since ${r.since}${r.stranger ? ', author without standing' : ''}`,
                )
                .join('\n'),
        )
      }),
    )
  pending
    .command('purge')
    .description(
      "drop the events this hub holds back in a space (the hub's own store; nothing accepted is touched)",
    )
    .option('--space <id>', 'the space (required)')
    .option('--author <key>', "only this author's events")
    .option('--database <url>', "the hub's PostgreSQL database (default: the data folder's SQLite)")
    .option('--schema <name>', 'the PostgreSQL schema', 'public')
    .action(
      withContext(
        async (
          ctx,
          opts: { space?: string; author?: string; database?: string; schema: string },
        ) => {
          // `pending purge --space S`: commander hands --space to `pending`, which has it too.
          const given = opts.space ?? pending.opts<{ space?: string }>().space
          if (given === undefined) throw new CliError('--space: which space to purge is required')
          if (!SPACE_ID_PATTERN.test(given))
            throw new CliError(`--space: "${given}" is not a space id (22 characters)`)
          if (opts.author !== undefined && !PUBLIC_KEY_PATTERN.test(opts.author))
            throw new CliError(`--author: "${opts.author}" is not a public key (43 characters)`)
          const space = given as SpaceId
          let purged: number
          if (opts.database === undefined) {
            purged = await (await ctx.ledger()).purgePending(space, opts.author)
          } else {
            const store = await openPostgresHubStore(ctx, {
              database: opts.database,
              schema: opts.schema,
              create: false,
            })
            try {
              purged = await new Ledger(store, ctx.verifier()).purgePending(space, opts.author)
            } finally {
              await store.close()
            }
          }
          ctx.print({ purged }, () =>
            purged === 0
              ? `nothing was held back in ${space}${opts.author === undefined ? '' : ` by ${opts.author}`}`
              : `dropped ${purged} event${purged === 1 ? '' : 's'} held back in ${space}${opts.author === undefined ? '' : ` by ${opts.author}`}`,
          )
        },
      ),
    )
  return pending
}

export function forkCommand(): Command {
  const fork = new Command('fork').description('equivocation: two events by one author at one seq')
  fork
    .command('list')
    .description('the authors flagged for a fork in a space, the seqs, and any resolution')
    .requiredOption('--space <id>', 'the space')
    .action(
      withContext(async (ctx, opts: { space: string }) => {
        const state = await ctx.space(opts.space)
        const evidence = await (await ctx.ledger()).store.forks(opts.space as SpaceId)
        const forks = [...state.forks].map(([author, record]) => ({
          author,
          seqs: [...record.seqs].sort((a, b) => a - b),
          resolved: record.resolution !== null,
          resumeAt: record.resolution === null ? null : record.resumeAt,
          resolution: record.resolution,
          /** The highest seq the author used, so a resolution knows where to resume above. */
          head: state.heads.get(author)?.seq ?? 0,
          evidence: evidence.filter((e) => e.author === author).map((e) => e.id),
        }))
        ctx.print({ forks }, () =>
          forks.length === 0
            ? 'no forks in this space'
            : forks
                .map(
                  (f) =>
                    `${f.author}: seq ${f.seqs.join(', ')} forked; ` +
                    (f.resolved
                      ? `resolved by ${f.resolution}, resumes at seq ${f.resumeAt}`
                      : `flagged: its events from the forked seq on do not count until a facilitator runs veche fork resolve`),
                )
                .join('\n'),
        )
      }),
    )
  fork
    .command('resolve')
    .description(
      "restart a forked author's chain at a seq above every seq they used (facilitators); prints the event id",
    )
    .requiredOption('--space <id>', 'the space')
    .requiredOption('--member <key>', "the forked author's public key")
    .option('--next <seq>', 'the seq the chain resumes at (default: one above the highest used)')
    .option('--note <text>', 'what was decided', '')
    .action(
      withContext(
        async (ctx, opts: { space: string; member: string; next?: string; note: string }) => {
          if (!PUBLIC_KEY_PATTERN.test(opts.member))
            throw new CliError(`--member: "${opts.member}" is not a public key (43 characters)`)
          const member = opts.member as PublicKey
          const state = await ctx.space(opts.space)
          const record = state.forks.get(member)
          if (record === undefined || record.seqs.size === 0)
            throw new CliError(`${opts.member} has no fork in space ${opts.space}`)
          // Above every seq the author used: counted, kept as evidence, or waiting.
          const ledger = await ctx.ledger()
          const held = [
            ...(await ledger.store.forks(opts.space as SpaceId)),
            ...(await ledger.pending(opts.space as SpaceId)),
          ]
          const used = Math.max(
            state.heads.get(member)?.seq ?? 0,
            ...record.seqs,
            ...held.filter((e) => e.author === member).map((e) => e.seq),
          )
          const next = opts.next === undefined ? used + 1 : Number(opts.next)
          if (!Number.isSafeInteger(next) || next < 2)
            throw new CliError(`--next: "${opts.next}" is not a seq (a whole number from 2)`)
          const id = await ctx.act(opts.space as SpaceId, 'fork.resolved', {
            member: opts.member,
            next,
            note: opts.note,
          })
          ctx.print({ event: id, next }, () => id)
        },
      ),
    )
  return fork
}
