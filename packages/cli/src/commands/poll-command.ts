// `veche poll open`, `veche vote`, `veche poll close`.
import { Command, Option } from 'commander'
import {
  computePollResult,
  countActiveMembers,
  POLL_METHODS,
  proposeSeal,
  quorumFor,
} from '@veche/core'
import type { EventId, PollMethod, PollRecord, SpaceId, SpaceState } from '@veche/core'
import { CliError } from '../cli-error.js'
import type { Context } from '../context.js'
import { withContext } from '../run-command.js'
import { randomToken } from './assembly-command.js'
import { describeResult } from './result-text.js'

function parseThreshold(
  text: string | undefined,
  method: PollMethod,
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
  if (event.type !== 'poll.opened')
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
    .option('--options <list>', 'comma-separated options (majority)')
    .option('--question <text>', 'the question (default: the proposal title)')
    .option(
      '--threshold <fraction>',
      'share needed, e.g. 2/3 (majority: more than this; default 1/2)',
    )
    .action(
      withContext(
        async (
          ctx,
          opts: {
            space: string
            proposal?: string
            method?: PollMethod
            options?: string
            question?: string
            threshold?: string
          },
        ) => {
          const state = await ctx.space(opts.space)
          const method = opts.method ?? state.assembly!.rules.defaultMethod
          const proposal =
            opts.proposal === undefined ? null : state.proposals.get(opts.proposal as EventId)
          if (proposal === undefined)
            throw new CliError(`no proposal ${opts.proposal} in this space`)
          const options = (opts.options ?? '')
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
          const question = opts.question ?? proposal?.title
          if (question === undefined)
            throw new CliError('give --question, or --proposal to ask about a proposal')
          const id = await ctx.act(opts.space as SpaceId, 'poll.opened', {
            question,
            proposal: proposal?.id ?? null,
            method,
            options,
            voters: 'members',
            threshold: parseThreshold(opts.threshold, method),
            tieBreakSeed: randomToken(),
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
        const ballots = proposeSeal(poll) as EventId[]
        const quorum = quorumFor(state.assembly!.rules.quorum, countActiveMembers(state))
        const votes = ballots.map((id) => poll.ballots.get(id)!.vote)
        const result = computePollResult(poll, votes, { quorum })
        if (!result.ok) throw new CliError(`cannot count this poll: ${result.message}`)
        const id = await ctx.act(state.space, 'poll.closed', {
          poll: poll.id,
          ballots,
          result: result.value,
        })
        ctx.print({ event: id, poll: poll.id, ballots: ballots.length, result: result.value }, () =>
          [`closed: ${ballots.length} ballot(s) sealed`, describeResult(result.value)].join('\n'),
        )
      }),
    )
  return poll
}

const CONSENT_POSITIONS = ['agree', 'abstain', 'disagree', 'block']

export function voteCommand(): Command {
  return new Command('vote')
    .description('cast (or recast) your ballot; the last ballot before the close counts')
    .requiredOption('--poll <id>', 'the poll id')
    .requiredOption(
      '--choice <text>',
      'majority: an option, or "abstain"; consent: agree|abstain|disagree|block',
    )
    .option('--reason <text>', 'your reason (required with block)', '')
    .action(
      withContext(async (ctx, opts: { poll: string; choice: string; reason: string }) => {
        const { state, poll } = await findPoll(ctx, opts.poll)
        if (poll.status === 'closed') throw new CliError('this poll is already closed')
        let vote: unknown
        if (poll.method === 'majority') {
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
        const id = await ctx.act(state.space, 'ballot.cast', { poll: poll.id, vote })
        ctx.print({ ballot: id }, () => `ballot ${id} cast`)
      }),
    )
}
