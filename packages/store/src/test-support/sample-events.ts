// Plausible events for the store tests: the envelope's shape (canonical key order, base64url ids,
// keys and signatures of the right lengths) without real keys. The store checks no signature, so
// a SHA-512 stands in for one; the id is the SHA-256 of the JSON text, as in core.
import { createHash } from 'node:crypto'
import type { EventId, SpaceId } from '@veche/core'
import type { NewEvent } from '../event-store.js'

function digest(algorithm: 'sha256' | 'sha512', text: string): string {
  return createHash(algorithm).update(text).digest('base64url')
}

/** A space id (22 base64url characters) named by `label`. */
export function sampleSpace(label: string): SpaceId {
  return digest('sha256', `space:${label}`).slice(0, 22) as SpaceId
}

/** An author's public key (43 base64url characters) named by `label`. */
export function sampleAuthor(label: string): string {
  return digest('sha256', `author:${label}`)
}

/** One event; `body` should have its keys in sorted order, as canonical JSON would. */
export function sampleEvent(
  space: SpaceId,
  author: string,
  seq: number,
  body: Readonly<Record<string, unknown>> = { text: `comment ${seq}` },
  type = 'comment.posted',
): NewEvent {
  const prev = seq === 1 ? null : digest('sha256', `prev:${space}:${author}:${seq - 1}`)
  const at = 1_750_000_000_000 + seq * 1000
  const sig = digest('sha512', `sig:${space}:${author}:${seq}`)
  const json = JSON.stringify({ at, author, body, prev, seq, sig, space, type, v: 1 })
  return { id: digest('sha256', json) as EventId, space, author, seq, type, json }
}

/** `count` consecutive events of one author in one space, from seq `from`. */
export function sampleEvents(
  space: SpaceId,
  author: string,
  from: number,
  count: number,
  body?: (seq: number) => Readonly<Record<string, unknown>>,
): NewEvent[] {
  return Array.from({ length: count }, (_, i) =>
    sampleEvent(space, author, from + i, body?.(from + i)),
  )
}
