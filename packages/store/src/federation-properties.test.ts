// Properties of federation through the ledger on a real SQLite store (fast-check): whatever
// elections (with or without a term end), recalls (closed by a plain member) and passing time
// happen in whatever order, a council's voting members are exactly the current, un-recalled
// delegates whose terms have not ended, and a key whose seat ended has its council ballot refused
// with `delegate.seat-ended`, or `delegate.term-ended` when its term ran out; whatever the member spaces answer, a referral's total is the sum of its
// parts and its outcome follows its rule, checked against counts made here from the votes.
// (Replaying the log in any valid order: federation.test.ts.)
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { computeReferralResult, seatedDelegates } from '@veche/core'
import type { EventAuthor } from '@veche/core'
import { openSqliteStore } from './adapters.js'
import { Ledger } from './ledger.js'
import { nodeVerifier } from './node-ed25519.js'
import { foundAssembly, submitAll, submitOne } from './test-support/assembly-fixture.js'
import {
  advance,
  castAndClose,
  decide,
  electDelegates,
  foundCouncil,
  joinCouncil,
  notice,
  now,
  tick,
} from './test-support/federation-fixture.js'
import type { Body } from './test-support/federation-fixture.js'
import { lastEventOfType } from './test-support/federation-scenario.js'

/** Runs `body` with a ledger over a new SQLite store, removed afterwards. */
async function withLedger<T>(body: (ledger: Ledger) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-federation-property-'))
  const store = await openSqliteStore(join(dir, 'veche.db'))
  try {
    return await body(new Ledger(store, nodeVerifier))
  } finally {
    await store.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function hood(ledger: Ledger): Promise<Body> {
  const { space, founder, alice, bob } = await foundAssembly(ledger)
  return { space, facilitator: founder, voters: [founder, alice, bob] }
}

const step = fc.record({
  hood: fc.nat({ max: 2 }),
  op: fc.constantFrom('elect', 'recall', 'wait'),
  delegate: fc.nat({ max: 2 }),
  /** Waits of a second the term lasts (its end falls inside a wait), or null: no end. */
  term: fc.option(fc.nat({ max: 2 }), { nil: null }),
})

/** A step makes far fewer events than this, so a term's end is passed only by a wait. */
const WAIT = 1_000

test('property: a council votes by exactly its current, un-recalled, unexpired delegates; an ended seat’s ballot is refused with its code', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 7 }), (steps) =>
      withLedger(async (ledger) => {
        const council = await foundCouncil(ledger, 'District')
        const hoods = [await hood(ledger), await hood(ledger), await hood(ledger)]
        for (const h of hoods) await joinCouncil(ledger, h, council)
        const [poll] = await submitAll(ledger, [
          await council.convenor.next(
            council.council,
            'poll.opened.2',
            {
              question: 'Open the night bus line?',
              proposal: null,
              method: 'majority',
              options: ['yes', 'no'],
              voters: 'members',
              threshold: { num: 1, den: 2 },
              seats: 1,
              scoreRange: null,
              tieBreakSeed: 'property-1',
            },
            tick(),
          ),
        ])
        // The model: each hood's seated delegate, alternates and term end; every key ever seated;
        // the council's time (the claimed time of the last event it accepted).
        type Seat = { seated: EventAuthor | null; alternates: EventAuthor[]; ends: number | null }
        const seat = new Map<number, Seat>()
        const everSeated = new Set<EventAuthor>()
        let councilTime = now()
        const expired = (m: Seat) => m.ends !== null && m.ends <= councilTime
        for (const s of steps) {
          const h = hoods[s.hood]!
          const model = seat.get(s.hood) ?? { seated: null, alternates: [], ends: null }
          if (s.op === 'wait') {
            advance(WAIT)
            await submitAll(ledger, [
              await council.convenor.next(
                council.council,
                'proposal.submitted',
                { title: 'Time passes', text: 'A council event claimed a second later.' },
                tick(),
              ),
            ])
          } else if (s.op === 'elect') {
            const delegate = h.voters[s.delegate]!
            const alternate = h.voters[(s.delegate + 1) % 3]!
            const ends = s.term === null ? null : now() + s.term * WAIT + WAIT / 2
            await electDelegates(
              ledger,
              h,
              council.council,
              [delegate],
              [alternate],
              alternate,
              ends,
            )
            seat.set(s.hood, { seated: delegate, alternates: [alternate], ends })
            everSeated.add(delegate)
          } else {
            if (model.seated === null) continue
            if (expired(model)) {
              // Nothing to recall once the term has ended.
              const refused = await submitOne(
                ledger,
                await h.voters[1]!.next(
                  h.space,
                  'recall.started',
                  { council: council.council, delegate: model.seated.publicKey, reason: '' },
                  tick(),
                ),
              )
              expect(refused).toMatchObject({ status: 'rejected', code: 'delegate.term-ended' })
              const head = (await ledger.state(h.space))!.heads.get(h.voters[1]!.publicKey)
              h.voters[1]!.follow(h.space, head ?? null)
              continue
            }
            const [recall] = await submitAll(ledger, [
              await h.voters[1]!.next(
                h.space,
                'recall.started',
                { council: council.council, delegate: model.seated.publicKey, reason: '' },
                tick(),
              ),
            ])
            // Closed by a plain member (neither its opener nor a facilitator): it passes.
            await castAndClose(
              ledger,
              h.space,
              h.voters[2]!,
              recall!,
              h.voters.map((v) => [v, { choice: 'recall' }] as const),
            )
            const closed = await lastEventOfType(ledger.store, h.space, 'poll.closed')
            await notice(ledger, h.voters[2]!, council.council, closed)
            const next = model.alternates.shift() ?? null
            seat.set(s.hood, { seated: next, alternates: model.alternates, ends: model.ends })
            if (next !== null) everSeated.add(next)
          }
          councilTime = now()
          const state = (await ledger.state(council.council))!
          const seated = [...seat.values()].flatMap((m) => (m.seated === null ? [] : [m.seated]))
          const current = [...seat.values()].flatMap((m) =>
            m.seated === null || expired(m) ? [] : [m.seated],
          )
          const expected = current.map((a) => a.publicKey as string).sort()
          expect(seatedDelegates(state.council!)).toEqual(expected)
          // Every key once seated and neither current nor an alternate now: its council ballot is
          // refused with its code (term-ended while it still holds the seat of a lapsed term).
          const alternates = [...seat.values()].flatMap((m) => m.alternates)
          for (const key of everSeated) {
            if (current.includes(key) || alternates.includes(key)) continue
            const code = seated.includes(key) ? 'delegate.term-ended' : 'delegate.seat-ended'
            const outcome = await submitOne(
              ledger,
              await key.next(
                council.council,
                'ballot.cast',
                { poll: poll!, vote: { choice: 'yes' } },
                tick(),
              ),
            )
            expect(outcome).toMatchObject({ status: 'rejected', code })
            const head = (await ledger.state(council.council))!.heads.get(key.publicKey)
            key.follow(council.council, head ?? null)
          }
        }
      }),
    ),
    { numRuns: 15 },
  )
}, 120_000)

