// A member space's decisions about a council rest on a poll about exactly that decision: joining
// or leaving this council, this position on this council poll, this referral's answer
// (`poll.opened.3` subjects; `council.join-decided.2`, `council.leave-decided.2`,
// `mandate.decided.2`, `referral.answered.2`). Through the ledger on a real SQLite store; a log of
// the first versions, which cite polls about nothing, still verifies.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { hashSpaceState } from '@veche/core'
import type { EventAuthor, EventBodyInput, EventId, EventType, SpaceId } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import type { SubmitOutcome } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { foundAssembly, submitAll, submitOne } from './test-support/assembly-fixture.js'
import {
  decide,
  electDelegates,
  foundCouncil,
  joinCouncil,
  notice,
  tick,
} from './test-support/federation-fixture.js'
import type { Body } from './test-support/federation-fixture.js'

let dir: string
let store: EventStore
let ledger: Ledger
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'veche-decision-subject-'))
  store = await openSqliteStore(join(dir, 'veche.db'))
  ledger = new Ledger(store, nodeVerifier)
})
afterEach(async () => {
  await store.close()
  rmSync(dir, { recursive: true, force: true })
})

async function assembly(): Promise<Body & { alice: EventAuthor; bob: EventAuthor }> {
  const { space, founder, alice, bob } = await foundAssembly(ledger)
  return { space, facilitator: founder, voters: [founder, alice, bob], alice, bob }
}

/** Signs and submits one event; a refused one leaves the author's chain where it was. */
async function attempt<T extends EventType>(
  author: EventAuthor,
  space: SpaceId,
  type: T,
  body: EventBodyInput<T>,
): Promise<SubmitOutcome> {
  const outcome = await submitOne(ledger, await author.next(space, type, body, tick()))
  if (outcome.status !== 'accepted') {
    const head = (await ledger.state(space))!.heads.get(author.publicKey)
    author.follow(space, head ?? null)
  }
  return outcome
}

function code(outcome: SubmitOutcome): string {
  return outcome.status === 'rejected' ? outcome.code : outcome.status
}

/** A majority poll of `body` on `subject` (none: about nothing), adopted by every voter. */
function adopt(body: Body, subject?: Parameters<typeof decide>[3]['subject']): Promise<EventId> {
  return decide(
    ledger,
    body.space,
    body.facilitator,
    { method: 'majority', options: ['yes', 'no'], ...(subject === undefined ? {} : { subject }) },
    body.voters.map((v) => [v, { choice: 'yes' }] as const),
  )
}

test('joining and leaving: only a poll on joining (leaving) this council decides it', async () => {
  const a = await assembly()
  const { council } = await foundCouncil(ledger, 'City')
  const other = await foundCouncil(ledger, 'Other')
  const kettle = await adopt(a)
  const joinOther = await adopt(a, { kind: 'join', council: other.council })
  const leaveCity = await adopt(a, { kind: 'leave', council })
  for (const poll of [kettle, joinOther, leaveCity]) {
    const refused = await attempt(a.facilitator, a.space, 'council.join-decided.2', {
      council,
      poll,
    })
    expect(refused).toMatchObject({ status: 'rejected', code: 'decision.wrong-subject' })
  }
  // The first version, kept for old logs, takes no poll on another council decision either.
  const old = await attempt(a.facilitator, a.space, 'council.join-decided', {
    council,
    poll: joinOther,
  })
  expect(code(old)).toBe('decision.wrong-subject')

  const joinCity = await adopt(a, { kind: 'join', council })
  expect(
    code(
      await attempt(a.facilitator, a.space, 'council.join-decided.2', { council, poll: kettle }),
    ),
  ).toBe('decision.wrong-subject')
  expect(
    code(
      await attempt(a.facilitator, a.space, 'council.join-decided.2', { council, poll: joinCity }),
    ),
  ).toBe('accepted')
  for (const poll of [kettle, joinCity]) {
    const refused = await attempt(a.facilitator, a.space, 'council.leave-decided.2', {
      council,
      poll,
    })
    expect(code(refused)).toBe('decision.wrong-subject')
  }
  expect(
    code(
      await attempt(a.facilitator, a.space, 'council.leave-decided.2', {
        council,
        poll: leaveCity,
      }),
    ),
  ).toBe('accepted')
  const tie = (await ledger.state(a.space))!.federation.ties.get(council)!
  expect(tie.left).not.toBeNull()
})

test('a poll on joining is a yes-or-no poll about another space', async () => {
  const a = await assembly()
  const { council } = await foundCouncil(ledger, 'City')
  const base = {
    question: 'Join?',
    voters: 'members',
    threshold: { num: 1, den: 2 },
    scoreRange: null,
    tieBreakSeed: 'seed-000002',
  } as const
  const stv = await attempt(a.facilitator, a.space, 'poll.opened.3', {
    ...base,
    subject: { kind: 'join', council },
    method: 'scottish-stv',
    options: ['yes', 'no'],
    seats: 1,
  })
  expect(code(stv)).toBe('poll.bad-options')
  const itself = await attempt(a.facilitator, a.space, 'poll.opened.3', {
    ...base,
    subject: { kind: 'join', council: a.space },
    method: 'majority',
    options: ['yes', 'no'],
    seats: 1,
  })
  expect(code(itself)).toBe('council.not-joined')
})

