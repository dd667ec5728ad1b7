// What a sync pass over many unchanged spaces costs (not a bench of `npm run bench`: run it alone,
// `node scripts/dist/profile-sync-spaces.js`). Two hubs in this process, each a ledger over its
// own SQLite file, hold the same N spaces (VECHE_PROFILE_SPACES, default 1,000) of E events each
// (VECHE_PROFILE_EVENTS, default 53: 10 members voting in polls); hub B serves over HTTP on
// loopback, and hub A runs passes with it. Printed per pass: wall time, CPU of this process (both
// sides), and how many spaces either ledger replayed from its store (when it counts them). With
// VECHE_PROFILE_DIR, the two stores are kept in that folder and reused by the next run (each run
// then starts as a restarted hub does, nothing cached), so builds of the code before and after a
// change can be measured on the same stores.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHub, syncWithPeer } from '@veche/server'
import { Ledger, nodeVerifier, openSqliteStore } from '@veche/store'
import { benchBallotLog } from './assembly-fixture.js'

const SPACES = Number(process.env.VECHE_PROFILE_SPACES ?? 1_000)
const EVENTS = Number(process.env.VECHE_PROFILE_EVENTS ?? 53)
const PASSES = Number(process.env.VECHE_PROFILE_PASSES ?? 3)

/** The ledger's count of spaces replayed from the store, where this build has one. */
function replays(ledger: Ledger): number | string {
  const counted = (ledger as unknown as { replays?: unknown }).replays
  return typeof counted === 'number' ? counted : 'n/a'
}

const kept = process.env.VECHE_PROFILE_DIR
if (kept !== undefined) mkdirSync(kept, { recursive: true })
const dir = kept ?? mkdtempSync(join(tmpdir(), 'veche-profile-sync-spaces-'))
const reused = existsSync(join(dir, 'a.db')) && existsSync(join(dir, 'b.db'))
const storeA = await openSqliteStore(join(dir, 'a.db'))
const storeB = await openSqliteStore(join(dir, 'b.db'))
const a = new Ledger(storeA, nodeVerifier)
const b = new Ledger(storeB, nodeVerifier)
const hub = await createHub({ ledger: b, log: false })
const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
try {
  const built = process.hrtime.bigint()
  for (let i = 0; i < (reused ? 0 : SPACES); i++) {
    const { events } = await benchBallotLog(`profile-${String(i).padStart(6, '0')}`, 10, EVENTS)
    await a.submit(events)
    await b.submit(events)
  }
  console.log(
    reused
      ? `${(await storeA.spaces()).length} spaces, ${await storeA.count()} events on each hub, reused from ${dir}`
      : `${SPACES} spaces × ${EVENTS} events on each hub, built in ${(Number(process.hrtime.bigint() - built) / 1e9).toFixed(1)} s`,
  )
  for (let pass = 1; pass <= PASSES; pass++) {
    const before = { a: replays(a), b: replays(b) }
    const cpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    const reports = await syncWithPeer(a, url)
    const wall = Number(process.hrtime.bigint() - start) / 1e6
    const used = process.cpuUsage(cpu)
    const moved = reports.reduce((n, r) => n + r.pulled.accepted + r.pushed.accepted, 0)
    console.log(
      `pass ${pass}: ${reports.length} spaces, ${moved} events moved, wall ${wall.toFixed(0)} ms, ` +
        `CPU ${((used.user + used.system) / 1e3).toFixed(0)} ms (user ${(used.user / 1e3).toFixed(0)}), ` +
        `replays A ${before.a}→${replays(a)}, B ${before.b}→${replays(b)}, ` +
        `load average ${loadavg()
          .map((l) => l.toFixed(2))
          .join(' ')}`,
    )
  }
} finally {
  await hub.close()
  await storeA.close()
  await storeB.close()
  if (kept === undefined) rmSync(dir, { recursive: true, force: true })
}
