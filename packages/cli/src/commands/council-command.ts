// `veche council create|poll|join|leave|admit|show`, `veche notice`, `veche report`, `veche count`:
// councils, how spaces join and leave them, and how one space's accepted events reach another
// (a notice in the council, a report in the member space). Every command prints the id of the
// event it signed, or with --json an object with it.
import { Command, Option } from '../commander.js'
import {
  allocateSeats,
  nextCount,
  proposeSpaceCount,
  deriveSpaceId,
  POLL_METHODS,
  seatAt,
  seatedDelegates,
  RULES_VERSION,
  TEXT_RULES_VERSION,
} from '@veche/core'
import type { CouncilRules, DecisionMethod, SpaceId, SpaceState } from '@veche/core'
import { CliError } from '../cli-error.js'
import type { Context } from '../context.js'
import { withContext } from '../run-command.js'
import { founderName, intOption, randomToken } from './assembly-command.js'
import { councilPollCommand } from './council-poll-command.js'
import { councilNames } from './council-names.js'

/** The state of `council`, which must be a council. */
export async function councilState(ctx: Context, council: string): Promise<SpaceState> {
  const state = await ctx.space(council)
  if (state.council === null) throw new CliError(`${council} is an assembly, not a council`)
  return state
}

function seatRule(opts: {
  seatsPerSpace?: string
  seatsTotal?: string
  seatMethod: string
}): CouncilRules['seats'] {
  if (opts.seatsTotal !== undefined) {
    if (opts.seatsPerSpace !== undefined)
      throw new CliError('give --seats-per-space or --seats-total, not both')
    return {
      kind: 'proportional',
      method: opts.seatMethod as 'dhondt' | 'sainte-lague',
      total: intOption(opts.seatsTotal, '--seats-total', 1, 10_000),
    }
  }
  return {
    kind: 'fixed',
    perSpace: intOption(opts.seatsPerSpace ?? '1', '--seats-per-space', 1, 100),
  }
}

export function councilCommand(): Command {
  const council = new Command('council').description('councils of delegates from member spaces')
  council
    .command('create')
    .description('create a council; you become its convenor (not a voter); prints the council id')
    .requiredOption('--name <text>', 'the council name')
    .option('--description <text>', 'what the council is for', '')
    .option('--languages <tags>', 'comma-separated language tags', 'en')
    .option(
      '--display-name <name>',
      'your name as convenor (default: your identity name, capitalised)',
    )
    .option('--seats-per-space <n>', 'fixed seats for every member space (default 1)')
    .option('--seats-total <n>', 'seats shared out in proportion to member counts')
    .addOption(
      new Option('--seat-method <m>', 'how proportional seats are shared')
        .choices(['dhondt', 'sainte-lague'])
        .default('dhondt'),
    )
    .addOption(
      new Option('--method <method>', 'default decision method')
        .choices(POLL_METHODS)
        .default('majority'),
    )
    .option('--quorum-percent <n>', 'quorum: percentage of delegates who must vote', '0')
    .option('--quorum-ballots <n>', 'quorum: minimum number of ballots', '0')
    .action(
      withContext(async (ctx, opts: Record<string, string> & { seatMethod: string }) => {
        const me = await ctx.identity()
        const nonce = randomToken()
        const space = deriveSpaceId(me.publicKey, nonce)
        await ctx.act(space, 'council.created', {
          nonce,
          texts: TEXT_RULES_VERSION,
          rulesVersion: RULES_VERSION,
          name: opts.name!,
          description: opts.description!,
          languages: opts
            .languages!.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          founderName: founderName(opts.displayName, me.name),
          rules: {
            seats: seatRule(opts),
            quorum: {
              percent: intOption(opts.quorumPercent!, '--quorum-percent', 0, 100),
              ballots: intOption(opts.quorumBallots!, '--quorum-ballots', 0, 1_000_000_000),
            },
            defaultMethod: opts.method as DecisionMethod,
          },
        })
        ctx.print({ council: space, name: opts.name }, () => space)
      }),
    )
  council.addCommand(councilPollCommand())
  for (const [name, type] of [
    ['join', 'council.join-decided.2'],
    ['leave', 'council.leave-decided.2'],
  ] as const) {
    council
      .command(name)
      .description(
        `record that a space decided to ${name} a council, by its closed poll on ${name === 'join' ? 'joining' : 'leaving'} that council (veche council poll --on ${name}) that adopted it (facilitators); prints the event id`,
      )
      .requiredOption('--space <id>', 'the member space')
      .requiredOption('--council <id>', 'the council')
      .requiredOption(
        '--poll <id>',
        `the space's closed poll on ${name === 'join' ? 'joining' : 'leaving'} this council (first option, or consent, adopted)`,
      )
      .action(
        withContext(async (ctx, opts: { space: string; council: string; poll: string }) => {
          const id = await ctx.act(opts.space as SpaceId, type, {
            council: opts.council,
            poll: opts.poll,
          })
          ctx.print({ event: id }, () => id)
        }),
      )
  }
  council
    .command('admit')
    .description('admit a space that decided to join (convenors); prints the event id')
    .requiredOption('--council <id>', 'the council')
    .requiredOption('--decision <id>', "the space's council.join-decided(.2) event")
    .action(
      withContext(async (ctx, opts: { council: string; decision: string }) => {
        const decision = await ctx.event(opts.decision, 'decision')
        const id = await ctx.act(opts.council as SpaceId, 'council.space-admitted', {
          space: decision.space,
          decision: opts.decision,
        })
        ctx.print({ event: id, space: decision.space }, () => id)
      }),
    )
  council
    .command('show')
    .description('member spaces, their seats and delegates, and the seated delegates (the voters)')
    .requiredOption('--council <id>', 'the council')
    .action(
      withContext(async (ctx, opts: { council: string }) => {
        const state = await councilState(ctx, opts.council)
        const council = state.council!
        const seats = allocateSeats(council)
        const spaces = [...council.spaces.values()].map((s) => ({
          space: s.space,
          status: s.status,
          seats: seats.get(s.space) ?? 0,
          members: s.count?.members ?? null,
          delegates: s.delegates,
          alternates: s.alternates,
        }))
        const delegates = [...council.delegates.values()].map((d) => ({
          key: d.key,
          space: d.space,
          status: seatAt(council, d.key),
          termEnds: d.termEnds,
        }))
        // As of the council's latest claimed time, as every hub's view: a term ends there.
        const seated = seatedDelegates(council)
        const { label, spaceName } = await councilNames(ctx, state)
        const names = (keys: readonly string[]): string => keys.map(label).join(', ')
        ctx.print(
          { council: state.space, name: state.assembly?.name, seated, spaces, delegates },
          () =>
            [
              `${state.assembly?.name ?? ''} (${state.space})`,
              ...spaces.map((s) => {
                const alternates =
                  s.alternates.length > 0 ? `; alternates: ${names(s.alternates)}` : ''
                return (
                  `  ${spaceName(s.space)} ${s.status}, ` +
                  `${s.seats} seat(s): ${names(s.delegates) || 'no delegate'}${alternates}` +
                  termText(council.spaces.get(s.space)!.termEnds)
                )
              }),
              ...delegates
                .filter((d) => d.status === 'term-ended')
                .map((d) => `  ${label(d.key)}: term ended ${new Date(d.termEnds!).toISOString()}`),
              `seated delegates (the voters): ${seated.length}${seated.length > 0 ? `: ${names(seated)}` : ''}`,
            ].join('\n'),
        )
      }),
    )
  return council
}

