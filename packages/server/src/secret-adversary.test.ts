// The secret ballot's first property against a seized hub (docs/secret-ballot.md, "The
// adversary test"). A secret poll of 200 members with random choices runs through a real hub on
// SQLite over HTTP, as phones would drive it: each phone asks for its credential when it first
// sees the poll (the issuer answers at once), and sends its ballot alone to POST /api/ballots a
// little later, so ballots arrive nearly in the order credentials were asked for. Then an
// attacker gets everything the hub has: every file of its data folder (the database, its -wal and
// -shm, anything beside them) copied while the poll is open and again after the count, the whole
// request log at debug level, and every facilitator's keys. It tries every way we know to link a
// ballot to its voter: the physical order of each ballot's bytes in every file (its id, its
// one-time key, its signature, its ciphertext, its credentials; every occurrence), the order of
// rows in every table of every database file, the order of the seal's list, timestamps, sizes,
// keys or credentials seen elsewhere, and the log. Each ordering is matched rank for rank with
// the order of the credential requests in the log.
//
// The bound: if an ordering carries no information, the ballot-to-voter matching it gives is a
// uniformly random matching, and the chance that it gets k or more voters right is at most 1/k!
// (a union bound over the k-sets; the binomial tail of Bin(n, 1/n) is the same to within a few
// per cent). 1/10! < 3e-7, so every ordering must get at most 9 of 200 right (chance: 1). Each
// ordering's rank correlation with the true arrival order must also stay within 5.3 standard
// deviations of 0 (|ρ| ≤ 5.3/√(n−1), p < 1e-7 each): a leak of arrival order that the matching
// is too coarse to turn into links still fails. About 40 orderings are tried (some 120 checks),
// so a correct hub fails this test by chance with probability below 1e-4. The test checks its own power: the
// true arrival order, matched the same way, must link at least 10 (it links about a quarter), so
// a hub that kept ballots in arrival order anywhere the attacker can read fails it.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import Database from 'better-sqlite3-multiple-ciphers'
import {
  castSecretBallot,
  computeEventId,
  finalizeCredentials,
  requestCredential,
  secretCountDraft,
  secretSealDraft,
  tellerRevealDraft,
} from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { Ledger, nodeBlindSign, nodeVerifier, openSqliteStore } from '@veche/store'
import { afterAll, expect, test } from 'vitest'
import { random, secretPollOnLedger } from '../../store/src/test-support/secret-fixture.js'
import { createHub } from './hub.js'

const MEMBERS = 200
/** Correct links an ordering may give at most: P(≥ 10) ≤ 1/10! < 3e-7 by chance. */
const MAX_LINKS = 9
/** Standard deviations a rank correlation may stray from 0 (normal approximation, p < 1e-7). */
const MAX_Z = 5.3

const root = mkdtempSync(join(tmpdir(), 'veche-adversary-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** What the attacker may look for of one ballot. */
interface BallotTrace {
  readonly id: string
  readonly pseudonym: string
  readonly sig: string
  readonly ciphertext: string
  readonly credential: string
}

/** Every offset of `needle` in `hay`. */
function offsets(hay: Buffer, needle: string): number[] {
  const found: number[] = []
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + 1)) found.push(at)
  return found
}

/** Spearman's rank correlation of two equally long lists of distinct numbers. */
function spearman(a: readonly number[], b: readonly number[]): number {
  const rank = (xs: readonly number[]): number[] => {
    const order = xs.map((x, i) => [x, i] as const).sort((p, q) => p[0] - q[0])
    const ranks = new Array<number>(xs.length)
    order.forEach(([, i], r) => (ranks[i] = r))
    return ranks
  }
  const ra = rank(a)
  const rb = rank(b)
  const n = a.length
  let d = 0
  for (let i = 0; i < n; i++) d += (ra[i]! - rb[i]!) ** 2
  return 1 - (6 * d) / (n * (n * n - 1))
}

/** The files of a data folder as they are now (a seizure), and every table row of each database. */
function seize(dir: string): { files: Map<string, Buffer>; rows: Map<string, string[]> } {
  const files = new Map<string, Buffer>()
  for (const name of readdirSync(dir)) files.set(name, readFileSync(join(dir, name)))
  const rows = new Map<string, string[]>()
  const copy = mkdtempSync(join(root, 'seized-'))
  cpSync(dir, copy, { recursive: true })
  for (const [name, bytes] of files) {
    if (!bytes.subarray(0, 16).toString('latin1').startsWith('SQLite format 3')) continue
    const db = new Database(join(copy, name))
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all()
    for (const { name: table } of tables) {
      // The order a plain scan gives (the table's physical order: rowid or key).
      rows.set(
        `${name}:${table}`,
        db
          .prepare(`SELECT * FROM "${table}"`)
          .all()
          .map((row) => JSON.stringify(row)),
      )
    }
    db.close()
  }
  return { files, rows }
}

