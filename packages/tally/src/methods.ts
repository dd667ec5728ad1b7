// @veche/tally/methods: the decision methods without the ballot-file readers (BLT, Debian tally
// sheets, JSON ballots and their text decoding). @veche/core counts polls with these and reads no
// file, and a process that only replays a store (`veche show`) loads this instead of the index.
// The same modules as the main entry, so both may be imported at once.
export type { TallyErrorCode, TallyFailure, TallyOutcome } from './outcome.js'
export { tallyMajority } from './majority.js'
export { tallyConsent } from './consent.js'
export { buildRankedElection } from './ranked-election.js'
export type { NamedRankedBallot, NamedRankedElection, RankedElection } from './ranked-election.js'
export { tallyApproval, tallyBorda, tallyPlurality } from './approval.js'
export { tallyDotVoting, tallyScore } from './score.js'
export { tallyScottishStv } from './scottish-stv.js'
export { tallyIrv } from './irv.js'
export { tallyDebian, tallySchulze } from './schulze.js'
export { tallyMeekStv } from './meek-stv.js'
