// Secret ballots end to end (`npm run bench -- bench-secret`), each figure a JSON line with a
// floor measured in the same run:
//   secret.issue-10k      the issuer's CPU seconds to answer 10,000 credential requests (the blind
//                         signature and the signed issuance event; goal ≤ 10 s); floor: the CPU
//                         seconds of 10,000 ordinary signed events (Ed25519), ratio = figure/floor
//   secret.hub-ballots    the hub (another process, SQLite) taking 2,000 secret ballots at
//                         POST /api/ballots, one per request, 64 in flight, against the same
//                         members' open ballots at POST /api/events on the same hub (the floor);
//                         ratio = secret/open (goal ≥ 0.5)
//   secret.hub-ballots.postgres  the same on a PostgreSQL hub (when VECHE_BENCH_PG or
//                         VECHE_TEST_PG is set; skipped with a line on stderr otherwise): its log
//                         in a schema of its own, its secret ballots in the SQLite ballots file
//                         beside it (rebuilt after every group, docs/secret-ballot.md "On
//                         PostgreSQL"), against the open ballots on the same PostgreSQL hub
//   secret.verify         `veche verify` of the counted poll's store (every request, issuance,
//                         ballot, share and the count, on every core), in sealed ballots/s (goal
//                         ≥ 2,000); floor: Ed25519 verifications/s on one core, ratio = figure/floor;
//                         cpuSeconds: the CPU of every thread during it; cryptoSeconds: the
//                         one-core time of the store's own cryptography alone (an Ed25519 check
//                         per event and held ballot at the floor's rate, and per sealed ballot
//                         its credential's RSA-PSS check, its point's check, and the count's
//                         product and box, each timed here on the store's own ballots);
//                         ceiling: sealed ballots/s were that spread over every core with
//                         nothing else, and ceilingRatio its ratio to the floor (what no
//                         change to verify's own code can pass)
// `node scripts/dist/bench-secret.js --serve DIR [PG_URL SCHEMA]` is the hub process it starts.
// VECHE_BENCH_SECRET_SKIP_ISSUE=1 leaves out secret.issue-10k, VECHE_BENCH_SECRET_SKIP_VERIFY=1
// secret.verify, VECHE_BENCH_SECRET_SKIP_HUB=1 both secret.hub-ballots lines (so
// `VECHE_BENCH_SECRET_SKIP_ISSUE=1 VECHE_BENCH_SECRET_SKIP_HUB=1` runs secret.verify alone: its
// store gets the same ballots, written straight to it instead of through a hub).
// VECHE_BENCH_HUB_NODE_ARGS passes node options to the hub processes
// (`--cpu-prof --cpu-prof-dir=D`), as in bench-hub.ts.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { generateKeyPairSync, randomBytes, sign, verify } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { Agent, request } from 'node:http'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ballotInfo,
  blindCredential,
  credentialMessage,
  decodeBase64url,
  generateIssuerKey,
} from '@veche/core'
import type { CredentialCheck, SignedEvent, SignedEventOf } from '@veche/core'
import {
  createParallelVerifier,
  Ledger,
  nodeBlindSign,
  nodeVerifier,
  openPostgresStore,
  openSqliteStore,
  postgresBallotsFileName,
  verifyStore,
} from '@veche/store'
import type { EventStore } from '@veche/store'
import pg from 'pg'
import { createHub } from '@veche/server'
import { foundBenchAssembly } from './assembly-fixture.js'
import { emitBench } from './bench-line.js'
import { preparePoll, sealAndCount } from './secret-bench-store.js'
import type { PreparedPoll } from './secret-bench-store.js'

const ISSUED = 10_000
const CONCURRENCY = 64
const PG_URL = process.env.VECHE_BENCH_PG ?? process.env.VECHE_TEST_PG

/** The PostgreSQL hub's store: `schema` at `url`, its ballots in DIR/postgres-<schema>.ballots. */
function openPgStore(dir: string, url: string, schema: string): Promise<EventStore> {
  return openPostgresStore(url, {
    schema,
    ballotsFile: join(dir, postgresBallotsFileName(schema)),
  })
}

