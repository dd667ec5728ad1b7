// What a sync pass compares of each space with a peer's, read for every space in a few queries
// (EventStore.syncStates): each author's newest event, the held secret ballots per poll, the fork
// evidence and the held-back events a pass passes on. Two hubs whose spaces show the same are
// equal as far as a pass goes (an author's events chain by `prev`, so equal newest events mean
// equal chains), and a pass over them has nothing to do.
import type { EventId, SpaceId } from '@veche/core'
import { summariseBallotBoxes } from './ballot-boxes.js'
import type { BallotBoxSummary, SpaceSyncState, StoredHead } from './event-store.js'

/** A row of the per-(space, author) newest event query; drivers may return the seq as text. */
export interface SpaceHeadRow {
  readonly space: string
  readonly author: string
  readonly seq: number | string
  readonly id: string
}

/** A (space, id) row: fork evidence, or a held-back event of an author with standing. */
export interface SpaceIdRow {
  readonly space: string
  readonly id: string
}

/** A held ballot's (space, poll, id), sorted by space, then poll, then id. */
export interface SpaceBallotRow {
  readonly space: string
  readonly poll: string
  readonly id: string
}

/** Per space holding at least one event, its sync state, from the rows of the four queries. */
export function toSyncStates(
  heads: readonly SpaceHeadRow[],
  ballots: readonly SpaceBallotRow[],
  forks: readonly SpaceIdRow[],
  pending: readonly SpaceIdRow[],
): Map<SpaceId, SpaceSyncState> {
  const building = new Map<
    string,
    {
      heads: Map<string, StoredHead>
      ballots: { poll: string; id: string }[]
      forks: EventId[]
      pending: EventId[]
    }
  >()
  for (const row of heads) {
    let state = building.get(row.space)
    if (state === undefined) {
      state = { heads: new Map(), ballots: [], forks: [], pending: [] }
      building.set(row.space, state)
    }
    state.heads.set(row.author, { seq: Number(row.seq), id: row.id as EventId })
  }
  for (const row of ballots) building.get(row.space)?.ballots.push(row)
  for (const row of forks) building.get(row.space)?.forks.push(row.id as EventId)
  for (const row of pending) building.get(row.space)?.pending.push(row.id as EventId)
  const states = new Map<SpaceId, SpaceSyncState>()
  for (const [space, state] of building) {
    const boxes: BallotBoxSummary[] = summariseBallotBoxes(state.ballots)
    states.set(space as SpaceId, {
      heads: state.heads,
      ballots: boxes,
      forks: state.forks.sort(),
      pending: state.pending.sort(),
    })
  }
  return states
}
