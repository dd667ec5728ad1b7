// A public assembly ("Depot", founded by Aigerim) whose seven voters rank the same options in ranked
// votes that are then closed, signed here and sent to a real hub through its API: what the browser
// tests of the count tables and the rounds chart look at.
import {
  applyEvent,
  computeEventId,
  createSpaceState,
  EventAuthor,
  proposeClose,
} from '@veche/core'
import type { EventBodyInput, EventType, SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import { expect } from 'vitest'

export interface RankedVote {
  readonly question: string
  readonly method: 'scottish-stv' | 'schulze'
  readonly seats: number
  readonly tieBreakSeed: string
}

/**
 * Founds the assembly for `nonce` with one voter per ranking, opens each vote on `options`, casts
 * the rankings, closes it, and posts all of it to the hub at `url`; returns the space.
 */
export async function sendRankedVotes(
  url: string,
  nonce: string,
  options: readonly string[],
  rankings: readonly (readonly string[])[],
  votes: readonly RankedVote[],
): Promise<SpaceId> {
  const author = () => new EventAuthor(nodeSigner(generateKeyPair()))
  const founder = author()
  const voters = rankings.map(author)
  const space = founder.spaceFor(nonce)
  const state = createSpaceState(space)
  let at = 1_780_000_000_000
  const events: SignedEvent[] = []
  const sign = async <T extends EventType>(by: EventAuthor, type: T, body: EventBodyInput<T>) => {
    const event = await by.next(space, type, body, at++)
    expect(applyEvent(state, event, computeEventId(event))).toBeNull()
    events.push(event)
    return event
  }
  await sign(founder, 'assembly.created', {
    nonce,
    name: 'Depot',
    description: '',
    languages: ['en'],
    founderName: 'Aigerim',
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: { ballots: 0, percent: 0 },
      defaultMethod: 'majority',
      visibility: 'public',
    },
  })
  for (const [i, v] of voters.entries())
    await sign(founder, 'member.admitted', { member: v.publicKey, name: `Voter ${i + 1}` })
  for (const { question, method, seats, tieBreakSeed } of votes) {
    const opened = await sign(founder, 'poll.opened.3', {
      question,
      subject: null,
      method,
      options: [...options],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats,
      scoreRange: null,
      tieBreakSeed,
    })
    const poll = computeEventId(opened)
    for (const [i, v] of voters.entries())
      await sign(v, 'ballot.cast', { poll, vote: { ranking: [...rankings[i]!] } })
    const close = proposeClose(state, state.polls.get(poll)!, at)
    if (!close.ok) throw new Error(close.message)
    await sign(founder, 'poll.closed.3', close.value)
  }
  const response = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  expect(await response.json()).toMatchObject({ rejected: 0 })
  return space
}
