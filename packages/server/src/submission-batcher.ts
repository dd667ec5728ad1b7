// Group commit for per-event submissions. Two ledger submissions are in flight at most: while one
// is applied and written, the next is already being parsed and its signatures checked (the ledger
// prepares a submission outside its queue); requests that arrive while both are busy wait and then
// go together as one submission (one transaction, one fsync). Each request gets back exactly its
// own outcomes. Per-event submissions are independent of how they are grouped, and the ledger
// applies submissions in the order they were made, so the outcomes are the ones each request would
// have had alone, in arrival order. Atomic submissions are never grouped.
import type { Ledger, SubmitOutcome } from '@veche/store'

interface Waiting {
  readonly inputs: readonly unknown[]
  resolve(outcomes: readonly SubmitOutcome[]): void
  reject(error: unknown): void
}

/** Events per grouped submission at most (a group never splits a request). */
const MAX_GROUP = 2_000

/** Submissions in flight at once: one being written, one being prepared behind it. */
const MAX_IN_FLIGHT = 2

export class SubmissionBatcher {
  readonly #ledger: Ledger
  #waiting: Waiting[] = []
  #inFlight = 0

  constructor(ledger: Ledger) {
    this.#ledger = ledger
  }

  /** Submits `inputs` per event, possibly grouped with other requests; resolves to its outcomes. */
  submit(inputs: readonly unknown[]): Promise<readonly SubmitOutcome[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ inputs, resolve, reject })
      this.#dispatch()
    })
  }

  /** Sends what waits as one group whenever fewer than MAX_IN_FLIGHT submissions are running. */
  #dispatch(): void {
    while (this.#waiting.length > 0 && this.#inFlight < MAX_IN_FLIGHT) {
      const group: Waiting[] = []
      let size = 0
      while (this.#waiting.length > 0) {
        const next = this.#waiting[0]!
        if (group.length > 0 && size + next.inputs.length > MAX_GROUP) break
        group.push(this.#waiting.shift()!)
        size += next.inputs.length
      }
      this.#inFlight += 1
      void this.#run(group).finally(() => {
        this.#inFlight -= 1
        this.#dispatch()
      })
    }
  }

  async #run(group: readonly Waiting[]): Promise<void> {
    try {
      // Clients submit here directly: a close that would leave out ballots this hub holds is
      // refused so that its closer closes again (see `refuseStaleClose`).
      const report = await this.#ledger.submit(
        group.flatMap((w) => w.inputs),
        { refuseStaleCloses: true },
      )
      let at = 0
      for (const w of group) {
        w.resolve(report.outcomes.slice(at, at + w.inputs.length))
        at += w.inputs.length
      }
    } catch (error) {
      for (const w of group) w.reject(error)
    }
  }
}