function termText(termEnds: number | null): string {
  return termEnds === null ? '' : `, term ends ${new Date(termEnds).toISOString()}`
}

export function noticeCommand(): Command {
  return new Command('notice')
    .description(
      "take note in a council of a member space's event (an election, a recall's close, a leave, a count, a mandate, a referral answer); any key; prints the event id",
    )
    .requiredOption('--council <id>', 'the council')
    .requiredOption('--ref <id>', "the member space's accepted event")
    .action(
      withContext(async (ctx, opts: { council: string; ref: string }) => {
        await ctx.event(opts.ref, 'event')
        const id = await ctx.act(opts.council as SpaceId, 'council.notice', {
          reference: opts.ref,
        })
        ctx.print({ event: id }, () => id)
      }),
    )
}

export function reportCommand(): Command {
  return new Command('report')
    .description(
      "record a council's decision (a poll's or a referral's close) in a member space's feed",
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--ref <id>', "the council's poll.closed or referral.closed event")
    .action(
      withContext(async (ctx, opts: { space: string; ref: string }) => {
        await ctx.event(opts.ref, 'event')
        const id = await ctx.act(opts.space as SpaceId, 'council.reported', {
          reference: opts.ref,
        })
        ctx.print({ event: id }, () => id)
      }),
    )
}

export function countCommand(): Command {
  return new Command('count')
    .description(
      "record a space's active members now (in a council: its seated delegates), for proportional seats (facilitators)",
    )
    .requiredOption('--space <id>', 'the space')
    .action(
      withContext(async (ctx, opts: { space: string }) => {
        // Counted as the fold will at this event's time (a term may have ended).
        const now = Date.now()
        const state = await ctx.space(opts.space)
        // Named after the latest count held: the council takes the count of the highest round.
        const body = { ...proposeSpaceCount(state, now), ...nextCount(state) }
        const id = await ctx.act(opts.space as SpaceId, 'space.counted.2', body, now)
        ctx.print({ event: id, members: body.members }, () => id)
      }),
    )
}
