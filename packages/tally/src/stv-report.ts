// The report shape shared by the STV methods and IRV: one entry per stage with every candidate's
// total (aligned with `candidates`, in integer units of 1/scale of a vote), what was transferred,
// the exhausted value, who was elected or excluded and why, and any lot drawn.
import type { LotDraw } from './seeded-lot.js'

/** What a stage did. Stage 1 counts first preferences; later stages transfer or recompute. */
export type StageAction =
  | { readonly kind: 'first-preferences' }
  | {
      readonly kind: 'surplus'
      readonly candidate: string
      /** Surplus transferred, in units. */
      readonly surplus: number
      /** Distinct transfer values given to the papers, in units of 1/scale, largest first. */
      readonly transferValues: readonly number[]
    }
  | { readonly kind: 'exclusion'; readonly candidates: readonly string[] }
  | { readonly kind: 'iteration'; readonly iterations: number }

/** One stage (round) of a transferable-vote count. */
export interface CountStage {
  readonly stage: number
  readonly action: StageAction
  /** Each candidate's votes at the end of the stage, in units; aligned with `candidates`. */
  readonly totals: readonly number[]
  /** Change from the previous stage (the transfers received or given), in units. */
  readonly changes: readonly number[]
  /** Votes no longer counting for anyone (non-transferable papers), cumulative, in units. */
  readonly exhausted: number
  /** Value lost to truncating transfer values, cumulative, in units (0 for whole-vote methods). */
  readonly lostToTruncation: number
  /** Quota at this stage, in units (constant except under Meek; null for IRV). */
  readonly quota: number | null
  /** Candidates declared elected at this stage, in order of election. */
  readonly elected: readonly string[]
  /** Candidate excluded at the end of this stage; their papers move in the next stage. */
  readonly excluded: readonly string[]
  /** Why: the rule behind each election, exclusion and tie decision, in words. */
  readonly notes: readonly string[]
  readonly lots: readonly LotDraw[]
}

/** The full report of an STV or IRV count. */
export interface CountReport<M extends string> {
  readonly method: M
  readonly title: string
  readonly candidates: readonly string[]
  readonly withdrawn: readonly string[]
  readonly seats: number
  /** Units per vote in every total of this report (100000 = five decimal places). */
  readonly scale: number
  /** Ballots with at least one preference for a standing candidate. */
  readonly validVotes: number
  /** Ballots with no preference for a standing candidate (not counted). */
  readonly invalidVotes: number
  readonly stages: readonly CountStage[]
  /** Elected candidates in order of election. */
  readonly winners: readonly string[]
}

/** Builds a stage's `changes` from the totals before and after. */
export function totalsChange(before: readonly number[], after: readonly number[]): number[] {
  return after.map((t, i) => t - (before[i] ?? 0))
}
