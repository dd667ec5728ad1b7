// `veche verify`: replays every stored event from nothing, trusting nothing: each event is parsed
// again, its id recomputed from its bytes, its signatures checked and the rules re-applied. The
// result per space is its state hash, which equals that of any other hub holding the same events.
import {
  applyEvent,
  createSpaceState,
  hashSpaceState,
  parseEvent,
  verifyEventSignatures,
} from '@veche/core'
import type { EventId, SignatureVerifier, SpaceId, StateHash } from '@veche/core'
import type { EventStore } from './event-store.js'

export interface SpaceVerdict {
  readonly space: SpaceId
  readonly events: number
  /** The state hash, or null when the space has a fault (the state after a fault means nothing). */
  readonly hash: StateHash | null
  readonly fault: { readonly id: EventId; readonly code: string; readonly message: string } | null
}

/** Re-checks every space in the store; `onEvent` is called after each event (for progress). */
export async function verifyStore(
  store: EventStore,
  verifier: SignatureVerifier,
  onEvent: () => void = () => {},
): Promise<SpaceVerdict[]> {
  const verdicts: SpaceVerdict[] = []
  for (const space of await store.spaces()) {
    verdicts.push(await verifySpace(store, verifier, space, onEvent))
  }
  return verdicts
}

/** Re-checks one space from nothing. */
export async function verifySpace(
  store: EventStore,
  verifier: SignatureVerifier,
  space: SpaceId,
  onEvent: () => void = () => {},
): Promise<SpaceVerdict> {
  const state = createSpaceState(space)
  let events = 0
  for await (const stored of store.read(space)) {
    onEvent()
    events += 1
    const fault = (code: string, message: string): SpaceVerdict => ({
      space,
      events,
      hash: null,
      fault: { id: stored.id, code, message },
    })
    let input: unknown
    try {
      input = JSON.parse(stored.json)
    } catch {
      return fault('event.malformed', 'the stored text is not JSON')
    }
    const parsed = parseEvent(input)
    if (!parsed.ok) return fault(parsed.code, parsed.message)
    const { event, id, json } = parsed.value
    if (id !== stored.id || json !== stored.json) {
      return fault('event.id-mismatch', `the stored bytes hash to ${id}, not to the stored id`)
    }
    const signatures = await verifyEventSignatures(event, verifier)
    if (signatures !== 'ok') {
      return fault(
        signatures === 'bad-signature' ? 'event.bad-signature' : 'invitation.bad-proof',
        'a signature does not match',
      )
    }
    const rejection = applyEvent(state, event, id)
    if (rejection !== null) return fault(rejection.code, rejection.message)
  }
  return { space, events, hash: hashSpaceState(state), fault: null }
}
