// A client of a running hub for the federation tests: it signs events with `EventAuthor`, applies
// them on a mirror ledger of its own (so it can count a close as any client would) and posts them
// to `POST /api/events` in batches; it pulls what others made into the mirror by sync.
import { expect } from 'vitest'
import { computeEventId, EventAuthor, proposeClose } from '@veche/core'
import type { EventId, PollSubject, SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import type { Ledger } from '@veche/store'
import { syncWithPeer } from '@veche/server'

let last = 0
/** A claimed time: now, and always later than the one before. */
export function tick(): number {
  last = Math.max(Date.now(), last + 1)
  return last
}

/** A new author with a fresh key. */
export function newAuthor(): EventAuthor {
  return new EventAuthor(nodeSigner(generateKeyPair()))
}

/** An API problem document, with its HTTP status. */
export interface Problem {
  readonly status: number
  readonly code: string
  readonly detail: string
}

/** A poll to open and the votes to cast in it. */
export interface PollPlan {
  readonly space: SpaceId
  readonly by: EventAuthor
  readonly question: string
  readonly method: 'majority' | 'scottish-stv'
  readonly options: readonly string[]
  readonly seats?: number
  /** What the poll decides: a `poll.opened.3` naming it; without, a `poll.opened.2` about nothing. */
  readonly subject?: PollSubject
  readonly votes: readonly (readonly [EventAuthor, unknown])[]
}

export class HubClient {
  readonly #url: string
  readonly #mirror: Ledger

  constructor(url: string, mirror: Ledger) {
    this.#url = url
    this.#mirror = mirror
  }

  get mirror(): Ledger {
    return this.#mirror
  }

  /** Applies `events` on the mirror; all must pass. */
  async local(events: readonly SignedEvent[]): Promise<EventId[]> {
    const report = await this.#mirror.submit(events)
    for (const o of report.outcomes) {
      if (o.status !== 'accepted') throw new Error(`mirror: ${JSON.stringify(o)}`)
    }
    return report.outcomes.map((o) => (o as { id: EventId }).id)
  }

  /** Posts `events` to the hub in batches of 1,000; all must be accepted. */
  async post(events: readonly SignedEvent[]): Promise<void> {
    for (let k = 0; k < events.length; k += 1_000) {
      const batch = events.slice(k, k + 1_000)
      const response = await fetch(`${this.#url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events: batch }),
      })
      const body = (await response.json()) as { accepted: number }
      expect(response.status, JSON.stringify(body).slice(0, 500)).toBe(200)
      expect(body.accepted).toBe(batch.length)
    }
  }

  /** Applies `events` on the mirror, then posts them to the hub. */
  async send(events: readonly SignedEvent[]): Promise<EventId[]> {
    const ids = await this.local(events)
    await this.post(events)
    return ids
  }

  /** Posts one event the hub must refuse; returns its problem document. */
  async refused(by: EventAuthor, event: SignedEvent): Promise<Problem> {
    const response = await fetch(`${this.#url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    })
    expect(response.headers.get('content-type')).toContain('application/problem+json')
    const problem = { ...((await response.json()) as Problem), status: response.status }
    // A refused event leaves its author's chain where it was.
    await this.resume(by, event.space)
    return problem
  }

  /** Brings what others made in `spaces` into the mirror. */
  async pull(spaces: readonly SpaceId[]): Promise<void> {
    await syncWithPeer(this.#mirror, this.#url, { spaces })
  }

  /** `author` continues from its latest event in `space` as the mirror holds it. */
  async resume(author: EventAuthor, space: SpaceId): Promise<void> {
    author.follow(space, (await this.#mirror.state(space))?.heads.get(author.publicKey) ?? null)
  }

  /** The hub's view of `space` (`GET /api/spaces/:id`). */
  async view<T>(space: SpaceId): Promise<T> {
    return (await (await fetch(`${this.#url}/api/spaces/${space}`)).json()) as T
  }

  /**
   * The close `closer` would sign now (`poll.closed.3`, as the CLI and the app sign it): each voter's
   * latest ballot, counted as every hub will.
   */
  async closeOf(space: SpaceId, closer: EventAuthor, poll: EventId): Promise<SignedEvent> {
    const state = (await this.#mirror.state(space))!
    const at = tick()
    const close = proposeClose(state, state.polls.get(poll)!, at)
    if (!close.ok) throw new Error(close.message)
    return closer.next(space, 'poll.closed.3', close.value, at)
  }

  /** Opens each poll and casts its votes, all in one batch; returns the poll ids. */
  async openAndVote(polls: readonly PollPlan[]): Promise<EventId[]> {
    const events: SignedEvent[] = []
    const ids: EventId[] = []
    for (const p of polls) {
      const fields = {
        question: p.question,
        method: p.method,
        options: [...p.options],
        voters: 'members' as const,
        threshold: { num: 1, den: 2 },
        seats: p.seats ?? 1,
        scoreRange: null,
        tieBreakSeed: `seed-${events.length.toString().padStart(6, '0')}`,
      }
      const opened =
        p.subject === undefined
          ? await p.by.next(p.space, 'poll.opened.2', { ...fields, proposal: null }, tick())
          : await p.by.next(p.space, 'poll.opened.3', { ...fields, subject: p.subject }, tick())
      const poll = computeEventId(opened)
      ids.push(poll)
      events.push(opened)
      for (const [voter, vote] of p.votes) {
        events.push(await voter.next(p.space, 'ballot.cast', { poll, vote }, tick()))
      }
    }
    await this.send(events)
    return ids
  }
}
