// Group commit for per-event submissions. While one ledger submission is being written, requests
// that arrive wait and then go together as one submission (one transaction, one fsync), and each
// gets back exactly its own outcomes, only once its submission is durable. A group is taken one
// turn of the event loop after the first request of it arrives (or the previous group's append
// starts, so that it is parsed and its signatures checked while that one is written and synced;
// the ledger applies submissions one after the other, in order): a submission runs to its write within
// the microtasks of the request that started it, so without that turn the requests already read
// from the sockets were never parsed in time to join, and every group held a single request. Per-event submissions are independent of how they are
// grouped, so the outcomes are the ones each request would have had alone, in arrival order.
// Atomic submissions are never grouped. A batcher given `passOn` (the ballots of a hub with cluster
// peers, cluster-ballots.ts) hands it each group once written, and answers the requests only
// after it resolves; if it fails, a request with anything written or already held fails with its
// error (the client sends it again), one whose events were all refused gets its refusals.
// A batcher given `gatherMs` (secret ballots, ballots-route.ts: each group rebuilds the whole
// ballots' file) also waits, before taking a group, until as many requests wait as there were
// when the last group was answered (its own and those that came meanwhile), or `gatherMs` has
// passed: without it, the first clients to come back after a group went on their own (a rebuild
// for a few ballots) and the rest formed the next.
import { DEFAULT_FUTURE_TOLERANCE_MS } from '@veche/store'
import type { Ledger, SubmitOutcome, SubmitReport } from '@veche/store'

interface Waiting {
  readonly inputs: readonly unknown[]
  resolve(outcomes: readonly SubmitOutcome[]): void
  reject(error: unknown): void
}

/** Events per grouped submission at most (a group never splits a request). */
export const MAX_GROUP = 2_000

/** Told each written group (its inputs and their outcomes) before any of it is answered. */
export type PassOn = (
  inputs: readonly unknown[],
  outcomes: readonly SubmitOutcome[],
) => Promise<void>

export class SubmissionBatcher {
  readonly #ledger: Ledger
  readonly #passOn: PassOn | undefined
  readonly #gatherMs: number
  readonly #futureToleranceMs: number
  #waiting: Waiting[] = []
  #running = false
  /** Requests of the last group answered and those waiting then: what #gather waits for. */
  #expected = 1
  /** Called on each new request while a group is being gathered. */
  #arrived: (() => void) | null = null
  /** Settles when every group taken so far is answered (groups are answered in order). */
  #answered: Promise<void> = Promise.resolve()

  /** `futureToleranceMs`: how far ahead of this hub's clock a claimed time may be (`refuseClaimedFuture`). */
  constructor(
    ledger: Ledger,
    passOn?: PassOn,
    gatherMs = 0,
    futureToleranceMs = DEFAULT_FUTURE_TOLERANCE_MS,
  ) {
    this.#ledger = ledger
    this.#passOn = passOn
    this.#gatherMs = gatherMs
    this.#futureToleranceMs = futureToleranceMs
  }

  /** Submits `inputs` per event, possibly grouped with other requests; resolves to its outcomes. */
  submit(inputs: readonly unknown[]): Promise<readonly SubmitOutcome[]> {
    return new Promise((resolve, reject) => {
      this.#waiting.push({ inputs, resolve, reject })
      this.#arrived?.()
      if (!this.#running) {
        this.#running = true
        setImmediate(() => void this.#drain())
      }
    })
  }

  async #drain(): Promise<void> {
    while (this.#waiting.length > 0) {
      await this.#gather()
      const group: Waiting[] = []
      let size = 0
      while (this.#waiting.length > 0) {
        const next = this.#waiting[0]!
        if (group.length > 0 && size + next.inputs.length > MAX_GROUP) break
        group.push(this.#waiting.shift()!)
        size += next.inputs.length
      }
      const inputs = group.flatMap((w) => w.inputs)
      let appending: () => void = () => undefined
      const started = new Promise<void>((resolve) => (appending = resolve))
      // Clients submit here directly: a close that would leave out ballots this hub holds is
      // refused so that its closer closes again (see `refuseStaleClose`), and a ballot that
      // arrives after its poll's deadline by this hub's clock is refused (`refuseLateBallot`), and
      // so is an event claiming a time too far ahead of that clock (`refuseClaimedFuture`).
      const now = Date.now()
      const submitted = this.#ledger.submit(inputs, {
        refuseStaleCloses: true,
        refuseLateBallotsAt: now,
        refuseFutureClaims: { now, toleranceMs: this.#futureToleranceMs },
        onAppending: () => appending(),
      })
      // Answered in submission order, each group once its own submission is durable.
      this.#answered = this.#answered.then(() => this.#answer(group, inputs, submitted))
      // The next group is taken as soon as this one's append has started (or it ended without
      // one): it is parsed and its signatures checked while this one is written and synced, and
      // the ledger applies it once this one is durable. Taken earlier (when this one is taken),
      // groups were half as large, with twice the commits (BENCHMARKS.md, "next pass").
      await Promise.race([started, submitted.then(nothing, nothing)])
      // Lets the requests that came in meanwhile be parsed and join the next group.
      await new Promise((resolve) => setImmediate(resolve))
    }
    this.#running = false
  }

  /** Answers each request of `group` with its own outcomes once `submitted` settles. */
  async #answer(
    group: readonly Waiting[],
    inputs: readonly unknown[],
    submitted: Promise<SubmitReport>,
  ): Promise<void> {
    try {
      const report = await submitted
      let failure: { error: unknown } | null = null
      if (this.#passOn !== undefined) {
        try {
          await this.#passOn(inputs, report.outcomes)
        } catch (error) {
          failure = { error }
        }
      }
      let at = 0
      for (const w of group) {
        const outcomes = report.outcomes.slice(at, at + w.inputs.length)
        at += w.inputs.length
        if (failure !== null && outcomes.some((o) => o.status !== 'rejected')) {
          w.reject(failure.error)
        } else w.resolve(outcomes)
      }
    } catch (error) {
      for (const w of group) w.reject(error)
    }
    this.#expected = group.length + this.#waiting.length
  }

  /** Waits until #expected requests (or MAX_GROUP events) wait, or #gatherMs has passed. */
  async #gather(): Promise<void> {
    const enough = (): boolean =>
      this.#waiting.length >= this.#expected ||
      this.#waiting.reduce((n, w) => n + w.inputs.length, 0) >= MAX_GROUP
    if (this.#gatherMs <= 0 || enough()) return
    await new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer)
        this.#arrived = null
        resolve()
      }
      const timer = setTimeout(done, this.#gatherMs)
      this.#arrived = () => {
        if (enough()) done()
      }
    })
  }
}

function nothing(): void {}