/**
 * The hub process: a hub on DIR/veche.db (or, given a PostgreSQL url and schema, on that schema
 * with its ballots file in DIR) whose rate limits do not stand in the bench's way.
 */
async function serve(dir: string, pgUrl?: string, schema?: string): Promise<void> {
  const store =
    pgUrl === undefined
      ? await openSqliteStore(join(dir, 'veche.db'))
      : await openPgStore(dir, pgUrl, schema!)
  const hub = await createHub({
    ledger: new Ledger(store, nodeVerifier),
    log: false,
    rateLimit: { perSecond: 1e9, burst: 1e9 },
    ballotRateLimit: { perSecond: 1e9, burst: 1e9 },
  })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  process.stdout.write(`listening on port ${new URL(url).port}\n`)
  process.on('SIGTERM', () => {
    void hub.close().then(() => store.close())
  })
}

async function cpuSeconds(fn: () => Promise<unknown>): Promise<number> {
  const start = process.cpuUsage()
  await fn()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1e6
}

async function main(): Promise<void> {
  // VECHE_BENCH_SECRET_SKIP_ISSUE=1 leaves out the issuance figure (its setup is the slowest part).
  if (process.env.VECHE_BENCH_SECRET_SKIP_ISSUE !== '1') await issuance()
  const dir = mkdtempSync(join(tmpdir(), 'veche-bench-secret-'))
  const pgDir = mkdtempSync(join(tmpdir(), 'veche-bench-secret-pg-'))
  const schema = `bench_secret_${process.pid}`
  try {
    const poll = await preparePoll(dir)
    if (process.env.VECHE_BENCH_SECRET_SKIP_HUB === '1') {
      await submitBallots(dir, poll)
    } else {
      await hubLines(dir, pgDir, schema, poll)
    }
    if (process.env.VECHE_BENCH_SECRET_SKIP_VERIFY !== '1') await verifyRate(dir, poll)
  } finally {
    rmSync(dir, { recursive: true, force: true })
    rmSync(pgDir, { recursive: true, force: true })
    if (PG_URL !== undefined && process.env.VECHE_BENCH_SECRET_SKIP_HUB !== '1') {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)
      await client.end()
    }
  }
}

/** The hub lines: the SQLite hub (and the PostgreSQL hub when there is one) taking the ballots. */
async function hubLines(
  dir: string,
  pgDir: string,
  schema: string,
  poll: PreparedPoll,
): Promise<void> {
  // The PostgreSQL hub starts from the same log (before the SQLite hub takes any ballot).
  if (PG_URL !== undefined) await copyLog(dir, pgDir, PG_URL, schema)
  await hubRates(startHub([dir]), poll, 'secret.hub-ballots')
  if (PG_URL === undefined) {
    process.stderr.write(
      'bench-secret: secret.hub-ballots.postgres skipped (VECHE_BENCH_PG or VECHE_TEST_PG is not set)\n',
    )
  } else {
    await hubRates(startHub([pgDir, PG_URL, schema]), poll, 'secret.hub-ballots.postgres')
  }
}

/** The poll's ballots (secret, then open) written to DIR/veche.db's store, as the hub would. */
async function submitBallots(dir: string, poll: PreparedPoll): Promise<void> {
  const store = await openSqliteStore(join(dir, 'veche.db'))
  try {
    const ledger = new Ledger(store, nodeVerifier)
    for (const batch of [poll.secret, poll.open]) {
      for (let i = 0; i < batch.length; i += 1_000) {
        const part = batch.slice(i, i + 1_000)
        const report = await ledger.submit(part)
        if (report.written !== part.length) throw new Error('the store refused a ballot')
      }
    }
  } finally {
    await store.close()
  }
}

/** Writes DIR/veche.db's log, in its order, into `schema` at `url` (ballots file in `pgDir`). */
async function copyLog(dir: string, pgDir: string, url: string, schema: string): Promise<void> {
  const from = await openSqliteStore(join(dir, 'veche.db'))
  const to = await openPgStore(pgDir, url, schema)
  try {
    const ledger = new Ledger(to, nodeVerifier)
    let batch: SignedEvent[] = []
    const flush = async (): Promise<void> => {
      const report = await ledger.submit(batch)
      if (report.written !== batch.length) throw new Error('the PostgreSQL hub refused its setup')
      batch = []
    }
    for await (const e of from.readAll()) {
      batch.push(JSON.parse(e.json) as SignedEvent)
      if (batch.length === 1_000) await flush()
    }
    await flush()
  } finally {
    await from.close()
    await to.close()
  }
}

