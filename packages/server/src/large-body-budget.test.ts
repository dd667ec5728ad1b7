// Each client address's budget of large JSON bodies (large-body-budget.ts): a body at
// LARGE_BODY_MEMBERS is never charged and one past it is; past the burst a sender waits, counted by
// address (an IPv6 address by its /64); and a sync push bigger than a hub's budget still arrives
// whole, the client waiting as the hub says (429 `request.too-busy`, Retry-After) between batches.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { afterEach, expect, test } from 'vitest'
import { LARGE_BODY_MEMBERS, LargeBodyBudget } from './large-body-budget.js'
import { syncWithPeer } from './sync-client.js'
import { castBallots, openPoll, signedAssembly } from './test-support/signed-assembly.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  await closeTestHubs()
})

test('large-body budget: a body at the threshold is never charged, one past it is; past the burst the sender waits, by address and IPv6 /64', () => {
  let now = 0
  const past = LARGE_BODY_MEMBERS + 1
  const budget = new LargeBodyBudget({ perSecond: 1_000, burst: past }, () => now)
  for (let i = 0; i < 100; i++) expect(budget.spend('10.0.0.1', LARGE_BODY_MEMBERS).ok).toBe(true)
  expect(budget.spend('10.0.0.1', past)).toEqual({ ok: true })
  // The bucket is empty: refilling 20,001 members at 1,000 a second takes 20.001 s.
  expect(budget.spend('10.0.0.1', past)).toEqual({ ok: false, retryAfter: 21 })
  expect(budget.spend('10.0.0.1', LARGE_BODY_MEMBERS).ok).toBe(true)
  expect(budget.spend('10.0.0.2', past).ok).toBe(true)
  expect(budget.spend('2001:db8:1:2::1', past).ok).toBe(true)
  expect(budget.spend('2001:db8:1:2:ffff::9', past).ok).toBe(false)
  expect(budget.spend('2001:db8:1:3::1', past).ok).toBe(true)
  now += 20_000
  expect(budget.spend('10.0.0.1', past).ok).toBe(false)
  now += 1
  expect(budget.spend('10.0.0.1', past).ok).toBe(true)
  const none = new LargeBodyBudget({ perSecond: 0 })
  for (let i = 0; i < 10; i++) expect(none.spend('10.0.0.1', 600_000).ok).toBe(true)
})

test('large-body budget: a sync push of thousands of events past the hub budget arrives whole, waiting as the hub says', async () => {
  const {
    hub,
    ledger: hubLedger,
    url,
  } = await startTestHub({
    largeBodyBudget: { perSecond: 10_000, burst: 40_000 },
  })
  const dir = mkdtempSync(join(tmpdir(), 'veche-large-push-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  cleanups.push(async () => {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  })
  const local = new Ledger(store, nodeVerifier)
  const assembly = await signedAssembly(300, 'large-push-01')
  const log: SignedEvent[] = [...assembly.events]
  for (let p = 0; p < 9; p++) {
    const { event, poll } = await openPoll(assembly, `Question ${p}?`)
    log.push(event, ...(await castBallots(assembly, poll)))
  }
  const report = await local.submit(log)
  expect(report.outcomes.every((o) => o.status === 'accepted')).toBe(true)

  const [pass] = await syncWithPeer(local, url)
  // A batch sent again may arrive after the one behind it, which waits held until it does.
  expect(pass!.pushed.refused).toEqual([])
  expect(pass!.pushed.accepted + pass!.pushed.released).toBeGreaterThanOrEqual(log.length)
  const vector = (await hubLedger.store.vector(assembly.space))[assembly.space] ?? {}
  expect(Object.values(vector).reduce((a, b) => a + b, 0)).toBe(log.length)
  // The hub did pace it: some batch was refused unread and sent again.
  expect(hub.metrics.render()).toContain(
    'veche_http_requests_total{method="POST",route="/api/sync/:id/events",status="429"}',
  )
})
