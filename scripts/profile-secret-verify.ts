// A counted secret poll kept on disk, then `veche verify`'s work on it alone, so that it can be
// profiled (`node --cpu-prof scripts/dist/profile-secret-verify.js DIR`). Not a bench (bench.ts
// runs only files named bench-*): the first run with DIR builds DIR/veche.db (members from
// VECHE_BENCH_SECRET_MEMBERS, default 2,000 as in the bench; the bench's store: the secret poll,
// counted, and an open poll with every member's ballot), every later run only verifies it and
// prints the time.
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  createParallelVerifier,
  Ledger,
  nodeVerifier,
  openSqliteStore,
  verifyStore,
} from '@veche/store'
import { preparePoll, sealAndCount } from './secret-bench-store.js'

/** Builds the bench's store in `dir` (its ballots submitted to the store, not through a hub). */
async function build(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const poll = await preparePoll(dir)
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  for (const batch of [poll.secret, poll.open]) {
    for (let i = 0; i < batch.length; i += 1_000) {
      const report = await ledger.submit(batch.slice(i, i + 1_000))
      if (report.written !== Math.min(1_000, batch.length - i))
        throw new Error(
          `refused: ${JSON.stringify(report.outcomes.find((o) => o.status === 'rejected'))}`,
        )
    }
  }
  await store.close()
  await sealAndCount(dir, poll)
}

/**
 * The CPU seconds of this process's main thread so far (Linux: /proc), what bounds the time of a
 * verify whose other work the workers take: on a loaded machine, a steadier figure than the time.
 */
function mainThreadCpuSeconds(): number {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  // utime and stime, fields 14 and 15 of stat(5), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100
}

async function verify(dir: string): Promise<void> {
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const verifier = createParallelVerifier()
  try {
    const begin = performance.now()
    const cpu = process.cpuUsage()
    const mainCpu = mainThreadCpuSeconds()
    const verdicts = await verifyStore(store, verifier)
    const mainCpuSeconds = Number((mainThreadCpuSeconds() - mainCpu).toFixed(2))
    const seconds = (performance.now() - begin) / 1000
    const used = process.cpuUsage(cpu)
    const events = verdicts.reduce((n, v) => n + v.events, 0)
    const line = {
      seconds: Number(seconds.toFixed(2)),
      // Every thread's CPU (the workers' too), less sensitive than wall time to a loaded machine.
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
      mainCpuSeconds,
      events,
      verdicts: verdicts.map((v) => [v.hash, v.fault]),
    }
    process.stdout.write(`${JSON.stringify(line)}\n`)
  } finally {
    await verifier.close()
    await store.close()
  }
}

const dir = process.argv[2]
if (dir === undefined) throw new Error('usage: profile-secret-verify.js DIR')
if (!existsSync(join(dir, 'veche.db'))) await build(dir)
await verify(dir)
