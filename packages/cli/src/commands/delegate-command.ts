// `veche delegate elect`, `veche recall start|rule`, `veche mandate`, `veche referral
// open|answer|close`: a member space's delegates, its instructions to them and its recalls, and
// motions a council refers down and adds up. Each command restates what the rules will check
// (the election's winners, the answer's counts, the referral's sum) from the space's own state, so
// a facilitator only names the poll. Every command prints the id of the event it signed, or with
// --json an object with it.
import { Command, Option } from '../commander.js'
import {
  computeReferralResult,
  MANDATE_POSITIONS,
  PUBLIC_KEY_PATTERN,
  REFERRAL_RULES,
  referralCounts,
  resultWinners,
  nextElection,
} from '@veche/core'
import type { EventId, MandatePosition, PublicKey, ReferralRule, SpaceId } from '@veche/core'
import { CliError } from '../cli-error.js'
import type { Context } from '../context.js'
import { withContext } from '../run-command.js'
import { intOption } from './assembly-command.js'
import { councilState } from './council-command.js'

function keys(text: string | undefined, what: string): PublicKey[] {
  const list = (text ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const key of list)
    if (!PUBLIC_KEY_PATTERN.test(key)) throw new CliError(`${what}: "${key}" is not a public key`)
  return list as PublicKey[]
}

function parseShare(text: string): { num: number; den: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const num = Number(match?.[1])
  const den = Number(match?.[2])
  if (match === null || den < 1 || num >= den)
    throw new CliError(`--share must be a fraction below 1 such as 1/2 or 2/3, not "${text}"`)
  return { num, den }
}

async function closedPoll(ctx: Context, space: string, poll: string) {
  const state = await ctx.space(space)
  const record = state.polls.get(poll as EventId)
  if (record === undefined) throw new CliError(`no poll ${poll} in ${space}`)
  if (record.status !== 'closed') throw new CliError(`poll ${poll} is not closed yet`)
  return record
}

