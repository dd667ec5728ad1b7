import fc from 'fast-check'
import { expect, test } from 'vitest'
import { tallyApproval, tallyBorda, tallyPlurality } from './approval.js'
import { buildRankedElection } from './ranked-election.js'
import type { NamedRankedBallot } from './ranked-election.js'
import { tallyDotVoting, tallyScore } from './score.js'

function election(
  ballots: NamedRankedBallot[],
  candidates = ['A', 'B', 'C', 'D'],
  withdrawn: string[] = [],
) {
  const built = buildRankedElection({ candidates, ballots, withdrawn })
  if (!built.ok) throw new Error(built.message)
  return built.report
}

test('approval by hand: counts every approved candidate, best first, with the ranking in tiers', () => {
  const outcome = tallyApproval(
    election([
      { ranking: [['A', 'B']], weight: 3 },
      { ranking: [['B', 'C']], weight: 2 },
      { ranking: [['D']] },
    ]),
    { tieBreakSeed: 'a', seats: 2 },
  )
  expect(outcome.ok && outcome.report.totals).toEqual([3, 5, 2, 1])
  expect(outcome.ok && outcome.report.winners).toEqual(['B', 'A'])
  expect(outcome.ok && outcome.report.ranking).toEqual([['B'], ['A'], ['C'], ['D']])
})

test('plurality by hand: first preferences only; a ballot with two equal first choices is not counted', () => {
  const outcome = tallyPlurality(
    election([
      { ranking: ['A', 'B'], weight: 3 },
      { ranking: ['B'], weight: 4 },
      { ranking: [['C', 'D']], weight: 9 },
    ]),
    { tieBreakSeed: 'p' },
  )
  expect(outcome.ok && outcome.report.totals).toEqual([3, 4, 0, 0])
  expect(outcome.ok && outcome.report.winners).toEqual(['B'])
})

test('borda by hand: n-1 points for first; unranked get 0; withdrawn candidates are left out', () => {
  const ballots = [{ ranking: ['A', 'B', 'C', 'D'], weight: 2 }, { ranking: ['D', 'C'] }]
  const full = tallyBorda(election(ballots), { tieBreakSeed: 'b' })
  // A: 2x3 = 6; B: 2x2 = 4; C: 2x1 + 2 = 4; D: 0 + 3 = 3
  expect(full.ok && full.report.totals).toEqual([6, 4, 4, 3])
  expect(full.ok && full.report.ranking).toEqual([['A'], ['B', 'C'], ['D']])
  const withdrawn = tallyBorda(election(ballots, ['A', 'B', 'C', 'D'], ['A']), {
    tieBreakSeed: 'b',
  })
  // 3 standing: B 2x2 = 4, C 2x1 + 1 = 3, D 0 + 2 = 2
  expect(withdrawn.ok && withdrawn.report.totals).toEqual([0, 4, 3, 2])
  expect(withdrawn.ok && withdrawn.report.withdrawn).toEqual(['A'])
  const loomio = tallyBorda(election(ballots), { tieBreakSeed: 'b', loomioRanks: 2 })
  // Loomio with 2 ranks: first 2 points, second 1, later 0
  expect(loomio.ok && loomio.report.totals).toEqual([4, 2, 1, 2])
})

test('score by hand: missing scores count as the minimum; a tie for the seat goes to the lot', () => {
  const outcome = tallyScore({
    candidates: ['A', 'B', 'C'],
    ballots: [{ scores: { A: 5, B: 2 } }, { scores: { B: 3, C: 5 }, weight: 1 }],
    tieBreakSeed: 's',
  })
  expect(outcome.ok && outcome.report.totals).toEqual([5, 5, 5])
  expect(outcome.ok && outcome.report.tieBreak?.among).toEqual(['A', 'B', 'C'])
  expect(outcome.ok && outcome.report.winners).toEqual([
    outcome.ok && outcome.report.tieBreak?.order[0],
  ])
})

