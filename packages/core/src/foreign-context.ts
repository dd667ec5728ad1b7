// Facts from other spaces. A space's fold sees another space only through events that reference an
// already accepted event of it by id; the ledger looks those up and passes them in (a replica or
// `veche verify`, which trust no one, first check them with `checkForeignEvents`, in
// foreign-event-check.ts). Accepted events are never retracted, so a reference, once it resolves,
// always resolves to the same event, and a space's state stays a deterministic fold of its own log.
import type { SignedEvent } from './event-envelope.js'
import type { EventId } from './ids.js'
import type { BoxOpener, PointCheck, ScalarMult } from './secret/ballot-cipher.js'
import type { RsaPublic } from './secret/credential-check.js'

/** What the fold may read beyond the space's own state. */
export interface FoldContext {
  /** Accepted events of other spaces, by id: at least those `referencesOf` names. */
  readonly foreign: ReadonlyMap<EventId, SignedEvent>
  /**
   * A faster implementation of ristretto255 scalar multiplication for counting a secret poll
   * (the same function; ballot-cipher.ts `ScalarMult`), or none: then @noble/curves'.
   */
  readonly scalarMult?: ScalarMult
  /**
   * A faster opening of a ballot's box for counting (the same HKDF-SHA-256 and AES-256-GCM;
   * ballot-cipher.ts `BoxOpener`), or none: then @noble/hashes' and @noble/ciphers'.
   */
  readonly openBox?: BoxOpener
  /**
   * A faster check of a secret ballot's ephemeral point (the same predicate; ballot-cipher.ts
   * `PointCheck`), or none: then @noble/curves' decoding.
   */
  readonly isPoint?: PointCheck
  /**
   * A faster RSA public operation for checking an issuer's blind signature (the same function;
   * credential-check.ts `RsaPublic`), or none: then JavaScript's bigints.
   */
  readonly rsaPublic?: RsaPublic
}

/** A context with no foreign events (spaces that reference nothing need no more). */
export const EMPTY_CONTEXT: FoldContext = { foreign: new Map() }

/** The ids of other spaces' events that `event` references and the fold must look up. */
export function referencesOf(event: SignedEvent): readonly EventId[] {
  switch (event.type) {
    case 'council.space-admitted':
      return [event.body.decision]
    case 'council.notice':
    case 'council.reported':
      return [event.body.reference]
    case 'statement.cosigned':
      return [event.body.decision]
    default:
      return []
  }
}
