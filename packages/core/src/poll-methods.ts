// What each decision method means for a poll: the shape of a ballot's `vote`, and how the sealed
// ballots become a result (through @veche/tally). The result is recorded in `poll.closed` and
// recomputed on every replay, so it must be plain JSON and fully determined by its inputs.
//
// Ballot shapes: majority `{ choice }`, consent `{ position, reason }`, ranking methods (Borda,
// IRV, Scottish and Meek STV, Schulze) `{ ranking: [option, …] }`, approval `{ approve: [option,
// …] }`, score `{ scores: { option: n } }`. A ranking or approval may be empty: an abstention.
import {
  buildRankedElection,
  tallyApproval,
  tallyBorda,
  tallyConsent,
  tallyIrv,
  tallyMajority,
  tallyMeekStv,
  tallySchulze,
  tallyScore,
  tallyScottishStv,
} from '@veche/tally/methods'
import type { RankedElection, TallyOutcome } from '@veche/tally'
import { RANKING_METHODS } from './ranking-methods.js'
import type { DecisionMethod } from './event-bodies.js'
import { ok, reject } from './result.js'
import type { Result } from './result.js'
import type { PollRecord } from './space-state.js'
import {
  readApprovalVote,
  readConsentVote,
  readMajorityVote,
  readRankingVote,
  readScoreVote,
} from './vote-shapes.js'
import type {
  ApprovalVote,
  ConsentVote,
  MajorityVote,
  RankingVote,
  ScoreVote,
} from './vote-shapes.js'

/** The `vote` of a ballot for each method, as clients write it. */
export type VoteOf<M extends DecisionMethod> = M extends 'majority'
  ? MajorityVote
  : M extends 'consent'
    ? ConsentVote
    : M extends 'approval'
      ? ApprovalVote
      : M extends 'score'
        ? ScoreVote
        : RankingVote

/** What a poll's method needs to check a vote and count the ballots. */
export type PollShape = Pick<
  PollRecord,
  'method' | 'options' | 'threshold' | 'tieBreakSeed' | 'seats' | 'scoreRange'
>

function checkNames(poll: PollShape, names: readonly string[]): string | null {
  const seen = new Set<string>()
  for (const name of names) {
    if (!poll.options.includes(name)) {
      return `"${name}" is not an option of this poll (options: ${poll.options.join(', ')})`
    }
    if (seen.has(name)) return `"${name}" is listed twice`
    seen.add(name)
  }
  return null
}

/** Checks that `vote` fits the poll's method and options; returns the reason when it does not. */
export function checkVote(poll: PollShape, vote: unknown): string | null {
  const method = poll.method
  switch (method) {
    case 'majority': {
      const parsed = readMajorityVote(vote)
      if (parsed === null) return 'a majority vote is { "choice": option or null to abstain }'
      const choice = parsed.choice
      if (choice !== null && !poll.options.includes(choice)) {
        return `"${choice}" is not an option of this poll (options: ${poll.options.join(', ')})`
      }
      return null
    }
    case 'consent': {
      if (readConsentVote(vote) === null) {
        return 'a consent vote is { "position": agree|abstain|disagree|block, "reason": text }, and a block needs a reason'
      }
      return null
    }
    case 'approval': {
      const parsed = readApprovalVote(vote)
      if (parsed === null)
        return 'an approval vote is { "approve": [option, …] } (empty to abstain)'
      return checkNames(poll, parsed.approve)
    }
    case 'score': {
      const parsed = readScoreVote(vote)
      if (parsed === null) return 'a score vote is { "scores": { option: whole number, … } }'
      const problem = checkNames(poll, Object.keys(parsed.scores))
      if (problem !== null) return problem
      const { min, max } = poll.scoreRange ?? DEFAULT_SCORE_RANGE
      for (const [name, n] of Object.entries(parsed.scores)) {
        if (n < min || n > max)
          return `"${name}" is given ${n}; scores are whole numbers ${min}..${max}`
      }
      return null
    }
    case 'borda':
    case 'irv':
    case 'scottish-stv':
    case 'meek-stv':
    case 'schulze': {
      const parsed = readRankingVote(vote)
      if (parsed === null) {
        return 'a ranked vote is { "ranking": [option, …] }, best first (empty to abstain)'
      }
      return checkNames(poll, parsed.ranking)
    }
    default:
      return assertMethod(method)
  }
}

/** A sealed ballot's vote, checked when it was cast; one that no longer fits is a bug (a throw). */
function sealedVote<T>(vote: T | null): T {
  if (vote === null) throw new Error('a sealed ballot holds a vote its poll method refuses')
  return vote
}

function assertMethod(method: never): never {
  throw new Error(`unknown poll method ${String(method)}`)
}

/** The score range when a score poll states none. */
export const DEFAULT_SCORE_RANGE = { min: 0, max: 5 } as const

/** "an irv poll", "a majority poll": a method's poll with its article. */
function aPoll(method: DecisionMethod): string {
  return `${/^[aeiou]/.test(method) ? 'an' : 'a'} ${method} poll`
}

/** Checks a poll's options, seats and score range for its method when it opens. */
export function checkPollOptions(
  method: DecisionMethod,
  options: readonly string[],
  seats = 1,
): string | null {
  if (method === 'consent') {
    if (seats !== 1) return 'a consent poll has one decision: seats must be 1'
    return options.length === 0 ? null : 'a consent poll has fixed positions: give no options'
  }
  if (options.length < 2) return `${aPoll(method)} needs at least two options`
  if (new Set(options).size !== options.length) return 'options must be different from each other'
  if ((method === 'majority' || method === 'irv') && seats !== 1) {
    return `${aPoll(method)} has one winner: seats must be 1`
  }
  if (seats > options.length) return `${seats} seats but only ${options.length} options`
  return null
}