export function delegateCommand(): Command {
  const delegate = new Command('delegate').description("a space's delegates to a council")
  delegate
    .command('elect')
    .description(
      "record the delegates a closed election poll (options: candidates' keys) elected (facilitators); prints the event id",
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--council <id>', 'the council')
    .requiredOption('--poll <id>', 'the closed election poll; its winners are the delegates')
    .option('--alternates <keys>', 'comma-separated keys that take a seat, in order, on a recall')
    .option('--term <text>', 'the term, in words', '')
    .option(
      '--term-ends <date>',
      'when the seats stop counting, e.g. 2027-03-01 or 2027-03-01T18:00:00Z (default: at the next election)',
    )
    .action(
      withContext(
        async (
          ctx,
          opts: {
            space: string
            council: string
            poll: string
            alternates?: string
            term: string
            termEnds?: string
          },
        ) => {
          const poll = await closedPoll(ctx, opts.space, opts.poll)
          const delegates = [...resultWinners(poll.result)] as PublicKey[]
          if (delegates.length === 0) throw new CliError(`poll ${opts.poll} elected no one`)
          const body = {
            council: opts.council,
            delegates,
            alternates: keys(opts.alternates, '--alternates'),
            poll: opts.poll,
            term: opts.term,
          }
          // Named after the latest election this replica holds: the council orders a space's
          // elections by that chain, not by claimed times (docs/federation.md).
          const place = nextElection(await ctx.space(opts.space), opts.council as SpaceId)
          const id = await ctx.act(opts.space as SpaceId, 'delegate.elected.3', {
            ...body,
            termEnds: opts.termEnds === undefined ? null : parseTermEnd(opts.termEnds),
            ...place,
          })
          ctx.print({ event: id, delegates }, () => id)
        },
      ),
    )
  delegate
    .command('rotation')
    .description(
      "set the space's rotation limit: no one is elected to one council for more than N consecutive terms (facilitators)",
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--max-terms <n>', 'consecutive terms, 1 to 100, or "none" to lift the limit')
    .action(
      withContext(async (ctx, opts: { space: string; maxTerms: string }) => {
        const max =
          opts.maxTerms === 'none' ? null : intOption(opts.maxTerms, '--max-terms', 1, 100)
        const id = await ctx.act(opts.space as SpaceId, 'rotation.rule-set', {
          maxConsecutiveTerms: max,
        })
        ctx.print({ event: id, maxConsecutiveTerms: max }, () => id)
      }),
    )
  return delegate
}

/** A term's end: an ISO 8601 date or date and time, in ms since the epoch. */
function parseTermEnd(text: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}/.test(text) ? Date.parse(text) : Number.NaN
  if (!Number.isSafeInteger(ms))
    throw new CliError(
      `--term-ends must be a date such as 2027-03-01 or 2027-03-01T18:00:00Z, not "${text}"`,
    )
  return ms
}

export function recallCommand(): Command {
  const recall = new Command('recall').description('recalling a delegate')
  recall
    .command('start')
    .description(
      'start a recall of a seated delegate (any member): opens a poll (vote --choice recall|keep; poll close closes it, by any member once it passes); prints its id',
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--council <id>', 'the council')
    .requiredOption('--delegate <key>', "the delegate's public key")
    .option('--reason <text>', 'why', '')
    .action(
      withContext(
        async (ctx, opts: { space: string; council: string; delegate: string; reason: string }) => {
          const [key] = keys(opts.delegate, '--delegate')
          const id = await ctx.act(opts.space as SpaceId, 'recall.started', {
            council: opts.council,
            delegate: key!,
            reason: opts.reason,
          })
          ctx.print({ poll: id }, () => id)
        },
      ),
    )
  recall
    .command('rule')
    .description(
      'set the share of active members whose recall votes a recall needs more than (facilitators)',
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--share <fraction>', 'for example 1/2 (the default) or 1/3')
    .action(
      withContext(async (ctx, opts: { space: string; share: string }) => {
        const id = await ctx.act(opts.space as SpaceId, 'recall.rule-set', {
          share: parseShare(opts.share),
        })
        ctx.print({ event: id }, () => id)
      }),
    )
  return recall
}

export function mandateCommand(): Command {
  return new Command('mandate')
    .description(
      "record how the space's delegates must vote on a council poll, by the space's adopted poll on exactly that (veche council poll --on mandate) (facilitators); prints the event id",
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--council <id>', 'the council')
    .requiredOption('--council-poll <id>', "the council's poll")
    .addOption(
      new Option('--position <p>', 'how to vote').choices(MANDATE_POSITIONS).makeOptionMandatory(),
    )
    .requiredOption(
      '--poll <id>',
      "the space's adopted poll on this position on this council poll that decided the mandate",
    )
    .action(
      withContext(
        async (
          ctx,
          opts: {
            space: string
            council: string
            councilPoll: string
            position: string
            poll: string
          },
        ) => {
          const id = await ctx.act(opts.space as SpaceId, 'mandate.decided.2', {
            council: opts.council,
            councilPoll: opts.councilPoll,
            position: opts.position as MandatePosition,
            poll: opts.poll,
          })
          ctx.print({ event: id }, () => id)
        },
      ),
    )
}

/** The council of a referral this hub holds. */
async function referralCouncil(ctx: Context, referral: string): Promise<string> {
  const opened = await ctx.event(referral, 'referral')
  if (opened.type !== 'referral.opened')
    throw new CliError(`${referral} is a ${opened.type} event, not a referral`)
  return opened.space
}

export function referralCommand(): Command {
  const referral = new Command('referral').description('council motions referred to member spaces')
  referral
    .command('open')
    .description(
      'refer a council proposal to the member spaces (convenors); prints the referral id',
    )
    .requiredOption('--council <id>', 'the council')
    .requiredOption('--motion <id>', "the council's proposal")
    .addOption(
      new Option(
        '--rule <rule>',
        'how answers are added up: majority of spaces, of members, or both',
      )
        .choices(REFERRAL_RULES)
        .default('both'),
    )
    .action(
      withContext(async (ctx, opts: { council: string; motion: string; rule: string }) => {
        const id = await ctx.act(opts.council as SpaceId, 'referral.opened', {
          motion: opts.motion,
          rule: opts.rule as ReferralRule,
        })
        ctx.print({ referral: id }, () => id)
      }),
    )
  referral
    .command('answer')
    .description(
      "answer a referral with the space's closed majority (first option: for) or consent poll on it (veche council poll --on referral) (facilitators); prints the event id",
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--referral <id>', 'the referral')
    .requiredOption('--poll <id>', "the space's closed poll on this referral")
    .option('--council <id>', 'the council (needed only when this hub does not hold the referral)')
    .action(
      withContext(
        async (ctx, opts: { space: string; referral: string; poll: string; council?: string }) => {
          const council = opts.council ?? (await referralCouncil(ctx, opts.referral))
          const counts = referralCounts(await closedPoll(ctx, opts.space, opts.poll))
          if (counts === null)
            throw new CliError('a referral is answered by a closed majority or consent poll')
          const id = await ctx.act(opts.space as SpaceId, 'referral.answered.2', {
            council,
            referral: opts.referral,
            poll: opts.poll,
            ...counts,
          })
          ctx.print({ event: id, ...counts }, () => id)
        },
      ),
    )
  referral
    .command('close')
    .description('add up the noticed answers and close the referral (convenors); prints the result')
    .requiredOption('--council <id>', 'the council')
    .requiredOption('--referral <id>', 'the referral')
    .action(
      withContext(async (ctx, opts: { council: string; referral: string }) => {
        const state = await councilState(ctx, opts.council)
        const record = state.council!.referrals.get(opts.referral as EventId)
        if (record === undefined) throw new CliError(`no referral ${opts.referral} in this council`)
        const result = computeReferralResult(state.council!, record)
        const id = await ctx.act(state.space, 'referral.closed', {
          referral: record.id,
          result,
        })
        ctx.print({ event: id, result }, () =>
          [
            `${result.outcome}: for ${result.totals.for}, against ${result.totals.against}, abstain ${result.totals.abstain}; spaces for ${result.spaces.for} of ${result.spaces.members}`,
            ...result.parts.map(
              (p) =>
                `  ${p.space}: ${p.answered ? `${p.for}/${p.against}/${p.abstain}` : 'no answer'}`,
            ),
          ].join('\n'),
        )
      }),
    )
  return referral
}
