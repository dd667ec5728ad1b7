// A council decision whose close left a ballot out because its key no longer held a seat (one
// ballot per seat: the result's `unseated`) says so wherever it is read, not only in the app:
// `veche show` on the data folder, and the hub's public page of the resolution it adopted. The
// council's log is signed here and taken by a real ledger on the data folder; `veche show` and
// `veche serve` are real processes on it.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventAuthor, computeEventId, proposeClose } from '@veche/core'
import type { EventBodyInput, EventId, EventType, PublicKey, SpaceId } from '@veche/core'
import { Ledger, generateKeyPair, nodeSigner, nodeVerifier, openSqliteStore } from '@veche/store'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { cliOn, startHub } from './test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-unseated-'))
const data = join(root, 'data')
afterAll(() => rmSync(root, { recursive: true, force: true }))

const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

let council: SpaceId
let statement: EventId
let recalledBallot: EventId

/**
 * Council District, one seat for each of Riverside and Hillside (Alice delegate, Bob alternate).
 * District votes on adopting a statement: Riverside's Alice votes yes; Riverside recalls her and
 * the notice seats Bob, who votes yes, as does Hillside's Alice. The close counts yes 2 and leaves
 * the recalled Alice's ballot sealed but not counted; the statement is adopted.
 */
beforeAll(async () => {
  mkdirSync(data)
  const store = await openSqliteStore(join(data, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  let clock = 1_780_000_000_000
  const sign = async <T extends EventType>(
    author: EventAuthor,
    space: SpaceId,
    type: T,
    body: EventBodyInput<T>,
  ): Promise<EventId> => {
    const event = await author.next(space, type, body, ++clock)
    const [outcome] = (await ledger.submit([event])).outcomes
    expect(outcome, `${type}: ${JSON.stringify(outcome)}`).toMatchObject({ status: 'accepted' })
    return computeEventId(event)
  }
  const close = async (space: SpaceId, closer: EventAuthor, poll: EventId) => {
    const state = (await ledger.state(space))!
    const body = proposeClose(state, state.polls.get(poll)!, clock + 1)
    if (!body.ok) throw new Error(body.message)
    return sign(closer, space, 'poll.closed.3', body.value)
  }
  const open = (
    space: SpaceId,
    facilitator: EventAuthor,
    question: string,
    options: string[],
    subject: EventBodyInput<'poll.opened.3'>['subject'] = null,
  ) =>
    sign(facilitator, space, 'poll.opened.3', {
      question,
      subject,
      method: 'majority',
      options,
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: `seed-${++seeds}-unseated`,
    })
  let seeds = 0
  const vote = (voter: EventAuthor, space: SpaceId, poll: EventId, choice: string) =>
    sign(voter, space, 'ballot.cast', { poll, vote: { choice } })
  const author = () => new EventAuthor(nodeSigner(generateKeyPair()))

  const convenor = author()
  council = convenor.spaceFor('district')
  await sign(convenor, council, 'council.created', {
    nonce: 'district',
    name: 'District',
    description: '',
    languages: ['en'],
    founderName: 'Kenes',
    rules: {
      seats: { kind: 'fixed', perSpace: 1 },
      quorum: { ballots: 0, percent: 0 },
      defaultMethod: 'majority',
    },
  })
  const assemblies = []
  for (const name of ['Riverside', 'Hillside']) {
    const [founder, alice, bob] = [author(), author(), author()]
    const space = founder.spaceFor(name)
    await sign(founder, space, 'assembly.created', {
      nonce: name,
      name,
      description: '',
      languages: ['en'],
      founderName: 'Founder',
      rules: RULES,
    })
    for (const [member, memberName] of [
      [alice, 'Alice'],
      [bob, 'Bob'],
    ] as const)
      await sign(founder, space, 'member.admitted', { member: member.publicKey, name: memberName })
    const everyone = [founder, alice, bob]
    const join = await open(space, founder, 'Join District?', ['join', 'stay out'])
    for (const voter of everyone) await vote(voter, space, join, 'join')
    await close(space, founder, join)
    const decision = await sign(founder, space, 'council.join-decided', { council, poll: join })
    await sign(convenor, council, 'council.space-admitted', { space, decision })
    const keys: PublicKey[] = [alice.publicKey, bob.publicKey]
    const election = await open(space, founder, 'Our delegate?', keys)
    for (const voter of everyone) await vote(voter, space, election, alice.publicKey)
    await close(space, founder, election)
    const elected = await sign(founder, space, 'delegate.elected', {
      council,
      delegates: [alice.publicKey],
      alternates: [bob.publicKey],
      poll: election,
      term: 'one year',
    })
    await sign(founder, council, 'council.notice', { reference: elected })
    assemblies.push({ space, founder, alice, bob })
  }
  const [riverside, hillside] = assemblies as [(typeof assemblies)[0], (typeof assemblies)[0]]
  statement = await sign(convenor, council, 'statement.drafted', {
    language: 'en',
    title: 'The bridge',
    lead: [],
    paragraphs: ['The district builds the bridge.'],
    closing: [],
    references: [],
    notes: '',
  })
  const poll = await open(council, convenor, 'Adopt the statement?', ['yes', 'no'], {
    kind: 'statement',
    statement,
    revision: statement,
  })
  recalledBallot = await vote(riverside.alice, council, poll, 'yes')
  const recall = await sign(riverside.founder, riverside.space, 'recall.started', {
    council,
    delegate: riverside.alice.publicKey,
    reason: 'no longer trusted',
  })
  for (const voter of [riverside.founder, riverside.bob])
    await vote(voter, riverside.space, recall, 'recall')
  const recalled = await close(riverside.space, riverside.founder, recall)
  await sign(riverside.founder, council, 'council.notice', { reference: recalled })
  await vote(riverside.bob, council, poll, 'yes')
  await vote(hillside.alice, council, poll, 'yes')
  await close(council, convenor, poll)
  await sign(convenor, council, 'statement.adopted', { statement, poll })
  await store.close()
})

test('veche show: a council vote says how many ballots it left out because their keys no longer held a seat', async () => {
  const run = await cliOn(root, data).run(['show', '--space', council])
  expect(run.err).toBe('')
  expect(run.code).toBe(0)
  expect(run.out).toContain('"Adopt the statement?" (majority) closed')
  expect(run.out).toContain('yes 2, no 0')
  expect(run.out).toContain(
    `1 ballot(s) not counted: their keys no longer held a seat at the close (recalled, replaced or at the end of the term); they stay in the log (${recalledBallot})`,
  )
})

test("the hub's public page of the resolution says the same, and counts only the seated ballots", async () => {
  const hub = await startHub(data)
  try {
    const res = await fetch(`${hub.url}/r/${council}/${statement}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('The district builds the bridge.')
    expect(html).toContain(
      '<p>The poll counted 2 ballot(s); 1 ballot(s) not counted: their keys no longer held a seat at the close (recalled, replaced or at the end of the term), and they are kept in the log.</p>',
    )
  } finally {
    await hub.stop()
  }
})
