// An issuer answering a secret poll's credential requests through the `veche` command
// (`npm run bench -- secret-tend`): a data folder with an assembly of N members, a secret poll
// whose one issuer and teller is the local identity, and one credential request from every
// member; then `veche secret tend`, timed as a whole child process from spawn to exit (it reads
// the store, blind-signs every request through OpenSSL, signs and submits the answers).
//
// - secret.tend.issue: seconds for the N answers; `perCredentialMs` and `per10k` (seconds scaled to
//   10,000, the goal in docs/secret-ballot.md being at most 10 s of issuer CPU). Floor: OpenSSL's
//   blind signature alone on the same N blinded messages in this process (ratio = tend / floor).
//
// N is 1,000 by default (BENCH_SECRET_REQUESTS): making the requests blinds each one in
// JavaScript, which takes longer than answering them.
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { computeEventId, EventAuthor, requestCredential } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import {
  generateKeyPair,
  Ledger,
  nodeBlindSign,
  nodeSigner,
  nodeVerifier,
  openSqliteStore,
} from '@veche/store'
import { emitBench } from './bench-line.js'

const BIN = fileURLToPath(new URL('../../packages/cli/bin/veche.js', import.meta.url))
const N = Number(process.env.BENCH_SECRET_REQUESTS ?? 1000)
const BATCH = 500
const T0 = 1_780_000_000_000
const RULES = {
  proposeRight: 'member',
  inviteRight: 'facilitator',
  quorum: { ballots: 0, percent: 0 },
  defaultMethod: 'majority',
  visibility: 'public',
} as const

const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n))

function veche(data: string, args: readonly string[]): { out: string; seconds: number } {
  const start = process.hrtime.bigint()
  const run = spawnSync(process.execPath, [BIN, '--data', data, '--as', 'issuer', ...args], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  if (run.status !== 0) throw new Error(`veche ${args.join(' ')}: ${run.stderr}`)
  return { out: run.stdout, seconds }
}

async function submit(ledger: Ledger, events: readonly SignedEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += BATCH) {
    const report = await ledger.submit(events.slice(i, i + BATCH))
    const refused = report.outcomes.find((o) => o.status === 'rejected')
    if (refused !== undefined) throw new Error(`setup refused: ${JSON.stringify(refused)}`)
  }
}

const dir = mkdtempSync(join(tmpdir(), 'veche-bench-tend-'))
try {
  const pair = generateKeyPair()
  mkdirSync(join(dir, 'identities'), { mode: 0o700 })
  writeFileSync(
    join(dir, 'identities', 'issuer.json'),
    JSON.stringify({ name: 'issuer', ...pair }),
    {
      mode: 0o600,
    },
  )
  const issuer = new EventAuthor(nodeSigner(pair))
  const members = Array.from({ length: N }, () => new EventAuthor(nodeSigner(generateKeyPair())))
  const nonce = 'bench-secret-tend'
  const space = issuer.spaceFor(nonce)
  let t = T0
  let ledger = new Ledger(await openSqliteStore(join(dir, 'veche.db')), nodeVerifier)
  const setup: SignedEvent[] = [
    await issuer.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Bench hall',
        description: '',
        languages: ['en'],
        founderName: 'I',
        rules: RULES,
      },
      t++,
    ),
  ]
  for (const [i, m] of members.entries())
    setup.push(
      await issuer.next(space, 'member.admitted', { member: m.publicKey, name: `m${i}` }, t++),
    )
  const opened = await issuer.next(
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
      tieBreakSeed: 'bench-seed-0001',
      secret: { issuers: [issuer.publicKey], tellers: [issuer.publicKey], tellerQuorum: 1 },
    },
    t++,
  )
  setup.push(opened)
  await submit(ledger, setup)
  await ledger.store.close()
  const poll = computeEventId(opened)
  // The issuer's key and the teller's dealing, by the command itself (its wallet keeps the keys).
  veche(dir, ['secret', 'tend'])
  ledger = new Ledger(await openSqliteStore(join(dir, 'veche.db')), nodeVerifier)
  const state = (await ledger.state(space))!
  const requests: SignedEvent[] = []
  const blinded: string[] = []
  for (const m of members) {
    const asked = await requestCredential(state, poll, {}, random)
    blinded.push(asked.draft.body.blinded[issuer.publicKey]!)
    requests.push(await m.next(space, asked.draft.type, asked.draft.body, t++))
  }
  await submit(ledger, requests)
  await ledger.store.close()

  const tend = veche(dir, ['--json', 'secret', 'tend'])
  const steps = (JSON.parse(tend.out) as { steps: { step: string; count?: number }[] }).steps
  const issued = steps.filter((s) => s.step === 'issued').reduce((a, s) => a + (s.count ?? 0), 0)
  if (issued !== N) throw new Error(`expected ${N} credentials issued, got ${issued}`)

  // Floor: OpenSSL's blind signature alone, on the same messages, in this process.
  const walletFile = join(dir, 'secrets', issuer.publicKey, `${poll}.json`)
  const { wallet } = JSON.parse(readFileSync(walletFile, 'utf8')) as {
    wallet: { issuerPrivateKey: string }
  }
  const start = process.hrtime.bigint()
  for (const message of blinded) nodeBlindSign(wallet.issuerPrivateKey, message)
  const floor = Number(process.hrtime.bigint() - start) / 1e9

  emitBench({
    bench: 'secret.tend.issue',
    value: Number(tend.seconds.toFixed(2)),
    unit: `s for ${N} credentials`,
    ratio: Number((tend.seconds / floor).toFixed(2)),
    perCredentialMs: Number(((tend.seconds * 1000) / N).toFixed(2)),
    per10k: Number(((tend.seconds * 10_000) / N).toFixed(1)),
    floorSeconds: Number(floor.toFixed(2)),
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
