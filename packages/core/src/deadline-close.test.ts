// The deadline close (deadline-close.ts): after a poll's deadline every closer signs a function of
// the ballots it holds, so a voter's later event of another kind, which one device holds and
// another not yet, and the moment each closer's timer fired, change nothing; the fold accepts it.
import { expect, test } from 'vitest'
import { applyEvent } from './apply-event.js'
import { closeClaimedAt, proposeCloseAt } from './deadline-close.js'
import { EventAuthor } from './event-author.js'
import { computeEventId, draftNext, signEvent } from './signing.js'
import { replica, twoFacilitatorHall } from './test-support/two-facilitators.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'

test('deadline close: claimed at the deadline with each voter’s latest ballot as its view, the same from two devices holding the same ballots; before the deadline, the closer’s own time', async () => {
  const voters = [
    new EventAuthor(await generateWebCryptoSigner()),
    new EventAuthor(await generateWebCryptoSigner()),
  ]
  const hall = await twoFacilitatorHall('deadline-close-1', voters)
  const { f1, space, setup } = hall
  let t = hall.clock
  const closesAt = t + 100
  const opened = await f1.next(
    space,
    'poll.opened.3',
    {
      question: 'Strike?',
      subject: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: 'deadline-close',
      closesAt,
    },
    t++,
  )
  const poll = computeEventId(opened)
  const ballots = [
    await voters[0]!.next(space, 'ballot.cast', { poll, vote: { choice: 'yes' } }, t++),
    await voters[1]!.next(space, 'ballot.cast', { poll, vote: { choice: 'no' } }, t++),
    await voters[0]!.next(space, 'ballot.cast', { poll, vote: { choice: 'no' } }, t++),
  ]
  // After voting, one voter proposes something: the hub holds it, the app not yet.
  const later = await voters[1]!.next(
    space,
    'proposal.submitted',
    { title: 'Next', text: 'Meet again.' },
    closesAt + 5,
  )
  const hub = replica(space, [...setup, opened, ...ballots, later]).state
  const app = replica(space, [...setup, opened, ...ballots]).state

  const early = proposeCloseAt(hub, hub.polls.get(poll)!, closesAt - 10)
  expect(early.ok && early.value.at).toBe(closesAt - 10)
  expect(closeClaimedAt(hub.polls.get(poll)!, closesAt)).toBe(closesAt)

  const fromHub = proposeCloseAt(hub, hub.polls.get(poll)!, closesAt + 1)
  const fromApp = proposeCloseAt(app, app.polls.get(poll)!, closesAt + 900)
  if (!fromHub.ok || !fromApp.ok) throw new Error('cannot close')
  expect(fromHub.value).toEqual(fromApp.value)
  expect(fromHub.value.at).toBe(closesAt)
  expect(fromHub.value.body.seen).toEqual({
    [voters[0]!.publicKey]: 2,
    [voters[1]!.publicKey]: 1,
  })
  const sign = (state: typeof hub, close: typeof fromHub.value) =>
    signEvent(
      draftNext(state, space, f1.publicKey, 'poll.closed.3', close.body, close.at),
      f1.signer,
    )
  const [a, b] = [await sign(hub, fromHub.value), await sign(app, fromApp.value)]
  expect(computeEventId(a)).toBe(computeEventId(b))
  expect(applyEvent(hub, a, computeEventId(a))).toBeNull()
  expect(hub.polls.get(poll)!.sealed).toEqual(
    [computeEventId(ballots[1]!), computeEventId(ballots[2]!)].sort(),
  )
})
