// @veche/core: the pure domain of Veche: the signed event envelope, canonical encoding, the rules
// and the fold. No I/O, no clock, no randomness: those come in as arguments.
export * from './base64url.js'
export * from './canonical-json.js'
export * from './event-bodies.js'
export * from './event-envelope.js'
export * from './apply-event.js'
export { WELL_FORMED_CHECKS } from './well-formed-events.js'
export type { WellFormedChecks, WellFormedEnvelope } from './well-formed-events.js'
export * from './fold.js'
export type { SecretRules } from './secret-rule-set.js'
export { recordFork } from './fork-rules.js'
export * from './ids.js'
export * from './poll-methods.js'
export {
  computeCloseResult,
  proposeClose,
  proposeSeal,
  refuseLateBallot,
  refuseStaleClose,
} from './poll-rules.js'
export { refuseActOnSupersededClose } from './superseded-close-acts.js'
export { closeClaimedAt, proposeCloseAt } from './deadline-close.js'
export type { CloseBody } from './deadline-close.js'
export * from './council-state.js'
export * from './foreign-context.js'
export * from './foreign-event-check.js'
export * from './mandate-checks.js'
export * from './referral-result.js'
export { DEFAULT_RECALL_SHARE } from './recall-rules.js'
export type { RecallResult } from './recall-rules.js'
export { referralCounts } from './delegation-rules.js'
export * from './result.js'
export * from './refusal-kinds.js'
export * from './text-rules.js'
export * from './name-skeleton.js'
export * from './signing.js'
export * from './space-state.js'
export * from './state-view.js'
export * from './webcrypto-ed25519.js'
export * from './event-author.js'
export * from './statement-bodies.js'
export * from './statement-state.js'
export * from './statement-view.js'
export { adoptingPoll } from './statement-rules.js'
export * from './poll-subject.js'
export * from './statement-proof.js'
export * from './meeting-state.js'
export * from './meeting-queue.js'
export * from './meeting-view.js'
export * from './conversation-bodies.js'
export * from './conversation-state.js'
export * from './conversation-view.js'
export * from './conversation-map.js'
export { conversationCloseView, refuseStaleConversationClose } from './conversation-rules.js'
export * from './secret-bodies.js'
export {
  countMultiplications,
  countSecretPoll,
  proposeSecretSeal,
  refuseStaleSeal,
} from './secret-ballot-rules.js'
export { credentialsIssued, refuseSealedCredential } from './secret-credential-rules.js'
export * from './secret-deadline.js'
export { tellerIndex } from './secret-setup-rules.js'
export * from './secret-client.js'
export * from './secret/index.js'
export * from './key-backup.js'
export * from './qr-series.js'
