// `veche poll open`, `veche vote`, `veche poll close`.
import { Command, Option } from '../commander.js'
import { isRankingMethod, lookAlikeOptions, POLL_METHODS, proposeCloseAt } from '@veche/core'
import type {
  DecisionMethod,
  EventId,
  PollRecord,
  PollSubject,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { CliError } from '../cli-error.js'
import { parseDeadline } from '../deadline-option.js'
import type { Context } from '../context.js'
import { withContext } from '../run-command.js'
import { randomToken } from './assembly-command.js'
import { keyLabels } from './key-names.js'
import { describeResult, unseatedLine } from './result-text.js'
import { closeSecretPoll, openSecretPoll, voteSecretly } from './secret-poll-steps.js'

/** The options of a majority poll opened without --options. */
const MAJORITY_OPTIONS = 'yes,no'

/**
 * Opens a one-seat poll of the members on `subject` (a majority poll on `options`, comma-separated,
 * the first the motion; or a consent poll) and prints its id: what `statement poll` and `council
 * poll` sign.
 */
export async function openSubjectPoll(
  ctx: Context,
  space: SpaceId,
  poll: {
    readonly question: string
    readonly subject: PollSubject
    readonly method: DecisionMethod
    readonly options: string
    readonly threshold: string | undefined
  },
): Promise<void> {
  const options =
    poll.method === 'consent'
      ? []
      : poll.options
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean)
  const id = await ctx.act(space, 'poll.opened.3', {
    question: poll.question,
    subject: poll.subject,
    method: poll.method,
    options,
    voters: 'members',
    threshold: parseThreshold(poll.threshold, poll.method),
    seats: 1,
    scoreRange: null,
    tieBreakSeed: randomToken(),
  })
  ctx.print({ poll: id, space, subject: poll.subject }, () => id)
}

/** The --threshold fraction, or the method's default (1/2 for majority). */
export function parseThreshold(
  text: string | undefined,
  method: DecisionMethod,
): { num: number; den: number } {
  if (text === undefined) return method === 'majority' ? { num: 1, den: 2 } : { num: 0, den: 1 }
  const match = /^(\d+)\/(\d+)$/.exec(text.trim())
  const num = Number(match?.[1])
  const den = Number(match?.[2])
  if (match === null || den < 1 || num >= den) {
    throw new CliError(`--threshold must be a fraction below 1 such as 1/2 or 2/3, not "${text}"`)
  }
  return { num, den }
}

async function findPoll(
  ctx: Context,
  pollId: string,
): Promise<{ state: SpaceState; poll: PollRecord }> {
  const event = await ctx.event(pollId, 'poll')
  if (
    event.type !== 'poll.opened' &&
    event.type !== 'poll.opened.2' &&
    event.type !== 'poll.opened.3' &&
    event.type !== 'secret.poll-opened' &&
    event.type !== 'recall.started'
  )
    throw new CliError(`${pollId} is a ${event.type} event, not a poll`)
  const state = await ctx.space(event.space)
  const poll = state.polls.get(pollId as EventId)
  if (poll === undefined) throw new CliError(`poll ${pollId} is not in the state of its space`)
  return { state, poll }
}

