// One key closing a poll at its deadline from two places (docs/events.md, "Deadlines"): a real
// hub, tending as the poll's opener with `veche serve --tend`'s own code (`closePassedDeadlines`),
// and a second signer of the same key that does what the opener's open web app does at the
// deadline: it folds the events the hub serves over HTTP, signs the close of the poll from what it
// folded, and sends it to the hub's POST /api/events. Before, the two closes claimed each device's
// own time, so they always differed: the hub kept the second as fork evidence and held back every
// later event of the opener until a facilitator resolved the fork.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  applyEvent,
  computeEventId,
  createSpaceState,
  draftNext,
  EventAuthor,
  hashSpaceState,
  parseEvent,
  proposeCloseAt,
  signEvent,
} from '@veche/core'
import type { EventId, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import { createHub } from '@veche/server'
import { generateKeyPair, Ledger, nodeSigner, nodeVerifier, openSqliteStore } from '@veche/store'
import { afterAll, expect, test } from 'vitest'
import { closePassedDeadlines } from './deadline-closing.js'
import type { Identity } from './identities.js'

const root = mkdtempSync(join(tmpdir(), 'veche-deadline-one-key-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

interface Outcome {
  readonly status: string
  readonly code?: string
}

/** A real hub on a fresh SQLite file, on a loopback port. */
async function startHub(name: string) {
  const store = await openSqliteStore(join(root, `${name}.db`))
  const ledger = new Ledger(store, nodeVerifier)
  const hub = await createHub({ log: false, ledger })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  const post = async (events: readonly SignedEvent[]): Promise<Outcome[]> => {
    const response = await fetch(`${url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    })
    return ((await response.json()) as { outcomes: Outcome[] }).outcomes
  }
  /** What the app holds: the space's events as the hub serves them, folded as the app folds. */
  const replica = async (space: SpaceId): Promise<SpaceState> => {
    const page = (await (await fetch(`${url}/api/spaces/${space}/events?limit=1000`)).json()) as {
      events: { event: unknown }[]
    }
    const state = createSpaceState(space)
    for (const { event } of page.events) {
      const parsed = parseEvent(event, { oldTexts: 'report' })
      if (!parsed.ok) throw new Error(parsed.message)
      expect(applyEvent(state, parsed.value.event, parsed.value.id)).toBeNull()
    }
    return state
  }
  const stop = async () => {
    await hub.close()
    await store.close()
  }
  return { ledger, post, replica, stop }
}

/** The opener's app closing `poll` at `now` from `state`, as AssemblyActions.closePoll signs it. */
async function appClose(opener: EventAuthor, state: SpaceState, poll: EventId, now: number) {
  const close = proposeCloseAt(state, state.polls.get(poll)!, now)
  if (!close.ok) throw new Error(close.message)
  const { at, body } = close.value
  return signEvent(
    draftNext(state, state.space, opener.publicKey, 'poll.closed.3', body, at),
    opener.signer,
  )
}

test('one key tending from a hub and from the app at a deadline: the second close is a duplicate, or refused when it saw other ballots, never a fork', async () => {
  const hub = await startHub('one-key')
  try {
    const pair = generateKeyPair()
    const opener = new EventAuthor(nodeSigner(pair))
    const me: Identity = { name: 'aigerim', publicKey: opener.publicKey, signer: opener.signer }
    const [v1, v2] = [generateKeyPair(), generateKeyPair()].map(
      (p) => new EventAuthor(nodeSigner(p)),
    )
    const nonce = 'deadline-one-key'
    const space = opener.spaceFor(nonce)
    // Ballots go through the hub's POST, which refuses them after the deadline by its own clock.
    const t0 = Date.now()
    const deadlines = [t0 + 10 * 60_000, t0 + 20 * 60_000] as const
    const setup = [
      await opener.next(
        space,
        'assembly.created',
        { nonce, name: 'Hall', description: '', languages: ['en'], founderName: 'A', rules: RULES },
        t0,
      ),
      await opener.next(space, 'member.admitted', { member: v1!.publicKey, name: 'V1' }, t0 + 1),
      await opener.next(space, 'member.admitted', { member: v2!.publicKey, name: 'V2' }, t0 + 2),
    ]
    const openPoll = (question: string, closesAt: number) =>
      opener.next(
        space,
        'poll.opened.3',
        {
          question,
          subject: null,
          method: 'majority',
          options: ['yes', 'no'],
          voters: 'members',
          threshold: { num: 1, den: 2 },
          seats: 1,
          scoreRange: null,
          tieBreakSeed: 'deadline-one-key',
          closesAt,
        },
        t0 + 3,
      )
    const first = await openPoll('Strike on Monday?', deadlines[0])
    const second = await openPoll('Occupy the depot?', deadlines[1])
    const [p1, p2] = [computeEventId(first), computeEventId(second)]
    const vote = (voter: EventAuthor, poll: EventId, at: number) =>
      voter.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, at)
    const ballots = [await vote(v1!, p1, t0 + 4), await vote(v1!, p2, t0 + 5)]
    for (const o of await hub.post([...setup, first, second, ...ballots]))
      expect(o.status).toBe('accepted')
    const problems: string[] = []
    const reports = {
      onClosed: () => undefined,
      onProblem: (_: SpaceId, __: EventId | null, message: string) => problems.push(message),
    }

    // Poll 1: both devices hold the same ballots. The hub's tender wakes 1 ms after the deadline;
    // the app's timer, on its own clock, most of a second later.
    const app1 = await hub.replica(space)
    await closePassedDeadlines(hub.ledger, me, space, deadlines[0] + 1, reports)
    expect(problems).toEqual([])
    expect((await hub.ledger.state(space))!.polls.get(p1)!.status).toBe('closed')
    const fromApp1 = await appClose(opener, app1, p1, deadlines[0] + 800)
    expect(await hub.post([fromApp1])).toMatchObject([{ status: 'duplicate' }])

    // Poll 2: a ballot reaches the hub just before the deadline, and the app signs its close
    // before the hub's stream brought it that ballot: two different closes at one seq.
    const app2 = await hub.replica(space)
    expect(await hub.post([await vote(v2!, p2, t0 + 6)])).toMatchObject([{ status: 'accepted' }])
    await closePassedDeadlines(hub.ledger, me, space, deadlines[1] + 1, reports)
    expect(problems).toEqual([])
    const closed = (await hub.ledger.state(space))!.polls.get(p2)!
    expect(closed.sealed).toHaveLength(2)
    const fromApp2 = await appClose(opener, app2, p2, deadlines[1] + 300)
    // The tender's close is the opener's head at the hub: the app's takes the same seq.
    const head = (await hub.ledger.state(space))!.heads.get(opener.publicKey)!
    expect(head).toMatchObject({ seq: fromApp2.seq, head: closed.close!.id })
    expect(computeEventId(fromApp2)).not.toBe(closed.close!.id)
    expect(await hub.post([fromApp2])).toMatchObject([
      { status: 'rejected', code: 'poll.closed-by-author' },
    ])

    // Neither race left fork evidence, and the opener's next event (from the app, which now holds
    // the hub's closes) is accepted, not held back.
    expect(await hub.ledger.store.forks(space)).toEqual([])
    const later = await hub.replica(space)
    opener.follow(space, later.heads.get(opener.publicKey)!)
    const proposal = await opener.next(
      space,
      'proposal.submitted',
      { title: 'Next steps', text: 'Meet on Tuesday.' },
      deadlines[1] + 5_000,
    )
    expect(await hub.post([proposal])).toMatchObject([{ status: 'accepted' }])
    // The app's copy folds to the hub's state.
    expect(hashSpaceState(await hub.replica(space))).toBe(
      hashSpaceState((await hub.ledger.state(space))!),
    )
  } finally {
    await hub.stop()
  }
})