/** Inputs to a poll's result besides its sealed ballots. */
export interface ResultContext {
  /** Ballots needed for a quorum, abstentions included. */
  readonly quorum: number
}

/** Computes a poll's result from the votes of its sealed ballots. */
export function computePollResult(
  poll: Pick<PollShape, 'method' | 'options' | 'threshold' | 'tieBreakSeed'> &
    Partial<Pick<PollShape, 'seats' | 'scoreRange'>>,
  votes: readonly unknown[],
  context: ResultContext,
): Result<unknown> {
  const method = poll.method
  switch (method) {
    case 'majority': {
      const outcome = tallyMajority({
        options: poll.options,
        ballots: votes.map((vote) => sealedVote(readMajorityVote(vote))),
        threshold: poll.threshold,
        quorum: context.quorum,
        tieBreakSeed: poll.tieBreakSeed,
      })
      return outcome.ok ? ok(outcome.report) : reject('poll.tally-failed', outcome.message)
    }
    case 'consent': {
      const outcome = tallyConsent({
        ballots: votes.map((vote) => sealedVote(readConsentVote(vote))),
        threshold: poll.threshold,
        quorum: context.quorum,
      })
      return outcome.ok ? ok(outcome.report) : reject('poll.tally-failed', outcome.message)
    }
    default:
      return computeRankedResult({ ...poll, method }, votes, context)
  }
}

/**
 * The result of a poll by one of the methods beyond majority and consent: the tally's report with
 * the quorum added, `{ …report, quorum: { needed, ballots, met } }`. With no ballot to count (all
 * abstained, or none cast) the result is `{ method, outcome: 'no-ballots', winners: [], quorum }`.
 */
function computeRankedResult(
  poll: Pick<PollShape, 'options' | 'tieBreakSeed'> &
    Partial<Pick<PollShape, 'seats' | 'scoreRange'>> & {
      readonly method: Exclude<DecisionMethod, 'majority' | 'consent'>
    },
  votes: readonly unknown[],
  context: ResultContext,
): Result<unknown> {
  const { method, options, tieBreakSeed } = poll
  const seats = poll.seats ?? 1
  const quorum = {
    needed: context.quorum,
    ballots: votes.length,
    met: votes.length >= context.quorum,
  }
  let counted: TallyOutcome<unknown>
  if (method === 'score') {
    const range = poll.scoreRange ?? DEFAULT_SCORE_RANGE
    const ballots = votes
      .map((vote) => sealedVote(readScoreVote(vote)).scores)
      .filter((scores) => Object.keys(scores).length > 0)
    if (ballots.length === 0) return ok({ method, outcome: 'no-ballots', winners: [], quorum })
    counted = tallyScore({
      candidates: options,
      ballots: ballots.map((scores) => ({ scores })),
      seats,
      min: range.min,
      max: range.max,
      tieBreakSeed,
    })
  } else {
    const rankings = votes
      .map((vote) =>
        method === 'approval'
          ? sealedVote(readApprovalVote(vote)).approve
          : sealedVote(readRankingVote(vote)).ranking,
      )
      .filter((ranking) => ranking.length > 0)
    if (rankings.length === 0) return ok({ method, outcome: 'no-ballots', winners: [], quorum })
    const built = buildRankedElection({
      candidates: options,
      seats,
      // An approval is one level holding every approved option.
      ballots: rankings.map((ranking) => ({
        ranking: method === 'approval' ? [ranking] : ranking,
      })),
    })
    if (!built.ok) return reject('poll.tally-failed', built.message)
    counted = countRanked(method, built.report, seats, tieBreakSeed)
  }
  if (!counted.ok) return reject('poll.tally-failed', counted.message)
  const report = counted.report as Record<string, unknown>
  return ok({ ...report, quorum, outcome: quorum.met ? 'decided' : 'no-quorum' })
}

function countRanked(
  method: Exclude<DecisionMethod, 'majority' | 'consent' | 'score'>,
  election: RankedElection,
  seats: number,
  tieBreakSeed: string,
): TallyOutcome<unknown> {
  switch (method) {
    case 'approval':
      return tallyApproval(election, { seats, tieBreakSeed })
    case 'borda':
      return tallyBorda(election, { seats, tieBreakSeed })
    case 'irv':
      return tallyIrv(election, { tieBreakSeed })
    case 'scottish-stv':
      return tallyScottishStv(election, { seats, tieBreakSeed })
    case 'meek-stv':
      return tallyMeekStv(election, { seats, tieBreakSeed })
    case 'schulze':
      return tallySchulze(election, { seats, tieBreakSeed })
    default:
      return assertMethod(method)
  }
}

/** True when ballots of `method` rank options. */
export function isRankingMethod(method: DecisionMethod): boolean {
  return RANKING_METHODS.includes(method)
}

/**
 * The winners of a closed poll's result: majority gives its winner when adopted; every other
 * method (consent excepted, which decides no option) its `winners` when its quorum was met.
 */
export function resultWinners(result: unknown): readonly string[] {
  if (typeof result !== 'object' || result === null) return []
  const r = result as { method?: unknown; outcome?: unknown; winner?: unknown; winners?: unknown }
  if (r.method === 'majority') {
    return r.outcome === 'adopted' && typeof r.winner === 'string' ? [r.winner] : []
  }
  if (r.outcome !== 'decided' || !Array.isArray(r.winners)) return []
  return r.winners.filter((w): w is string => typeof w === 'string')
}

/** Ballots needed for a quorum under the assembly's rule, given its active members at the close. */
export function quorumFor(
  rule: { readonly ballots: number; readonly percent: number },
  members: number,
): number {
  return Math.max(rule.ballots, Math.ceil((rule.percent * members) / 100))
}