export function pollCommand(): Command {
  const poll = new Command('poll').description('polls: open and close')
  poll
    .command('open')
    .description('open a poll (facilitators only); prints the poll id')
    .requiredOption('--space <id>', 'the space id')
    .option('--proposal <id>', 'the proposal this poll decides')
    .addOption(new Option('--method <method>', 'decision method').choices(POLL_METHODS))
    .option(
      '--options <list>',
      'comma-separated options (every method but consent; majority: default yes,no)',
    )
    .option('--seats <n>', 'winners to elect (STV, approval, score, Borda, Schulze)')
    .option('--score-range <min..max>', 'score polls: the whole numbers a ballot may give (0..5)')
    .option('--question <text>', 'the question (default: the proposal title)')
    .option(
      '--threshold <fraction>',
      'share needed, e.g. 2/3 (majority: more than this; default 1/2)',
    )
    .option('--secret', 'a secret poll: nobody sees who voted how (docs/secret-ballot.md)')
    .option('--issuers <list>', 'secret: who signs credentials (names or keys; default: you)')
    .option('--tellers <list>', 'secret: who holds shares of the key (names or keys; default: you)')
    .option('--quorum <k>', 'secret: how many tellers open the ballots (default 1)')
    .option('--closes-at <time>', 'voting ends at this time, e.g. 2026-12-06T18:30 (local) or …Z')
    .option('--closes-in <duration>', 'voting ends after this long, e.g. 90s, 30m, 2h, 1h30m')
    .action(
      withContext(
        async (
          ctx,
          opts: {
            space: string
            proposal?: string
            method?: DecisionMethod
            options?: string
            question?: string
            threshold?: string
            seats?: string
            scoreRange?: string
            secret?: boolean
            issuers?: string
            tellers?: string
            quorum?: string
            closesAt?: string
            closesIn?: string
          },
        ) => {
          const closesAt = parseDeadline(opts, Date.now())
          const state = await ctx.space(opts.space)
          if (opts.secret !== true && (opts.issuers ?? opts.tellers ?? opts.quorum) !== undefined)
            throw new CliError('--issuers, --tellers and --quorum go with --secret')
          const method: DecisionMethod =
            opts.method ?? state.council?.rules.defaultMethod ?? state.assembly!.rules.defaultMethod
          const proposal =
            opts.proposal === undefined ? null : state.proposals.get(opts.proposal as EventId)
          if (proposal === undefined)
            throw new CliError(`no proposal ${opts.proposal} in this space`)
          // A majority poll asked with no options is a yes-or-no question.
          const options = (opts.options ?? (method === 'majority' ? MAJORITY_OPTIONS : ''))
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
          // Refused before signing in every space, whatever text rules it was founded under.
          const alike = lookAlikeOptions(options)
          if (alike !== null) throw new CliError(`--options: ${alike}; make them plainly different`)
          const question = opts.question ?? proposal?.title
          if (question === undefined)
            throw new CliError('give --question, or --proposal to ask about a proposal')
          const base = {
            question,
            proposal: proposal?.id ?? null,
            options,
            voters: 'members' as const,
            threshold: parseThreshold(opts.threshold, method),
            tieBreakSeed: randomToken(),
          }
          if (opts.secret === true) {
            const subject =
              proposal == null ? null : { kind: 'proposal' as const, proposal: proposal.id }
            const { proposal: _p, ...fields } = base
            await openSecretPoll(
              ctx,
              state,
              {
                ...fields,
                subject,
                method,
                seats: parseSeats(opts.seats),
                scoreRange: parseScoreRange(opts.scoreRange, method),
                ...(closesAt === undefined ? {} : { closesAt }),
              },
              opts,
            )
            return
          }
          // Majority and consent polls with one seat keep the first poll type, as before; a
          // deadline needs the third (`closesAt`), which names its proposal as its subject.
          const plain =
            (method === 'majority' || method === 'consent') &&
            opts.seats === undefined &&
            opts.scoreRange === undefined
          const { proposal: proposalId, ...fields } = base
          const id =
            closesAt !== undefined
              ? await ctx.act(opts.space as SpaceId, 'poll.opened.3', {
                  ...fields,
                  subject: proposalId === null ? null : { kind: 'proposal', proposal: proposalId },
                  method,
                  seats: parseSeats(opts.seats),
                  scoreRange: parseScoreRange(opts.scoreRange, method),
                  closesAt,
                })
              : plain
                ? await ctx.act(opts.space as SpaceId, 'poll.opened', { ...base, method })
                : await ctx.act(opts.space as SpaceId, 'poll.opened.2', {
                    ...base,
                    method,
                    seats: parseSeats(opts.seats),
                    scoreRange: parseScoreRange(opts.scoreRange, method),
                  })
          ctx.print({ poll: id }, () => id)
        },
      ),
    )
  poll
    .command('close')
    .description("seal the ballots (each voter's latest), count them, record and print the result")
    .requiredOption('--poll <id>', 'the poll id')
    .action(
      withContext(async (ctx, opts: { poll: string }) => {
        const { state, poll } = await findPoll(ctx, opts.poll)
        if (poll.status === 'closed') throw new CliError('this poll is already closed')
        if (poll.secret != null) return closeSecretPoll(ctx, state, poll)
        // Counted at the close's time, as every hub will (in a council a term may have ended);
        // after a deadline that is the deadline, as a tending hub's close is (deadline-close.ts).
        const close = proposeCloseAt(state, poll, Date.now())
        if (!close.ok) throw new CliError(`cannot count this poll: ${close.message}`)
        const { at, body } = close.value
        const { ballots, result } = body
        const id = await ctx.act(state.space, 'poll.closed.3', body, at)
        ctx.print({ event: id, poll: poll.id, ballots: ballots.length, result }, () =>
          [
            `closed: ${ballots.length} ballot(s) sealed`,
            describeResult(result, keyLabels([state])),
            unseatedLine(result),
          ]
            .filter((line) => line !== null)
            .join('\n'),
        )
      }),
    )
  return poll
}