/** The issuer's CPU for 10,000 credentials against signing the same 10,000 events alone. */
async function issuance(): Promise<void> {
  const { founder, space } = await foundBenchAssembly('bench-secret-issue', 0)
  const keys = await generateIssuerKey()
  const anId = (): string => randomBytes(32).toString('base64url')
  const poll = anId()
  const asked: { request: string; blinded: string }[] = []
  for (let i = 0; i < ISSUED; i++) {
    const message = credentialMessage(space, poll, anId())
    asked.push({
      request: anId(),
      blinded: (await blindCredential(keys.publicKey, message)).blinded,
    })
  }
  let t = 10
  const one = nodeBlindSign(keys.privateKey, asked[0]!.blinded)
  const issue = (request: string, signature: string): Promise<SignedEvent> =>
    founder.next(space, 'secret.credential-issued', { poll, request, signature }, t++)
  // The floor: the issuance events signed with one signature made beforehand.
  const floor = await cpuSeconds(async () => {
    for (const a of asked) await issue(a.request, one)
  })
  const issuer = await cpuSeconds(async () => {
    for (const a of asked) await issue(a.request, nodeBlindSign(keys.privateKey, a.blinded))
  })
  emitBench({
    bench: 'secret.issue-10k',
    value: Number(issuer.toFixed(2)),
    unit: 'issuer CPU s',
    ratio: Number((issuer / floor).toFixed(1)),
    floor: Number(floor.toFixed(2)),
    goal: '≤ 10',
  })
}

function startHub(args: readonly string[]): Promise<{ child: ChildProcess; port: number }> {
  const nodeArgs = process.env.VECHE_BENCH_HUB_NODE_ARGS?.split(' ').filter((a) => a !== '') ?? []
  const child = spawn(
    process.execPath,
    [...nodeArgs, fileURLToPath(import.meta.url), '--serve', ...args],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) resolve({ child, port: Number(port) })
    })
    child.on('exit', (code) => reject(new Error(`hub exited with ${code}: ${out}`)))
  })
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY })

function post(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', reject)
    req.end(body)
  })
}

/** Ballots/s for `ballots` posted one per request to `path`, CONCURRENCY in flight. */
async function rate(port: number, path: string, ballots: readonly SignedEvent[]): Promise<number> {
  const bodies = ballots.map((b) => JSON.stringify(b))
  let next = 0
  const begin = performance.now()
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!
        // A kept-alive socket the hub closed as it was reused: send again (a ballot is idempotent).
        let status = 0
        for (let attempt = 1; status === 0; attempt++) {
          try {
            status = await post(port, path, body)
          } catch (error) {
            if (attempt >= 3) throw error
          }
        }
        if (status !== 200) throw new Error(`${path} answered ${status}`)
      }
    }),
  )
  return ballots.length / ((performance.now() - begin) / 1000)
}

async function hubRates(
  hub: Promise<{ child: ChildProcess; port: number }>,
  poll: PreparedPoll,
  bench: string,
): Promise<void> {
  const { child, port } = await hub
  try {
    const open = await rate(port, '/api/events', poll.open)
    const secret = await rate(port, '/api/ballots', poll.secret)
    emitBench({
      bench,
      value: Math.round(secret),
      unit: 'ballots/s',
      ratio: Number((secret / open).toFixed(2)),
      floor: Math.round(open),
      goal: 'ratio ≥ 0.5',
    })
  } finally {
    child.kill('SIGTERM')
    await new Promise((resolve) => child.once('exit', resolve))
  }
}