test('a mandate rests on a poll on that position on that council poll', async () => {
  const a = await assembly()
  const city = await foundCouncil(ledger, 'City')
  const council = city.council
  await joinCouncil(ledger, a, city)
  await electDelegates(ledger, a, council, [a.alice], [a.bob], a.alice)
  const [councilPoll, otherPoll] = await submitAll(ledger, [
    await city.convenor.next(
      council,
      'poll.opened.2',
      {
        question: 'Night buses?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'night-bus-1',
      },
      tick(),
    ),
    await city.convenor.next(
      council,
      'poll.opened.2',
      {
        question: 'Day buses?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'day-bus-01',
      },
      tick(),
    ),
  ])
  const mandate = (poll: EventId, position: 'for' | 'against') => ({
    kind: 'mandate' as const,
    council,
    councilPoll: poll,
    position,
  })
  const kettle = await adopt(a)
  const against = await adopt(a, mandate(councilPoll!, 'against'))
  const otherCouncilPoll = await adopt(a, mandate(otherPoll!, 'for'))
  const body = (poll: EventId) =>
    ({ council, councilPoll: councilPoll!, position: 'for', poll }) as const
  for (const poll of [kettle, against, otherCouncilPoll]) {
    const refused = await attempt(a.facilitator, a.space, 'mandate.decided.2', body(poll))
    expect(code(refused)).toBe('decision.wrong-subject')
  }
  const forIt = await adopt(a, mandate(councilPoll!, 'for'))
  const accepted = await attempt(a.facilitator, a.space, 'mandate.decided.2', body(forIt))
  expect(code(accepted)).toBe('accepted')
  // The council takes note of it as of the first version.
  await notice(ledger, a.alice, council, (accepted as { id: EventId }).id)
  const record = (await ledger.state(council))!.council!.spaces.get(a.space)!
  expect(record.mandates.get(councilPoll!)?.position).toBe('for')
})

test("a referral is answered by a poll on that referral, and one poll's counts answer one referral", async () => {
  const a = await assembly()
  const city = await foundCouncil(ledger, 'City')
  const council = city.council
  await joinCouncil(ledger, a, city)
  const [motion1, motion2] = await submitAll(ledger, [
    await city.convenor.next(
      council,
      'proposal.submitted',
      { title: 'Rent cap', text: 'Cap rents.' },
      tick(),
    ),
    await city.convenor.next(
      council,
      'proposal.submitted',
      { title: 'Bike lanes', text: 'Build them.' },
      tick(),
    ),
  ])
  const [rent, bikes] = await submitAll(ledger, [
    await city.convenor.next(
      council,
      'referral.opened',
      { motion: motion1!, rule: 'both' },
      tick(),
    ),
    await city.convenor.next(
      council,
      'referral.opened',
      { motion: motion2!, rule: 'both' },
      tick(),
    ),
  ])
  const answer = (referral: EventId, poll: EventId) =>
    ({ council, referral, poll, for: 3, against: 0, abstain: 0 }) as const
  const kettle = await adopt(a)
  expect(
    code(await attempt(a.facilitator, a.space, 'referral.answered.2', answer(rent!, kettle))),
  ).toBe('decision.wrong-subject')
  const onRent = await adopt(a, { kind: 'referral', council, referral: rent! })
  expect(
    code(await attempt(a.facilitator, a.space, 'referral.answered.2', answer(rent!, onRent))),
  ).toBe('accepted')
  // The same counts for the other referral: refused, in either version.
  expect(
    code(await attempt(a.facilitator, a.space, 'referral.answered.2', answer(bikes!, onRent))),
  ).toBe('decision.wrong-subject')
  expect(
    code(await attempt(a.facilitator, a.space, 'referral.answered', answer(bikes!, onRent))),
  ).toBe('decision.wrong-subject')
  const onBikes = await adopt(a, { kind: 'referral', council, referral: bikes! })
  expect(
    code(await attempt(a.facilitator, a.space, 'referral.answered.2', answer(bikes!, onBikes))),
  ).toBe('accepted')
})

test('a log of the first versions, citing polls about nothing, is taken and verifies as before', async () => {
  const a = await assembly()
  const city = await foundCouncil(ledger, 'City')
  const council = city.council
  await joinCouncil(ledger, a, city, 1)
  await electDelegates(ledger, a, council, [a.alice], [a.bob], a.alice)
  const [councilPoll, motion] = await submitAll(ledger, [
    await city.convenor.next(
      council,
      'poll.opened.2',
      {
        question: 'Night buses?',
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        seats: 1,
        scoreRange: null,
        tieBreakSeed: 'night-bus-1',
      },
      tick(),
    ),
    await city.convenor.next(
      council,
      'proposal.submitted',
      { title: 'Rent cap', text: 'Cap rents.' },
      tick(),
    ),
  ])
  const [referral] = await submitAll(ledger, [
    await city.convenor.next(council, 'referral.opened', { motion: motion!, rule: 'both' }, tick()),
  ])
  const kettle = await adopt(a)
  const [mandate, answered, left] = await submitAll(ledger, [
    await a.facilitator.next(
      a.space,
      'mandate.decided',
      { council, councilPoll: councilPoll!, position: 'for', poll: kettle },
      tick(),
    ),
    await a.facilitator.next(
      a.space,
      'referral.answered',
      { council, referral: referral!, poll: kettle, for: 3, against: 0, abstain: 0 },
      tick(),
    ),
    await a.facilitator.next(a.space, 'council.leave-decided', { council, poll: kettle }, tick()),
  ])
  for (const reference of [mandate!, answered!, left!])
    await notice(ledger, a.alice, council, reference)
  const verdicts = await verifyStore(store, nodeVerifier)
  expect(verdicts).toHaveLength(2)
  for (const v of verdicts) {
    expect(v.fault).toBeNull()
    expect(v.hash).toBe(hashSpaceState((await ledger.state(v.space))!))
  }
  expect((await ledger.state(council))!.council!.spaces.get(a.space)?.status).toBe('left')
})
