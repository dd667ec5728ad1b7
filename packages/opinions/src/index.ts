// @veche/opinions: the opinion map of a conversation by the Pol.is method (PCA, k-means groups,
// representative and consensus statements), as a pure function of its votes. No I/O, no clock, no
// Math.random: the seed of the start vectors comes in with the input, and the same votes give the
// same map, bit for bit, in every JavaScript engine.
export type { OpinionsErrorCode, OpinionsFailure, OpinionsOutcome } from './outcome.js'
export { buildVoteMatrix, compareIds } from './vote-matrix.js'
export type {
  OpinionStatement,
  OpinionVote,
  OpinionsInput,
  VoteColumns,
  VoteMatrix,
  VoteValue,
} from './vote-matrix.js'
export {
  GREEDY_PARTICIPANTS,
  joinOrder,
  MIN_VOTES_TO_CLUSTER,
  selectClustered,
} from './participation.js'
export {
  computePca,
  MAX_PCA_ITERATIONS,
  PCA_BLOCK,
  PCA_TOLERANCE,
  projectParticipants,
} from './pca.js'
export type { Pca } from './pca.js'
export { kmeans, kmeansFrom, MAX_KMEANS_ITERATIONS } from './kmeans.js'
export type { Clustering } from './kmeans.js'
export { BASE_CLUSTERS, groupParticipants, MAX_GROUPS } from './opinion-groups.js'
export type { OpinionGrouping } from './opinion-groups.js'
export { MAX_REPRESENTATIVE } from './repness.js'
export { MAX_CONSENSUS } from './consensus.js'
export {
  describeGroups,
  mapMatrix,
  mapOpinions,
  MAX_STATEMENTS,
  MAX_VOTES,
  MIN_PARTICIPANTS_TO_MAP,
  MIN_STATEMENTS_TO_MAP,
} from './opinion-map.js'
export type {
  ConsensusFigures,
  GroupDescription,
  GroupStatement,
  MappedParticipant,
  MappedStatement,
  OpinionGroup,
  OpinionMap,
  OpinionMapOptions,
} from './opinion-map.js'
export { readOpenDataExport, readRedDwarfExport } from './polis-export.js'
export type {
  ExportOutcome,
  OpenDataFiles,
  PolisConversation,
  RedDwarfFiles,
} from './polis-export.js'
export { adjustedRandIndex, pearson } from './agreement.js'