async function verifyRate(dir: string, poll: PreparedPoll): Promise<void> {
  await sealAndCount(dir, poll)
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ed = generateKeyPairSync('ed25519')
  const message = randomBytes(200)
  const signature = sign(null, message, ed.privateKey)
  const floorStart = performance.now()
  for (let i = 0; i < 20_000; i++) verify(null, message, ed.publicKey, signature)
  const floor = 20_000 / ((performance.now() - floorStart) / 1000)
  const crypto = await cryptoSecondsPerBallot(poll)

  const verifier = createParallelVerifier()
  try {
    const begin = performance.now()
    const cpu = process.cpuUsage()
    const verdicts = await verifyStore(store, verifier)
    const seconds = (performance.now() - begin) / 1000
    const used = process.cpuUsage(cpu)
    if (verdicts.some((v) => v.fault !== null))
      throw new Error(`verify found a fault: ${JSON.stringify(verdicts)}`)
    const perSecond = poll.secret.length / seconds
    const events = verdicts.reduce((n, v) => n + v.events, 0)
    // An Ed25519 check per log event and per held ballot, at the floor's rate; the rest per ballot.
    const cryptoSeconds = (events + poll.secret.length) / floor + crypto * poll.secret.length
    const ceiling = poll.secret.length / (cryptoSeconds / availableParallelism())
    emitBench({
      bench: 'secret.verify',
      value: Math.round(perSecond),
      unit: 'sealed ballots/s',
      ratio: Number((perSecond / floor).toFixed(2)),
      floor: Math.round(floor),
      seconds: Number(seconds.toFixed(2)),
      // CPU seconds of every thread (the workers' too): steadier than the time on a loaded
      // machine; on 2 idle cores the time is at least half of it.
      cpuSeconds: Number(((used.user + used.system) / 1e6).toFixed(2)),
      cryptoSeconds: Number(cryptoSeconds.toFixed(2)),
      ceiling: Math.round(ceiling),
      ceilingRatio: Number((ceiling / floor).toFixed(2)),
      events,
      goal: '≥ 2,000',
    })
  } finally {
    await verifier.close()
    await store.close()
  }
}

/**
 * The one-core seconds per sealed ballot of its cryptography beside its Ed25519 check, on the
 * poll's own ballots, through verify's own functions (a verifier with no workers): its credential
 * checked (RSA-PSS), its point checked, and the count's product and box (libsodium, then HKDF and
 * AES-GCM; the box opened with another ballot's info, so it is refused after the same work).
 */
async function cryptoSecondsPerBallot(poll: PreparedPoll): Promise<number> {
  const ballots = poll.secret as SignedEventOf<'secret.ballot'>[]
  // Every issuer's credential on each ballot (the bench's poll has one issuer).
  const credentials: CredentialCheck[] = ballots.flatMap((b) =>
    b.body.credentials.map((c) => ({
      publicKey: c.key,
      message: credentialMessage(poll.space, poll.poll, b.author),
      signature: c.signature,
    })),
  )
  const points = ballots.map((b) => decodeBase64url(b.body.ciphertext.ephemeral)!)
  const toOpen = ballots.map((b, i) => ({
    point: points[i]!,
    info: ballotInfo(points[i]!, { space: poll.space, poll: poll.poll, pseudonym: 'x' }),
    sealed: decodeBase64url(b.body.ciphertext.box),
  }))
  const scalar = new Uint8Array(randomBytes(32))
  scalar[31] = 0x0f // below the group's order
  const here = createParallelVerifier(0)
  // libsodium loaded and the paths warm before the clock starts.
  await here.verifyCredentials(credentials.slice(0, 10))
  await here.openAll(scalar, toOpen.slice(0, 10))
  // Wall time, as the floor's: on a loaded machine both read slow alike, and so does the ceiling.
  const begin = performance.now()
  const [credentialsOk, pointsOk, opened] = [
    await here.verifyCredentials(credentials),
    await here.isPointAll(points),
    await here.openAll(scalar, toOpen),
  ]
  const seconds = (performance.now() - begin) / 1000
  if (!credentialsOk.every(Boolean) || !pointsOk.every(Boolean) || opened.some((o) => !o.product))
    throw new Error("the ceiling's checks refused the poll's own ballots")
  return seconds / ballots.length
}

// Last, so that every module-level constant above is initialised before the bench runs.
if (process.argv[2] === '--serve') await serve(process.argv[3]!, process.argv[4], process.argv[5])
else await main()