test('points methods: bad input gives stable failure codes', () => {
  const e = election([{ ranking: ['A'] }])
  expect(tallyApproval(e, { tieBreakSeed: 'x', seats: 5 })).toMatchObject({
    code: 'tally.too-many-seats',
  })
  expect(tallyApproval(e, { tieBreakSeed: 'x', seats: 0 })).toMatchObject({
    code: 'tally.invalid-seats',
  })
  expect(tallyApproval(election([]), { tieBreakSeed: 'x' })).toMatchObject({
    code: 'tally.no-ballots',
  })
  const base = { candidates: ['A', 'B'], tieBreakSeed: 'x' }
  expect(tallyScore({ ...base, ballots: [{ scores: { A: 6 } }] })).toMatchObject({
    code: 'tally.invalid-score',
  })
  expect(tallyScore({ ...base, ballots: [{ scores: { A: 1.5 } }] })).toMatchObject({
    code: 'tally.invalid-score',
  })
  expect(tallyScore({ ...base, ballots: [{ scores: { Z: 1 } }] })).toMatchObject({
    code: 'tally.unknown-candidate',
  })
  expect(tallyScore({ ...base, ballots: [{ scores: { A: 1 }, weight: 0 }] })).toMatchObject({
    code: 'tally.invalid-weight',
  })
  expect(tallyScore({ ...base, ballots: [] })).toMatchObject({ code: 'tally.no-ballots' })
})

const names = ['A', 'B', 'C', 'D']

test('approval property: renaming the candidates renames the result and changes nothing else', () => {
  fc.assert(
    fc.property(
      fc.array(fc.record({ weight: fc.integer({ min: 1, max: 5 }), approve: fc.subarray(names) }), {
        minLength: 1,
        maxLength: 20,
      }),
      fc.shuffledSubarray(['w', 'x', 'y', 'z'], { minLength: 4, maxLength: 4 }),
      (ballots, renamed) => {
        const rename = (n: string) => renamed[names.indexOf(n)] as string
        const count = (cands: string[], map: (n: string) => string) => {
          const outcome = tallyApproval(
            election(
              ballots.map((b) => ({
                weight: b.weight,
                ranking: b.approve.length ? [b.approve.map(map)] : [],
              })),
              cands,
            ),
            { tieBreakSeed: 'r', seats: 2 },
          )
          if (!outcome.ok) throw new Error(outcome.message)
          return outcome.report
        }
        const before = count(names, (n) => n)
        const after = count(names.map(rename), rename)
        expect(after.totals).toEqual(before.totals)
        expect(after.ranking).toEqual(before.ranking.map((tier) => tier.map(rename)))
        if (before.tieBreak === null) expect(after.winners).toEqual(before.winners.map(rename))
      },
    ),
  )
})

test('score property: renaming the candidates renames the result and changes nothing else', () => {
  fc.assert(
    fc.property(
      fc.array(fc.dictionary(fc.constantFrom(...names), fc.integer({ min: 0, max: 5 })), {
        minLength: 1,
        maxLength: 20,
      }),
      fc.shuffledSubarray(['w', 'x', 'y', 'z'], { minLength: 4, maxLength: 4 }),
      (ballots, renamed) => {
        const rename = (n: string) => renamed[names.indexOf(n)] as string
        const before = tallyScore({
          candidates: names,
          ballots: ballots.map((scores) => ({ scores })),
          tieBreakSeed: 'r',
        })
        const after = tallyScore({
          candidates: names.map(rename),
          ballots: ballots.map((s) => ({
            scores: Object.fromEntries(Object.entries(s).map(([k, v]) => [rename(k), v])),
          })),
          tieBreakSeed: 'r',
        })
        if (!before.ok || !after.ok) throw new Error('count failed')
        expect(after.report.totals).toEqual(before.report.totals)
        expect(after.report.ranking).toEqual(before.report.ranking.map((tier) => tier.map(rename)))
        if (before.report.tieBreak === null)
          expect(after.report.winners).toEqual(before.report.winners.map(rename))
      },
    ),
  )
})

test('dot voting by hand: dots add up; more dots than allowed, or too many on one option, fail', () => {
  const base = {
    candidates: ['Park', 'Library', 'Bikes'],
    dotsPerVoter: 5,
    maxPerOption: 3,
    tieBreakSeed: 'd',
  }
  const outcome = tallyDotVoting({
    ...base,
    ballots: [{ scores: { Park: 3, Bikes: 2 } }, { scores: { Library: 3, Park: 1 }, weight: 2 }],
  })
  expect(outcome.ok && outcome.report.totals).toEqual([5, 6, 2])
  expect(outcome.ok && outcome.report.winners).toEqual(['Library'])
  expect(tallyDotVoting({ ...base, ballots: [{ scores: { Park: 3, Bikes: 3 } }] })).toMatchObject({
    code: 'tally.invalid-score',
    message: 'ballot 1 places 6 dots; each voter has 5',
  })
  expect(tallyDotVoting({ ...base, ballots: [{ scores: { Park: 4 } }] })).toMatchObject({
    code: 'tally.invalid-score',
  })
})
