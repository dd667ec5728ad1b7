// A hub whose disk fills up while it writes: a real SQLite file on a real, small file system (a
// tmpfs this test mounts, so it runs as root, as CI does), filled by another file until writes
// fail. Every request that cannot be written is answered 503 with Retry-After and code
// `store.full`; nothing acknowledged is lost and nothing is half written (the store holds exactly
// the acknowledged events, and re-checks to the hub's own state hash); reading goes on; and when
// the space returns the same submission is accepted without restarting anything.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, openSync, rmSync, rmdirSync, unlinkSync, writeSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeVerifier, openSqliteStore, verifyStore } from '@veche/store'
import { afterAll, expect, test } from 'vitest'
import { createHub } from './hub.js'
import { signedAssembly, T0 } from './test-support/signed-assembly.js'

const mount = mkdtempSync(join(tmpdir(), 'veche-full-'))
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount])
afterAll(() => {
  spawnSync('umount', ['-l', mount])
  rmdirSync(mount)
})

/** Fills the file system with one file until a write fails; returns its path. */
function fill(dir: string): string {
  const file = join(dir, 'filler')
  const fd = openSync(file, 'w')
  const chunk = Buffer.alloc(16 * 1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
  return file
}

test('a full disk: 503 with Retry-After and store.full, nothing acknowledged lost or half written, and writing resumes when space returns', async () => {
  expect(mounted.status, `mount a tmpfs (needs root): ${mounted.stderr.toString()}`).toBe(0)
  const file = join(mount, 'veche.db')
  const store = await openSqliteStore(file)
  const ledger = new Ledger(store, nodeVerifier)
  const hub = await createHub({ log: false, ledger })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  try {
    const post = (event: SignedEvent) =>
      fetch(`${url}/api/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(event),
      })
    const assembly = await signedAssembly(2)
    for (const event of assembly.events) expect((await post(event)).status).toBe(200)
    const author = assembly.members[0]!
    const proposal = (i: number) =>
      author.next(
        assembly.space,
        'proposal.submitted',
        { title: `Proposal ${i}`, text: `${'A long text that fills pages. '.repeat(300)}${i}` },
        T0 + 1_000 + i,
      )

    let acknowledged = assembly.events.length
    const filler = fill(mount)
    let refused: { event: SignedEvent; response: Response } | null = null
    for (let i = 0; i < 400 && refused === null; i++) {
      const event = await proposal(i)
      const response = await post(event)
      if (response.status === 200) acknowledged++
      else refused = { event, response }
    }
    expect(refused, 'the disk never filled up').not.toBeNull()
    const { event, response } = refused!
    expect(response.status).toBe(503)
    expect(response.headers.get('retry-after')).toMatch(/^\d+$/)
    const problem = (await response.json()) as { code: string; detail: string }
    expect(problem.code).toBe('store.full')
    expect(problem.detail).toMatch(/disk/)

    // Reading goes on, and shows exactly what was acknowledged.
    const state = (await (await fetch(`${url}/api/spaces/${assembly.space}`)).json()) as {
      events: number
      hash: string
    }
    expect(state.events).toBe(acknowledged)

    // Space returns: the same event is accepted, and the next one after it.
    unlinkSync(filler)
    expect((await post(event)).status).toBe(200)
    expect((await post(await proposal(1_000))).status).toBe(200)
    acknowledged += 2
    const after = (await (await fetch(`${url}/api/spaces/${assembly.space}`)).json()) as {
      events: number
      hash: string
    }
    expect(after.events).toBe(acknowledged)

    await hub.close()
    await store.close()
    // Reopened and re-checked from scratch: the same events, the same state hash.
    const again = await openSqliteStore(file)
    const [verdict] = await verifyStore(again, nodeVerifier)
    await again.close()
    expect(verdict?.fault).toBeNull()
    expect(verdict?.events).toBe(acknowledged)
    expect(verdict?.hash).toBe(after.hash)
  } finally {
    await hub.close().catch(() => {})
    await store.close().catch(() => {})
    rmSync(join(mount, 'filler'), { force: true })
  }
})
