// A secret poll's deadline at a real hub over real HTTP (docs/events.md, "Deadlines"): a ballot
// reaching POST /api/ballots after the deadline by the hub's clock is refused
// (`poll.deadline-passed`, a ballot claims no time) and not held; a credential request reaching
// POST /api/events after it is refused (`secret.request-after-deadline`) although it claims a time
// before it; with the deadline ahead both are taken.
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier } from '@veche/store'
import { afterEach, describe, expect, test } from 'vitest'
import { T0 } from '../../store/src/test-support/assembly-fixture.js'
import { secretPollOnLedger } from '../../store/src/test-support/secret-fixture.js'
import { createHub } from './hub.js'
import { storeDialects } from './test-support/store-dialects.js'
import type { StoreDialect } from './test-support/store-dialects.js'

const DIALECTS = storeDialects('secret-deadline')

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function start(dialect: StoreDialect): Promise<{ ledger: Ledger; url: string }> {
  const opened = await dialect.open()
  const ledger = new Ledger(opened.store, nodeVerifier)
  const hub = await createHub({ ledger, ...opened.options })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  cleanups.push(async () => {
    await hub.close()
    await opened.store.close()
    await opened.cleanup()
  })
  return { ledger, url }
}

async function post(url: string, path: string, event: SignedEvent) {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(event),
  })
  return { status: response.status, body: (await response.json()) as Record<string, unknown> }
}

for (const dialect of DIALECTS) {
  describe.skipIf(dialect.skip)(`secret poll deadline on ${dialect.name}`, () => {
    test("after the deadline by the hub's clock a ballot and a credential request are refused and nothing is held", async () => {
      const { ledger, url } = await start(dialect)
      // The fixture's events claim times from T0 (months before this hub's clock): the deadline a
      // minute after the opening has passed here, though every event claims a time before it.
      const p = await secretPollOnLedger(ledger, { members: 4, closesIn: 60_000 })
      const ballot = await p.vote(p.members[1]!, 'yes')
      const request = await p.askCredential(p.members[2]!)
      const late = await post(url, '/api/ballots', ballot)
      expect(late.status).toBe(422)
      expect(late.body).toMatchObject({ code: 'poll.deadline-passed' })
      const asked = await post(url, '/api/events', request)
      expect(asked.status).toBe(422)
      expect(asked.body).toMatchObject({ code: 'secret.request-after-deadline' })
      const space = (await (await fetch(`${url}/api/spaces/${p.space}`)).json()) as {
        heldBallots: Record<string, number>
      }
      expect(space.heldBallots[p.poll] ?? 0).toBe(0)
      expect((await ledger.state(p.space))!.polls.get(p.poll)!.secret!.requests.size).toBe(1)
    })

    test('before the deadline by the hub’s clock the same kinds are taken', async () => {
      const { url, ledger } = await start(dialect)
      const p = await secretPollOnLedger(ledger, {
        members: 4,
        closesIn: Date.now() - T0 + 3_600_000,
      })
      const ballot = await p.vote(p.members[1]!, 'yes')
      const request = await p.askCredential(p.members[2]!)
      expect((await post(url, '/api/ballots', ballot)).body).toMatchObject({
        outcomes: [{ status: 'accepted', id: computeEventId(ballot) }],
      })
      expect((await post(url, '/api/events', request)).body).toMatchObject({
        outcomes: [{ status: 'accepted' }],
      })
    })
  })
}
