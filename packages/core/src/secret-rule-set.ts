// The rules of secret polls, as one set the fold is handed (fold.ts `applyEventWith`). They bring
// the secret-ballot crypto (ristretto255, AES-GCM, HKDF), which costs more to load than everything
// else a replay needs; a replay that meets no secret poll never loads them (`loadSecretRules` in
// replay.ts), and `applyEvent` (apply-event.ts) always has them.
import {
  applyIssuerKey,
  applySecretPollOpened,
  applyTellerChecked,
  applyTellerDealt,
  applyTellerKey,
} from './secret-setup-rules.js'
import { applyCredentialIssued, applyCredentialRequested } from './secret-credential-rules.js'
import {
  applySecretBallot,
  applySecretCounted,
  applySecretSealed,
  applyTellerRevealed,
} from './secret-ballot-rules.js'

/** Every rule of a secret poll's events, by the name fold.ts calls it. */
export const SECRET_RULES = {
  applyIssuerKey,
  applySecretPollOpened,
  applyTellerChecked,
  applyTellerDealt,
  applyTellerKey,
  applyCredentialIssued,
  applyCredentialRequested,
  applySecretBallot,
  applySecretCounted,
  applySecretSealed,
  applyTellerRevealed,
} as const

/** The rules of secret polls, loaded or not. */
export type SecretRules = typeof SECRET_RULES