test(`a seized hub, its log and every facilitator's keys link no more of ${MEMBERS} secret ballots to voters than chance`, async () => {
  const dir = join(root, 'hub')
  cpSync(mkdtempSync(join(root, 'empty-')), dir, { recursive: true })
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  const log: string[] = []
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      log.push(chunk.toString())
      done()
    },
  })
  const hub = await createHub({ ledger, log: { stream, level: 'debug' } })
  const url = await hub.app.listen({ host: '127.0.0.1', port: 0 })
  try {
    const p = await secretPollOnLedger(ledger, { members: MEMBERS })
    const issuer = p.issuers[0]!
    const post = async (path: string, body: unknown): Promise<void> => {
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(res.status, `${path}: ${await res.clone().text()}`).toBe(200)
    }

    // Phones: each sees the poll at a random moment of ten minutes and asks for its credential
    // then; its ballot follows after a random 0–20 s (the member's choice and the app's delay).
    const steps: { at: number; kind: 'ask' | 'cast'; member: number }[] = []
    for (let m = 0; m < MEMBERS; m++) {
      const seen = Math.random() * 600
      steps.push({ at: seen, kind: 'ask', member: m })
      steps.push({ at: seen + Math.random() * 20, kind: 'cast', member: m })
    }
    steps.sort((a, b) => a.at - b.at)
    const arrival: string[] = [] // pseudonyms in the order their ballots reached the hub
    const voterOf = new Map<string, string>() // pseudonym → member key (the truth)
    const traces: BallotTrace[] = []
    for (const step of steps) {
      const member = p.members[step.member]!
      const wallet = p.wallets.get(member.publicKey) ?? {}
      if (step.kind === 'ask') {
        const asked = await requestCredential(
          (await ledger.state(p.space))!,
          p.poll,
          wallet,
          random,
        )
        p.wallets.set(member.publicKey, asked.wallet)
        const request = await p.sign(member, asked.draft)
        await post('/api/events', request)
        // The issuer's device answers at once.
        const blinded = (request.body as { blinded: Record<string, string> }).blinded[
          issuer.publicKey
        ]!
        const signature = nodeBlindSign(p.wallets.get(issuer.publicKey)!.issuerPrivateKey!, blinded)
        await post(
          '/api/events',
          await p.sign(issuer, {
            type: 'secret.credential-issued',
            body: { poll: p.poll, request: computeEventId(request), signature },
          }),
        )
      } else {
        const state = (await ledger.state(p.space))!
        const done = await finalizeCredentials(state, p.poll, member.publicKey, wallet)
        if (!done.ok || done.value === null) throw new Error('no credential')
        const choice = Math.random() < 0.5 ? 'yes' : 'no'
        const cast = await castSecretBallot(state, p.poll, done.value, { choice }, random)
        p.wallets.set(member.publicKey, cast.wallet)
        const ballot: SignedEvent = cast.ballot
        await post('/api/ballots', ballot)
        arrival.push(ballot.author)
        voterOf.set(ballot.author, member.publicKey)
        const body = ballot.body as {
          ciphertext: { box: string }
          credentials: { signature: string }[]
        }
        traces.push({
          id: computeEventId(ballot),
          pseudonym: ballot.author,
          sig: ballot.sig,
          ciphertext: body.ciphertext.box.slice(0, 40),
          credential: body.credentials[0]!.signature.slice(0, 40),
        })
      }
    }
    const open = seize(dir)

    // The seal, the teller's share and the count, through the hub.
    const sealDraft = secretSealDraft((await ledger.state(p.space))!, p.poll)
    await post('/api/events', await p.sign(p.founder, sealDraft))
    for (const teller of p.tellers) {
      const reveal = tellerRevealDraft(
        (await ledger.state(p.space))!,
        p.poll,
        teller.publicKey,
        p.wallets.get(teller.publicKey)!,
      )
      if (!reveal.ok || reveal.value === null) throw new Error('no share')
      await post('/api/events', await p.sign(teller, reveal.value))
    }
    const count = secretCountDraft((await ledger.state(p.space))!, p.poll, p.at())
    if (!count.ok || count.value === null) throw new Error('no count')
    await post('/api/events', await p.sign(p.founder, count.value))
    expect((await ledger.state(p.space))!.polls.get(p.poll)!.status).toBe('closed')
    const counted = seize(dir)

    // —— the attacker ——————————————————————————————————————————————————————————————————
    // The register: members in the order their credential requests stand in the log.
    const requesters: string[] = []
    const byPseudonym = new Map(traces.map((t) => [t.pseudonym, t]))
    for await (const stored of ledger.store.read(p.space)) {
      const event = JSON.parse(stored.json) as SignedEvent
      if (event.type === 'secret.credential-requested') requesters.push(event.author)
    }
    expect(requesters).toHaveLength(MEMBERS)
    const arrivalRank = new Map(arrival.map((pseudonym, i) => [pseudonym, i]))
    const findings: string[] = []
    /** Scores one ordering of ballots (by pseudonym): links, and correlation with arrival. */
    const judge = (name: string, order: readonly string[]): void => {
      const distinct = [...new Set(order)]
      if (distinct.length < 30) return
      if (distinct.length === MEMBERS) {
        for (const [label, list] of [
          ['', distinct],
          [' reversed', [...distinct].reverse()],
        ] as const) {
          const links = list.filter((ps, k) => voterOf.get(ps) === requesters[k]).length
          if (links > MAX_LINKS)
            findings.push(`${name}${label}: ${links} of ${MEMBERS} ballots linked to voters`)
        }
      }
      const rho = spearman(
        distinct.map((_, i) => i),
        distinct.map((ps) => arrivalRank.get(ps)!),
      )
      const bound = MAX_Z / Math.sqrt(distinct.length - 1)
      if (Math.abs(rho) > bound)
        findings.push(
          `${name}: rank correlation ${rho.toFixed(3)} with arrival order over ${distinct.length} ballots (bound ${bound.toFixed(3)})`,
        )
    }
    let tried = 0
    for (const [moment, seized] of [
      ['open', open],
      ['counted', counted],
    ] as const) {
      for (const [file, bytes] of seized.files) {
        for (const probe of ['id', 'pseudonym', 'sig', 'ciphertext', 'credential'] as const) {
          const found = traces.map((t) => ({ ps: t.pseudonym, at: offsets(bytes, t[probe]) }))
          const most = Math.max(0, ...found.map((f) => f.at.length))
          for (let k = 0; k < most; k++) {
            // The k-th occurrence, and the last, of each ballot's bytes, by offset.
            for (const pick of ['k', 'last'] as const) {
              const placed = found
                .map((f) => ({ ps: f.ps, at: pick === 'k' ? f.at[k] : f.at.at(-1) }))
                .filter((f): f is { ps: string; at: number } => f.at !== undefined)
                .sort((a, b) => a.at - b.at)
              judge(
                `${moment} ${file} ${probe} #${pick === 'k' ? k : 'last'}`,
                placed.map((f) => f.ps),
              )
              tried += 1
            }
          }
        }
      }
      for (const [table, rows] of seized.rows) {
        const order: string[] = []
        for (const row of rows) {
          // Within a row (a seal lists many ids), by where each stands in it.
          const inRow = traces
            .map((t) => ({
              ps: t.pseudonym,
              at: Math.max(row.indexOf(t.id), row.indexOf(t.pseudonym)),
            }))
            .filter((f) => f.at >= 0)
            .sort((a, b) => a.at - b.at)
          order.push(...inRow.map((f) => f.ps))
        }
        judge(`${moment} rows of ${table}`, order)
        tried += 1
      }
    }
    // The seal's list (ids) and the log around it.
    const seal = sealDraft.body.ballots
    const idToPseudonym = new Map(traces.map((t) => [t.id, t.pseudonym]))
    judge("the seal's list", seal.map((id) => idToPseudonym.get(id)!).filter(Boolean))
    tried += 1
    // Time and size carry nothing: every ballot has the poll's opening time and one size.
    const ballots = await ledger.store.ballots(p.space, p.poll)
    const times = new Set(ballots.map((b) => (JSON.parse(b.json) as SignedEvent).at))
    const sizes = new Set(
      ballots.map(
        (b) =>
          ((JSON.parse(b.json) as SignedEvent).body as { ciphertext: { box: string } }).ciphertext
            .box.length,
      ),
    )
    expect([...times]).toHaveLength(1)
    expect([...sizes]).toHaveLength(1)
    // No one-time key, credential or ballot signature appears in any event of the log (ids do,
    // in the seal's list, sorted: judged above), and nothing of a ballot, not even its route,
    // appears in the request log.
    const logText = log.join('')
    const events: string[] = []
    for await (const stored of ledger.store.read(p.space)) events.push(stored.json)
    const logJoined = events.join('\n')
    for (const t of traces) {
      for (const probe of [t.pseudonym, t.credential, t.sig])
        expect(logJoined.includes(probe), probe).toBe(false)
      for (const probe of [t.id, t.pseudonym, t.credential, t.sig])
        expect(logText.includes(probe), probe).toBe(false)
      expect(byPseudonym.get(t.pseudonym)).toBeDefined()
    }
    expect(logText).toContain('/api/events')
    expect(logText).not.toContain('/api/ballots')

    // The test's power: the true arrival order, matched the same way, links well past the bound.
    const truth = arrival.filter((ps, k) => voterOf.get(ps) === requesters[k]).length
    expect(truth, 'the simulated phones must make arrival order revealing').toBeGreaterThan(
      MAX_LINKS,
    )
    expect(tried).toBeGreaterThan(20)
    expect(findings, `${tried} orderings tried; arrival order links ${truth}`).toEqual([])
  } finally {
    await hub.close()
    await store.close()
  }
}, 600_000)
