// Event ids through node:crypto's SHA-256: the same ids as core's `eventIdOfJson` (@noble/hashes,
// which runs in browsers too), about ten times faster for the paths that parse every event of a
// log (`veche verify`, a hub taking events). Passed to `parseEvent` as its `idOfJson`. One-shot
// `hash` (Node 20.12+) rather than `createHash`: no Hash object per event for the collector.
import { hash } from 'node:crypto'
import type { EventId } from '@veche/core'

/** The id of an event given its canonical JSON text: base64url SHA-256 of its UTF-8 bytes. */
export function nodeEventIdOfJson(json: string): EventId {
  return hash('sha256', json, 'base64url') as EventId
}
