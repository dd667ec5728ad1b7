// Events of other spaces that an event references (a council notice, a co-signature's decision):
// the fold reads them through `context.foreign`, so the ledger finds them before applying the
// event, among the events accepted earlier in the same submission or in the store.
import { referencesOf } from '@veche/core/replay'
import type { EventId, FoldContext, SignedEvent } from '@veche/core'
import type { EventStore } from './event-store.js'
import { nodeOpenBox } from './node-ballot-box.js'
import { nodeRsaPublic } from './node-blind-rsa.js'
import { sodiumIsPoint, sodiumScalarMult } from './sodium-ristretto.js'

/**
 * The accepted events of other spaces that `event` references, from `fresh` (accepted earlier in
 * the same submission) or the store. Events not found are simply absent: the rule then answers
 * `reference.missing`.
 */
export async function lookUpReferences(
  store: Pick<EventStore, 'get'>,
  event: SignedEvent,
  fresh: ReadonlyMap<EventId, SignedEvent>,
): Promise<FoldContext> {
  // A count decrypts every sealed ballot: give it the faster multiplication and box opening.
  if (event.type === 'secret.poll-counted')
    return { foreign: new Map(), scalarMult: await sodiumScalarMult(), openBox: nodeOpenBox }
  // A secret ballot's point is checked faster too.
  if (event.type === 'secret.ballot') return { foreign: new Map(), isPoint: await sodiumIsPoint() }
  // And an issuer's blind signature, through OpenSSL.
  if (event.type === 'secret.credential-issued')
    return { foreign: new Map(), rsaPublic: nodeRsaPublic }
  const ids = referencesOf(event)
  if (ids.length === 0) return { foreign: new Map() }
  const foreign = new Map<EventId, SignedEvent>()
  for (const id of ids) {
    const known = fresh.get(id)
    if (known !== undefined) {
      foreign.set(id, known)
      continue
    }
    const stored = await store.get(id)
    if (stored !== null) foreign.set(id, JSON.parse(stored.json) as SignedEvent)
  }
  return { foreign }
}
