// @veche/core/replay: the part of core that folding a log already checked needs, and reading the
// state it gives: no event parsing, so no zod. A process that only replays its own store (`veche
// show`, the ledger's cache) imports this instead of the whole of @veche/core, whose schemas and
// crypto cost more to load than such a command spends on everything else. The same modules as
// the main entry, so both may be imported at once.
export { decodeBase64url, encodeBase64url } from './base64url.js'
export { applyEventWith, isSecretEvent, loadSecretRules } from './fold.js'
export type { SecretRules } from './secret-rule-set.js'
export { recordFork } from './fork-rules.js'
export { EMPTY_CONTEXT, referencesOf } from './foreign-context.js'
export type { FoldContext } from './foreign-context.js'
export * from './ids.js'
export { markLookAlikes } from './name-skeleton.js'
export { lookAlikeOptions } from './look-alike-options.js'
export * from './result.js'
export { hashBase64url } from './signing.js'
export * from './space-state.js'
export { seatedDelegates } from './council-state.js'
export type { CouncilState } from './council-state.js'
export * from './state-view.js'
// What the store's signature checks on Node need besides (node-blind-rsa.ts).
export { CREDENTIAL_SALT_BYTES } from './secret/credential-check.js'
export { rsaPublicKeyModulus } from './secret/rsa-public-key.js'
export type { SignedEvent, SignedEventOf } from './event-envelope.js'
export type { EventType } from './event-bodies.js'
