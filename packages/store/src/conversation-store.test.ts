// Conversations through the ledger, on each store (SQLite always; PostgreSQL when VECHE_TEST_PG is
// set): statements submitted, accepted and rejected, votes changed, an imported conversation; the
// state and the opinion map survive a reopen and `verify`, and a second hub receiving the events in
// another order (parked until what they need arrives, as sync and bundles deliver them) ends with
// the same state hash and the same map.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { conversationOpinionMap, describeSpace, hashSpaceState } from '@veche/core'
import type {
  EventAuthor,
  EventBodyInput,
  EventId,
  EventType,
  SignedEvent,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { openPostgresStore, openSqliteStore } from './adapters.js'
import type { EventStore } from './event-store.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { verifyStore } from './verify-store.js'
import { foundAssembly, newAuthor, submitOne, T0 } from './test-support/assembly-fixture.js'

const root = mkdtempSync(join(tmpdir(), 'veche-conversation-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))
let files = 0

const pgUrl = process.env.VECHE_TEST_PG

interface Opened {
  store: EventStore
  reopen: () => Promise<EventStore>
  cleanup: () => Promise<void>
}

const ADAPTERS: readonly { name: string; open: () => Promise<Opened> }[] = [
  {
    name: 'sqlite',
    async open() {
      const file = join(root, `hub-${++files}.db`)
      return {
        store: await openSqliteStore(file),
        reopen: () => openSqliteStore(file),
        cleanup: () => Promise.resolve(),
      }
    },
  },
  ...(pgUrl === undefined
    ? []
    : [
        {
          name: 'postgres',
          async open(): Promise<Opened> {
            const schema = `conversation_${Date.now()}_${Math.floor(Math.random() * 1e9)}`
            return {
              store: await openPostgresStore(pgUrl, { schema }),
              reopen: () => openPostgresStore(pgUrl, { schema }),
              cleanup: async () => {
                const { default: pg } = await import('pg')
                const client = new pg.Client({ connectionString: pgUrl })
                await client.connect()
                await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
                await client.end()
              },
            }
          },
        },
      ]),
]

function mapOf(state: SpaceState, conversation: EventId): string {
  return JSON.stringify(conversationOpinionMap(state.conversations.get(conversation)!))
}

for (const adapter of ADAPTERS) {
  test(`conversations on ${adapter.name}: stored, replayed, verified and received in another order alike`, async () => {
    const opened = await adapter.open()
    let store = opened.store
    const ledger = new Ledger(store, nodeVerifier)
    const { space, founder, alice, bob } = await foundAssembly(ledger)
    const voters = [alice, bob, newAuthor(), newAuthor(), newAuthor()]
    const events: SignedEvent[] = []
    let at = T0 + 100
    const act = async <T extends EventType>(
      author: EventAuthor,
      type: T,
      body: EventBodyInput<T>,
    ): Promise<EventId> => {
      const event = await author.next(space, type, body, at++)
      const outcome = await submitOne(ledger, event)
      if (outcome.status !== 'accepted') throw new Error(JSON.stringify(outcome))
      events.push(event)
      return outcome.id
    }
    for (const [i, voter] of voters.slice(2).entries())
      await act(founder, 'member.admitted', { member: voter.publicKey, name: `Voter ${i}` })

    const conversation = await act(founder, 'conversation.opened', {
      question: 'What should the library do on weekends?',
      source: null,
    })
    const proposed = await act(alice, 'conversation.statement-submitted', {
      conversation,
      text: 'Open on Sundays',
    })
    await act(founder, 'conversation.statement-accepted', { conversation, statement: proposed })
    const statements = [proposed]
    for (const text of ['Host a repair café', 'Lend tools', 'Stay closed'])
      statements.push(
        await act(founder, 'conversation.statement-submitted', { conversation, text }),
      )
    const spam = await act(bob, 'conversation.statement-submitted', {
      conversation,
      text: 'Buy now',
    })
    await act(founder, 'conversation.statement-rejected', {
      conversation,
      statement: spam,
      reason: 'Advertising',
    })
    for (const [i, voter] of voters.entries()) {
      for (const [s, statement] of statements.entries())
        await act(voter, 'conversation.voted', {
          conversation,
          statement,
          vote: i < 2 === s < 2 ? 1 : s === 3 ? 0 : -1,
        })
    }
    await act(alice, 'conversation.voted', { conversation, statement: statements[3]!, vote: -1 })
    // refused through the ledger with their codes, and nothing stored
    const count = await store.count()
    for (const [body, code] of [
      [{ conversation, statement: spam, vote: 1 }, 'conversation.statement-rejected'],
      [{ conversation, statement: statements[0]!, vote: 5 }, 'conversation.bad-vote'],
    ] as const) {
      const outcome = await submitOne(
        ledger,
        await voters[4]!.next(space, 'conversation.voted', body, at),
      )
      expect(outcome).toMatchObject({ status: 'rejected', code })
      voters[4]!.follow(space, (await ledger.state(space))!.heads.get(voters[4]!.publicKey)!)
    }
    expect(await store.count()).toBe(count)

    const imported = await act(founder, 'conversation.opened', {
      question: 'UberX',
      source: { kind: 'polis', name: 'uberx', digest: 'b'.repeat(64) },
    })
    await act(founder, 'conversation.statements-imported', {
      conversation: imported,
      statements: ['0', '1', '2'].map((source) => ({
        source,
        text: `Idea ${source}`,
        excluded: false,
      })),
    })
    await act(founder, 'conversation.votes-imported', {
      conversation: imported,
      votes: ['10', '11', '12', '13'].flatMap((p, i) =>
        ['0', '1', '2'].map(
          (s, j) => [p, s, i < 2 === j < 1 ? 1 : -1, 1000 + i] as [string, string, number, number],
        ),
      ),
    })

    const state = (await ledger.state(space))!
    const view = describeSpace(state).conversations!
    expect(view[conversation]!.statements[proposed]).toMatchObject({ status: 'accepted', agree: 2 })
    expect(view[conversation]!.statements[statements[3]!]).toMatchObject({
      agree: 3,
      disagree: 1,
      pass: 1,
    })
    expect(view[conversation]!.statements[spam]).toMatchObject({
      status: 'rejected',
      reason: 'Advertising',
    })
    expect(view[imported]!.participants).toBe(4)
    const hash = hashSpaceState(state)
    const maps = [mapOf(state, conversation), mapOf(state, imported)]
    expect(JSON.parse(maps[0]!)).toMatchObject({ ok: true })

    // replayed from the store after a reopen, and by verify
    await store.close()
    store = await opened.reopen()
    const reopened = new Ledger(store, nodeVerifier)
    const replayed = (await reopened.state(space))!
    expect(hashSpaceState(replayed)).toBe(hash)
    expect([mapOf(replayed, conversation), mapOf(replayed, imported)]).toEqual(maps)
    const verified = await verifyStore(store, nodeVerifier)
    expect(verified.find((s) => s.space === space)?.hash).toBe(hash)

    // a second hub gets the founding events first, then the rest backwards: every vote waits for
    // its statement, every acceptance for the submission, until they arrive
    const other = await adapter.open()
    const hub = new Ledger(other.store, nodeVerifier)
    for (const event of await allEvents(store, space)) {
      if (!events.some((e) => e.sig === event.sig)) await hub.submit([event])
    }
    for (const event of [...events].reverse()) await hub.submit([event], { park: true })
    const received = (await hub.state(space))!
    expect(await hub.pending(space)).toEqual([])
    expect(hashSpaceState(received)).toBe(hash)
    expect([mapOf(received, conversation), mapOf(received, imported)]).toEqual(maps)
    await other.store.close()
    await other.cleanup()
    await store.close()
    await opened.cleanup()
  })
}

/** The events of `space` as stored (the founding ones are not in the test's own list). */
async function allEvents(store: EventStore, space: SpaceId): Promise<SignedEvent[]> {
  const out: SignedEvent[] = []
  for await (const stored of store.read(space)) out.push(JSON.parse(stored.json) as SignedEvent)
  return out
}
