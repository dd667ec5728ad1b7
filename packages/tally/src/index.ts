// @veche/tally: pure decision methods with full, plain-JSON reports. No dependencies, no I/O, no
// clock, no Math.random: ties are broken by a seeded lot whose seed comes in with the poll.
export type { TallyErrorCode, TallyFailure, TallyOutcome } from './outcome.js'
export type { Fraction } from './fraction.js'
export type { QuorumReport } from './quorum.js'
export { drawLot, seededGenerator } from './seeded-lot.js'
export type { LotDraw } from './seeded-lot.js'
export { tallyMajority } from './majority.js'
export type { MajorityBallot, MajorityInput, MajorityOutcome, MajorityReport } from './majority.js'
export { tallyConsent } from './consent.js'
export type {
  ConsentBallot,
  ConsentInput,
  ConsentOutcome,
  ConsentPosition,
  ConsentReport,
} from './consent.js'
export { BallotPacker, hasEqualRankings } from './packed-ballots.js'
export type { PackedBallots } from './packed-ballots.js'
export { buildRankedElection } from './ranked-election.js'
export type { NamedRankedBallot, NamedRankedElection, RankedElection } from './ranked-election.js'
export { readBlt, writeBlt } from './blt-format.js'
export type { ReadBltOptions } from './blt-format.js'
export { looksLikeDebianTallySheet, readDebianTallySheet } from './debian-tally-sheet.js'
export { readJsonBallots } from './json-ballots.js'
export { jsonErrorOffset } from './json-error-position.js'
export type { JsonBallotFile } from './json-ballots.js'
export { decodeBallotText } from './text-decoding.js'
export { tallyApproval, tallyBorda, tallyPlurality } from './approval.js'
export type { PointsOptions } from './approval.js'
export { tallyDotVoting, tallyScore } from './score.js'
export type { DotVotingInput, ScoreBallot, ScoreInput } from './score.js'
export type { PointsReport, PointsStage } from './points-ranking.js'
export type { CountReport, CountStage, StageAction } from './stv-report.js'
export { SCOTTISH_SCALE, tallyScottishStv } from './scottish-stv.js'
export type { ScottishStvOptions } from './scottish-stv.js'
export { tallyIrv } from './irv.js'
export type { IrvOptions } from './irv.js'
export { pairwiseMatrix, tallyDebian, tallySchulze } from './schulze.js'
export type { DebianOptions, DroppedOption, SchulzeOptions, SchulzeReport } from './schulze.js'
export { MEEK_SCALE, tallyMeekStv } from './meek-stv.js'
export type { MeekReport, MeekStage, MeekStvOptions } from './meek-stv.js'
