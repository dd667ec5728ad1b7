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
