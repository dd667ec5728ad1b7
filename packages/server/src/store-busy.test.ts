// A submission that loses the race for its space every time (several hub processes writing one
// space at once): after the ledger's five tries the hub answers 503 `store.busy` with Retry-After,
// nothing of it written, and takes it when sent again. Real SQLite and real HTTP; the races are
// real appends of another ledger on the same store, made just before each of this hub's appends.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import type { EventStore } from '@veche/store'
import { expect, test } from 'vitest'
import { createHub } from './hub.js'
import {
  castBallots,
  newAuthor,
  openPoll,
  signedAssembly,
  T0,
} from './test-support/signed-assembly.js'

test('a submission that keeps losing the race for its space is answered 503 store.busy', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'veche-store-busy-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const other = new Ledger(store, nodeVerifier)
  const racers: SignedEvent[] = []
  const racing = new Proxy(store, {
    get(target, property) {
      if (property === 'append') {
        return async (...args: Parameters<EventStore['append']>) => {
          const first = racers.shift()
          if (first !== undefined) await other.submit([first])
          return target.append(...args)
        }
      }
      // The ledger appends through this where the store has it (checking the next meanwhile).
      if (property === 'appendCommitted' && target.appendCommitted !== undefined) {
        const appendCommitted = target.appendCommitted.bind(target)
        return async (...args: Parameters<EventStore['append']>) => {
          const first = racers.shift()
          if (first !== undefined) await other.submit([first])
          return appendCommitted(...args)
        }
      }
      const value = Reflect.get(target, property, target) as unknown
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    },
  })
  const hub = await createHub({ ledger: new Ledger(racing, nodeVerifier), log: false })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  try {
    const assembly = await signedAssembly(2, 'store-busy-0001')
    const { event: opened, poll } = await openPoll(assembly)
    await other.submit([...assembly.events, opened])
    const [ballot] = await castBallots(assembly, poll)
    // Before each of the hub's five tries, another process admits a member first.
    for (let i = 0; i < 5; i++) {
      racers.push(
        await assembly.founder.next(
          assembly.space,
          'member.admitted',
          { member: newAuthor().publicKey, name: `late ${i}` },
          T0 + 100 + i,
        ),
      )
    }
    const post = () =>
      fetch(`${url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ballot),
      })
    const busy = await post()
    expect(busy.status).toBe(503)
    expect(busy.headers.get('retry-after')).toBe('1')
    expect(((await busy.json()) as { code: string }).code).toBe('store.busy')
    expect(await store.get(computeEventId(ballot!))).toBeNull()
    expect((await post()).status).toBe(200)
    expect(await store.get(computeEventId(ballot!))).not.toBeNull()
  } finally {
    await hub.close()
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
})