const CONSENT_POSITIONS = ['agree', 'abstain', 'disagree', 'block']

function parseSeats(text: string | undefined): number {
  if (text === undefined) return 1
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1 || n > 100)
    throw new CliError(`--seats must be a whole number from 1 to 100, not "${text}"`)
  return n
}

function parseScoreRange(
  text: string | undefined,
  method: DecisionMethod,
): { min: number; max: number } | null {
  if (text === undefined) return method === 'score' ? { min: 0, max: 5 } : null
  const match = /^(-?\d+)\.\.(-?\d+)$/.exec(text.trim())
  if (match === null || Number(match[1]) >= Number(match[2]))
    throw new CliError(`--score-range must look like 0..5, not "${text}"`)
  return { min: Number(match[1]), max: Number(match[2]) }
}

function list(text: string): string[] {
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
}

/** The vote of a ranked, approval or score poll from --ranking, --approve or --score. */
function pointsVote(
  poll: PollRecord,
  opts: { ranking?: string; approve?: string; score?: string },
): unknown {
  if (poll.method === 'approval') {
    if (opts.approve === undefined) throw new CliError('an approval poll takes --approve A,C')
    return { approve: list(opts.approve) }
  }
  if (poll.method === 'score') {
    if (opts.score === undefined) throw new CliError('a score poll takes --score A=3,B=5')
    const scores: Record<string, number> = {}
    for (const pair of list(opts.score)) {
      const [name, value] = pair.split('=')
      const n = Number(value)
      if (name === undefined || value === undefined || !Number.isSafeInteger(n))
        throw new CliError(`--score takes option=number pairs, not "${pair}"`)
      scores[name.trim()] = n
    }
    return { scores }
  }
  if (isRankingMethod(poll.method)) {
    if (opts.ranking === undefined)
      throw new CliError(`a ${poll.method} poll takes --ranking B,A,C`)
    return { ranking: list(opts.ranking) }
  }
  throw new CliError(`a ${poll.method} poll takes --choice`)
}

export function voteCommand(): Command {
  return new Command('vote')
    .description('cast (or recast) your ballot; the last ballot before the close counts')
    .requiredOption('--poll <id>', 'the poll id')
    .option(
      '--choice <text>',
      'majority (and recall): an option, or "abstain"; consent: agree|abstain|disagree|block',
    )
    .option('--ranking <list>', 'ranked polls (IRV, STV, Schulze, Borda): options, best first')
    .option('--approve <list>', 'approval polls: the options you approve')
    .option('--score <pairs>', 'score polls: option=number pairs, e.g. A=3,B=5')
    .option('--reason <text>', 'your reason (required with block)', '')
    .action(
      withContext(
        async (
          ctx,
          opts: {
            poll: string
            choice?: string
            reason: string
            ranking?: string
            approve?: string
            score?: string
          },
        ) => {
          const { state, poll } = await findPoll(ctx, opts.poll)
          // The deadline first: it says why, whether or not a facilitator has closed the poll yet.
          if (poll.closesAt !== undefined && Date.now() > poll.closesAt)
            throw new CliError(
              `poll.deadline-passed: voting on this poll ended at ${new Date(poll.closesAt).toISOString()}`,
            )
          if (poll.status === 'closed') throw new CliError('this poll is already closed')
          let vote: unknown
          if (poll.method !== 'majority' && poll.method !== 'consent') {
            vote = pointsVote(poll, opts)
          } else if (opts.choice === undefined) {
            throw new CliError('give --choice')
          } else if (poll.method === 'majority') {
            const isOption = poll.options.includes(opts.choice)
            if (!isOption && opts.choice !== 'abstain') {
              throw new CliError(
                `"${opts.choice}" is not an option; choose one of: ${poll.options.join(', ')}, or abstain`,
              )
            }
            vote = { choice: isOption ? opts.choice : null }
          } else {
            if (!CONSENT_POSITIONS.includes(opts.choice)) {
              throw new CliError(`choose one of: ${CONSENT_POSITIONS.join(', ')}`)
            }
            if (opts.choice === 'block' && opts.reason.trim() === '')
              throw new CliError('a block needs a --reason')
            vote = { position: opts.choice, reason: opts.reason }
          }
          if (poll.secret != null) return voteSecretly(ctx, state, poll, vote)
          const id = await ctx.act(state.space, 'ballot.cast', { poll: poll.id, vote })
          ctx.print({ ballot: id }, () => `ballot ${id} cast`)
        },
      ),
    )
}
