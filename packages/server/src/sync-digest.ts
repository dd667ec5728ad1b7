// The digest of a space a sync listing carries (`GET /api/sync/spaces`): SHA-256 over what a pass
// compares of the space with a peer's (EventStore.syncStates): each author's newest event, the
// held secret ballots per poll, the ids of fork evidence and of held-back events. A pass passes
// over a space whose digest and vector the other hub lists equal to its own (sync-client.ts):
// nothing is read of it, and nothing asked. Only ever compared with a digest computed here from
// this hub's own store, so a wrong digest from a peer can only cost a pass more work, never less.
import { createHash } from 'node:crypto'
import type { SpaceSyncState } from '@veche/store'

/** The space's digest, base64url (the same on every hub holding the same). */
export function syncDigest(state: SpaceSyncState): string {
  const lines: string[] = []
  for (const author of [...state.heads.keys()].sort()) {
    const head = state.heads.get(author)!
    lines.push(`head ${author} ${head.seq} ${head.id}`)
  }
  for (const box of state.ballots) lines.push(`ballots ${box.poll} ${box.count} ${box.digest}`)
  for (const id of state.forks) lines.push(`fork ${id}`)
  for (const id of state.pending) lines.push(`held ${id}`)
  return createHash('sha256').update(lines.join('\n')).digest('base64url')
}

/** The space's version vector: author → highest seq held. */
export function vectorOf(state: SpaceSyncState): Record<string, number> {
  const vector: Record<string, number> = {}
  for (const [author, head] of state.heads) vector[author] = head.seq
  return vector
}

/** Whether two vectors give the same authors the same seqs. */
export function sameVector(
  a: Readonly<Record<string, number>>,
  b: Readonly<Record<string, number>>,
): boolean {
  const authors = Object.keys(a)
  return (
    authors.length === Object.keys(b).length && authors.every((author) => a[author] === b[author])
  )
}
