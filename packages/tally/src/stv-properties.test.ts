import fc from 'fast-check'
import { expect, test } from 'vitest'
import { buildRankedElection } from './ranked-election.js'
import { SCOTTISH_SCALE, tallyScottishStv } from './scottish-stv.js'

const names = ['A', 'B', 'C', 'D', 'E', 'F']
const ballotsArb = fc.array(
  fc.record({
    weight: fc.integer({ min: 1, max: 50 }),
    ranking: fc.shuffledSubarray(names, { minLength: 1 }),
  }),
  { minLength: 1, maxLength: 40 },
)

test('scottish stv property: elected + continuing + exhausted + truncation loss = valid votes, every stage', () => {
  fc.assert(
    fc.property(
      ballotsArb,
      fc.integer({ min: 1, max: 5 }),
      fc.boolean(),
      (ballots, seats, finalTransfer) => {
        const election = buildRankedElection({ candidates: names, seats, ballots })
        if (!election.ok) throw new Error(election.message)
        const outcome = tallyScottishStv(election.report, {
          tieBreakSeed: 'c',
          transferFinalExclusion: finalTransfer,
        })
        if (!outcome.ok) throw new Error(outcome.message)
        const report = outcome.report
        expect(report.winners).toHaveLength(seats)
        expect(new Set(report.winners).size).toBe(seats)
        for (const stage of report.stages) {
          const sum =
            stage.totals.reduce((a, b) => a + b, 0) + stage.exhausted + stage.lostToTruncation
          expect(sum).toBe(report.validVotes * SCOTTISH_SCALE)
          expect(stage.totals.every((t) => Number.isSafeInteger(t) && t >= 0)).toBe(true)
        }
        // plain JSON: no NaN, Infinity or undefined anywhere
        expect(JSON.parse(JSON.stringify(report))).toEqual(report)
      },
    ),
    { numRuns: 200 },
  )
})

test('scottish stv property: the order of ballots never changes the result', () => {
  fc.assert(
    fc.property(ballotsArb, fc.integer({ min: 1, max: 4 }), (ballots, seats) => {
      const count = (list: typeof ballots) => {
        const election = buildRankedElection({ candidates: names, seats, ballots: list })
        if (!election.ok) throw new Error(election.message)
        return tallyScottishStv(election.report, { tieBreakSeed: 'o' })
      }
      expect(count([...ballots].reverse())).toEqual(count(ballots))
    }),
    { numRuns: 100 },
  )
})

test('scottish stv: bad requests are failure values with stable codes', () => {
  const built = buildRankedElection({
    candidates: ['A', 'B'],
    seats: 1,
    ballots: [{ ranking: ['A'] }],
  })
  if (!built.ok) throw new Error(built.message)
  const e = built.report
  expect(tallyScottishStv(e, { tieBreakSeed: 'x', seats: 3 })).toMatchObject({
    ok: false,
    code: 'tally.too-many-seats',
  })
  expect(tallyScottishStv(e, { tieBreakSeed: 'x', seats: 0 })).toMatchObject({
    ok: false,
    code: 'tally.invalid-seats',
  })
  expect(tallyScottishStv({ ...e, withdrawn: [0, 1] }, { tieBreakSeed: 'x' })).toMatchObject({
    ok: false,
    code: 'tally.all-withdrawn',
  })
  expect(tallyScottishStv({ ...e, withdrawn: [0] }, { tieBreakSeed: 'x' })).toMatchObject({
    ok: false,
    code: 'tally.no-ballots',
  })
  const empty = buildRankedElection({ candidates: ['A', 'B'], ballots: [] })
  expect(empty.ok && tallyScottishStv(empty.report, { tieBreakSeed: 'x' })).toMatchObject({
    ok: false,
    code: 'tally.no-ballots',
  })
  expect(
    buildRankedElection({ candidates: ['A'], ballots: [{ ranking: ['A'], weight: -1 }] }),
  ).toMatchObject({
    ok: false,
    code: 'tally.invalid-weight',
  })
  expect(
    buildRankedElection({ candidates: ['A'], ballots: [{ ranking: ['A', 'A'] }] }),
  ).toMatchObject({
    ok: false,
    code: 'tally.duplicate-ranking',
  })
  expect(buildRankedElection({ candidates: ['A'], ballots: [{ ranking: ['Q'] }] })).toMatchObject({
    ok: false,
    code: 'tally.unknown-candidate',
  })
  const none = buildRankedElection({ candidates: [], ballots: [] })
  expect(none.ok && tallyScottishStv(none.report, { tieBreakSeed: 'x' })).toMatchObject({
    ok: false,
    code: 'tally.no-options',
  })
})