const vote = fc.constantFrom('yes', 'no', null)
const answer = fc.option(fc.tuple(vote, vote, vote), { nil: null })

test('property: a referral’s total is the sum of its parts, and its outcome follows its rule', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(answer, { minLength: 1, maxLength: 5 }),
      fc.constantFrom('spaces', 'members', 'both'),
      (answers, rule) =>
        withLedger(async (ledger) => {
          const council = await foundCouncil(ledger, 'District')
          const hoods: Body[] = []
          for (let i = 0; i < answers.length; i++) hoods.push(await hood(ledger))
          for (const h of hoods) await joinCouncil(ledger, h, council)
          const [motion] = await submitAll(ledger, [
            await council.convenor.next(
              council.council,
              'proposal.submitted',
              { title: 'Rent cap', text: 'Cap rents.' },
              tick(),
            ),
          ])
          const [referral] = await submitAll(ledger, [
            await council.convenor.next(
              council.council,
              'referral.opened',
              { motion: motion!, rule },
              tick(),
            ),
          ])
          // Counted here, from the votes, independently of the fold.
          let yes = 0
          let no = 0
          let abstain = 0
          let spacesFor = 0
          for (const [i, votes] of answers.entries()) {
            if (votes === null) continue
            const h = hoods[i]!
            const poll = await decide(
              ledger,
              h.space,
              h.facilitator,
              { method: 'majority', options: ['yes', 'no'] },
              h.voters.map((v, j) => [v, { choice: votes[j] }] as const),
            )
            const y = votes.filter((v) => v === 'yes').length
            const n = votes.filter((v) => v === 'no').length
            yes += y
            no += n
            abstain += 3 - y - n
            if (y > n) spacesFor++
            const [answered] = await submitAll(ledger, [
              await h.facilitator.next(
                h.space,
                'referral.answered',
                {
                  council: council.council,
                  referral: referral!,
                  poll,
                  for: y,
                  against: n,
                  abstain: 3 - y - n,
                },
                tick(),
              ),
            ])
            await notice(ledger, h.voters[1]!, council.council, answered!)
          }
          const state = (await ledger.state(council.council))!
          const result = computeReferralResult(
            state.council!,
            state.council!.referrals.get(referral!)!,
          )
          await submitAll(ledger, [
            await council.convenor.next(
              council.council,
              'referral.closed',
              { referral: referral!, result },
              tick(),
            ),
          ])
          const sum = (key: 'for' | 'against' | 'abstain') =>
            result.parts.reduce((s, p) => s + p[key], 0)
          expect(result.totals).toEqual({
            for: sum('for'),
            against: sum('against'),
            abstain: sum('abstain'),
          })
          expect(result.totals).toEqual({ for: yes, against: no, abstain })
          expect(result.parts).toHaveLength(answers.length)
          const spaces = 2 * spacesFor > answers.length
          const members = yes > no
          const passes =
            rule === 'spaces' ? spaces : rule === 'members' ? members : spaces && members
          expect(result.outcome).toBe(passes ? 'ratified' : 'rejected')
          expect(
            (await ledger.state(council.council))!.council!.referrals.get(referral!)!.status,
          ).toBe('closed')
        }),
    ),
    { numRuns: 15 },
  )
}, 120_000)
