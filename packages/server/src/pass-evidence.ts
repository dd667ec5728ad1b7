// A space's fork evidence during one sync pass (sync-client.ts): read from the store once, and
// again only when a submission of the pass may have kept more. A pass needs it before its pull,
// after it (new evidence makes it push the space whole and pull once more) and for its push (a
// space with evidence goes whole, with it); reading the forks table each time was two more reads
// per space and pass, of every space, though new evidence is rare. A submission may have kept
// evidence when it reports `chain.fork` for an event not among that read (an event already kept
// is reported so again), or when it released held events (checked without an outcome of their
// own). Evidence another pass or process keeps meanwhile is read by the next pass.
import type { EventId, SpaceId } from '@veche/core'
import type { EventStore, NewEvent, SubmitReport } from '@veche/store'

/** The fork evidence of one space, as one pass has seen it. */
export class PassEvidence {
  readonly #store: Pick<EventStore, 'forks'>
  readonly #space: SpaceId
  #events: readonly NewEvent[] | null = null
  #ids = new Set<EventId>()

  constructor(store: Pick<EventStore, 'forks'>, space: SpaceId) {
    this.#store = store
    this.#space = space
  }

  /** The evidence held, read from the store the first time and after a note that it may have grown. */
  async events(): Promise<readonly NewEvent[]> {
    if (this.#events === null) {
      const events = await this.#store.forks(this.#space)
      this.#events = events
      this.#ids = new Set(events.map((e) => e.id))
    }
    return this.#events
  }

  /** Notes what a submission of this pass did: evidence it may have kept is read anew. */
  note(report: SubmitReport): void {
    const kept =
      report.released > 0 ||
      report.outcomes.some(
        (o) =>
          o.status === 'rejected' &&
          o.code === 'chain.fork' &&
          (o.id === undefined || !this.#ids.has(o.id)),
      )
    if (kept) this.#events = null
  }
}
