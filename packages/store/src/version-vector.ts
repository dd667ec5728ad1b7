// Version vectors: per space, the highest seq a store holds for each author. Because an author's
// events in a space are numbered without gaps, the vector says exactly which events a side holds,
// so the other side can send only what is missing (bundles now; HTTP replication later).
import type { EventId, SpaceId } from '@veche/core'
import type { EventStore, StoredEvent, StoredHead, VersionVector } from './event-store.js'

/** A row of the per-(space, author) maximum query; drivers may return the seq as text. */
export interface VectorRow {
  readonly space: string
  readonly author: string
  readonly seq: number | string
}

/** Builds a vector from query rows, spaces and authors in sorted order (stable output). */
export function toVector(rows: readonly VectorRow[]): VersionVector {
  const sorted = [...rows].sort((a, b) =>
    a.space === b.space ? compare(a.author, b.author) : compare(a.space, b.space),
  )
  const vector: Record<string, Record<string, number>> = {}
  for (const row of sorted) (vector[row.space] ??= {})[row.author] = Number(row.seq)
  return vector
}

/** A row of the per-author newest event query of one space; drivers may return the seq as text. */
export interface HeadRow {
  readonly author: string
  readonly seq: number | string
  readonly id: string
}

/** Each author's newest stored event, from query rows. */
export function toHeads(rows: readonly HeadRow[]): Map<string, StoredHead> {
  return new Map(rows.map((row) => [row.author, { seq: Number(row.seq), id: row.id as EventId }]))
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export interface MissingOptions {
  /** Only these spaces (default: every space the store holds). */
  readonly spaces?: readonly SpaceId[]
}

/**
 * The events `store` holds that a side with vector `theirs` lacks: space by space (sorted), each
 * in store position order, which is an order the other side can apply.
 */
export async function* readMissingEvents(
  store: EventStore,
  theirs: VersionVector,
  options: MissingOptions = {},
): AsyncGenerator<StoredEvent> {
  const spaces = options.spaces ?? (await store.spaces())
  for (const space of spaces) {
    yield* store.readMissing(space, theirs[space] ?? {})
  }
}

/** Events that `ours` holds beyond `theirs`, counted per space (what an export would carry). */
export function countMissing(ours: VersionVector, theirs: VersionVector): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const [space, authors] of Object.entries(ours)) {
    let n = 0
    for (const [author, seq] of Object.entries(authors)) {
      n += Math.max(0, seq - (theirs[space]?.[author] ?? 0))
    }
    if (n > 0) counts[space] = n
  }
  return counts
}
