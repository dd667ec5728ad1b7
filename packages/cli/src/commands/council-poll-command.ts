// `veche council poll`: opens the only kind of poll a member space's decision about a council can
// rest on: a `poll.opened.3` whose subject names exactly that decision (joining or leaving the
// council, a position on one council poll, the answer to one referral; docs/federation.md). The
// decision itself is then recorded by `veche council join|leave`, `veche mandate` or
// `veche referral answer`, naming this poll.
import { Command, Option } from '../commander.js'
import { MANDATE_POSITIONS } from '@veche/core'
import type { EventId, FederationSubject, MandatePosition, SpaceId, SpaceState } from '@veche/core'
import { CliError } from '../cli-error.js'
import type { Context } from '../context.js'
import { withContext } from '../run-command.js'
import { openSubjectPoll } from './poll-command.js'

const DECISIONS = ['join', 'leave', 'mandate', 'referral'] as const

interface PollOptions {
  space: string
  council: string
  on: (typeof DECISIONS)[number]
  councilPoll?: string
  position?: string
  referral?: string
  method?: 'majority' | 'consent'
  options: string
  question?: string
  threshold?: string
}

/** The council's state when this hub holds it (for names in the question), or null. */
async function heldCouncil(ctx: Context, council: string): Promise<SpaceState | null> {
  try {
    return await ctx.space(council)
  } catch {
    return null
  }
}

function subjectOf(opts: PollOptions): FederationSubject {
  const council = opts.council as SpaceId
  switch (opts.on) {
    case 'join':
    case 'leave':
      return { kind: opts.on, council }
    case 'mandate':
      if (opts.councilPoll === undefined || opts.position === undefined)
        throw new CliError('--on mandate needs --council-poll and --position')
      if (!(MANDATE_POSITIONS as readonly string[]).includes(opts.position))
        throw new CliError(`--position must be one of ${MANDATE_POSITIONS.join(', ')}`)
      return {
        kind: 'mandate',
        council,
        councilPoll: opts.councilPoll as EventId,
        position: opts.position as MandatePosition,
      }
    case 'referral':
      if (opts.referral === undefined) throw new CliError('--on referral needs --referral')
      return { kind: 'referral', council, referral: opts.referral as EventId }
  }
}

function question(subject: FederationSubject, held: SpaceState | null): string {
  const name = held?.assembly?.name ?? subject.council
  switch (subject.kind) {
    case 'join':
      return `Join the council "${name}"?`
    case 'leave':
      return `Leave the council "${name}"?`
    case 'mandate': {
      const asked = held?.polls.get(subject.councilPoll)?.question ?? subject.councilPoll
      return `Mandate our delegates to the council "${name}" on "${asked}": ${subject.position}?`
    }
    case 'referral': {
      const motion = held?.council?.referrals.get(subject.referral)?.motion
      const title = (motion && held?.proposals.get(motion)?.title) ?? subject.referral
      return `Ratify "${title}", referred by the council "${name}"?`
    }
  }
}

export function councilPollCommand(): Command {
  return new Command('poll')
    .description(
      'open a poll of a member space on a decision about a council: joining, leaving, a mandate ' +
        'on a council poll, or the answer to a referral (facilitators); prints the poll id',
    )
    .requiredOption('--space <id>', 'the member space')
    .requiredOption('--council <id>', 'the council')
    .addOption(
      new Option('--on <decision>', 'what the poll decides')
        .choices(DECISIONS)
        .makeOptionMandatory(),
    )
    .option('--council-poll <id>', "--on mandate: the council's poll")
    .addOption(
      new Option('--position <p>', '--on mandate: how the delegates must vote').choices(
        MANDATE_POSITIONS,
      ),
    )
    .option('--referral <id>', '--on referral: the referral')
    .addOption(
      new Option(
        '--method <method>',
        'majority (the first option is the motion) or consent',
      ).choices(['majority', 'consent']),
    )
    .option(
      '--options <list>',
      'majority: comma-separated options, the first is the motion',
      'yes,no',
    )
    .option('--question <text>', 'the question (default: names the decision)')
    .option('--threshold <fraction>', 'share needed, e.g. 2/3 (majority: more than this)')
    .action(
      withContext(async (ctx, opts: PollOptions) => {
        const subject = subjectOf(opts)
        const state = await ctx.space(opts.space)
        await openSubjectPoll(ctx, state.space, {
          question: opts.question ?? question(subject, await heldCouncil(ctx, opts.council)),
          subject,
          method: opts.method ?? 'majority',
          options: opts.options,
          threshold: opts.threshold,
        })
      }),
    )
}
