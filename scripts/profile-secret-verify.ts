// A counted secret poll kept on disk, then `veche verify`'s work on it alone, so that it can be
// profiled (`node --cpu-prof scripts/dist/profile-secret-verify.js DIR`). Not a bench (bench.ts
// runs only files named bench-*): the first run with DIR builds DIR/veche.db (members from
// VECHE_BENCH_SECRET_MEMBERS, default 2,000 as in the bench; the bench's store: the secret poll,
// counted, and an open poll with every member's ballot), every later run only verifies it and
// prints the time.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  castSecretBallot,
  computeEventId,
  finalizeCredentials,
  generateIssuerKey,
  issuerKeyDraft,
  requestCredential,
  secretCountDraft,
  secretSealDraft,
  tellerRevealDraft,
  tellerSetupDraft,
} from '@veche/core'
import type { EventAuthor, SecretDraft, SecretWallet, SignedEvent } from '@veche/core'
import {
  createParallelVerifier,
  Ledger,
  nodeBlindSign,
  nodeVerifier,
  openSqliteStore,
  verifyStore,
} from '@veche/store'
import { foundBenchAssembly } from './assembly-fixture.js'

const MEMBERS = Number(process.env.VECHE_BENCH_SECRET_MEMBERS ?? 2_000)
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n))

/** Builds the bench's store in `dir`: a secret poll of MEMBERS ballots, sealed and counted, and an open poll. */
async function build(dir: string): Promise<void> {
  mkdirSync(dir, { recursive: true })
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  const { founder, members, space, events } = await foundBenchAssembly('profile-secret', MEMBERS)
  const submit = async (batch: readonly SignedEvent[]): Promise<void> => {
    for (let i = 0; i < batch.length; i += 1_000) {
      const report = await ledger.submit(batch.slice(i, i + 1_000))
      if (report.written !== Math.min(1_000, batch.length - i))
        throw new Error(
          `refused: ${JSON.stringify(report.outcomes.find((o) => o.status === 'rejected'))}`,
        )
    }
  }
  await submit(events)
  let t = 100_000
  const sign = (who: EventAuthor, draft: SecretDraft): Promise<SignedEvent> =>
    who.next(space, draft.type, draft.body, t++)
  const opened = await founder.next(
    space,
    'secret.poll-opened',
    {
      question: 'Strike?',
      subject: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: 'profile-secret-0001',
      secret: { issuers: [founder.publicKey], tellers: [founder.publicKey], tellerQuorum: 1 },
    },
    t++,
  )
  await submit([opened])
  const poll = computeEventId(opened)
  const key = await issuerKeyDraft(poll, {}, generateIssuerKey)
  let wallet = key.wallet
  await submit([await sign(founder, key.draft)])
  for (;;) {
    const state = (await ledger.state(space))!
    const step = tellerSetupDraft(state, poll, founder.publicKey, wallet, random)
    if (step === null) break
    wallet = step.wallet
    await submit([await sign(founder, step.draft)])
  }
  const wallets: SecretWallet[] = []
  const requests: SignedEvent[] = []
  const state = (await ledger.state(space))!
  for (const m of members) {
    const asked = await requestCredential(state, poll, {}, random)
    wallets.push(asked.wallet)
    requests.push(await sign(m, asked.draft))
  }
  await submit(requests)
  const issued: SignedEvent[] = []
  for (const request of requests) {
    const body = request.body as { blinded: Record<string, string> }
    const blinded = body.blinded[founder.publicKey]!
    const signature = nodeBlindSign(wallet.issuerPrivateKey!, blinded)
    issued.push(
      await sign(founder, {
        type: 'secret.credential-issued',
        body: { poll, request: computeEventId(request), signature },
      }),
    )
  }
  await submit(issued)
  const after = (await ledger.state(space))!
  const ballots: SignedEvent[] = []
  for (const [i, m] of members.entries()) {
    const done = await finalizeCredentials(after, poll, m.publicKey, wallets[i]!)
    if (!done.ok || done.value === null) throw new Error('no credential')
    const choice = i % 3 === 0 ? 'no' : 'yes'
    ballots.push((await castSecretBallot(after, poll, done.value, { choice }, random)).ballot)
  }
  await submit(ballots)
  // The bench's open poll beside it, one open ballot per member (the floor of secret.hub-ballots).
  const openPoll = await founder.next(
    space,
    'poll.opened',
    {
      question: 'Open?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'profile-secret-0002',
    },
    t++,
  )
  await submit([openPoll])
  const open: SignedEvent[] = []
  for (const [i, m] of members.entries()) {
    const vote = { choice: i % 3 === 0 ? 'no' : 'yes' }
    open.push(await m.next(space, 'ballot.cast', { poll: computeEventId(openPoll), vote }, t++))
  }
  await submit(open)
  await submit([await sign(founder, secretSealDraft((await ledger.state(space))!, poll))])
  const reveal = tellerRevealDraft((await ledger.state(space))!, poll, founder.publicKey, wallet)
  if (!reveal.ok || reveal.value === null) throw new Error('no share')
  await submit([await sign(founder, reveal.value)])
  const count = secretCountDraft((await ledger.state(space))!, poll, t)
  if (!count.ok || count.value === null) throw new Error('no count')
  await submit([await sign(founder, count.value)])
  await store.close()
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
