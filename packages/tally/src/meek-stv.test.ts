import fc from 'fast-check'
import { expect, test } from 'vitest'
import { readBlt } from './blt-format.js'
import { MEEK_SCALE, tallyMeekStv } from './meek-stv.js'
import { buildRankedElection } from './ranked-election.js'
import { readElectionBytes } from './test-data.js'

const U = MEEK_SCALE

function named(ballots: [number, ...string[]][], seats: number, candidates = ['A', 'B', 'C']) {
  const election = buildRankedElection({
    candidates,
    seats,
    ballots: ballots.map(([weight, ...ranking]) => ({ weight, ranking })),
  })
  if (!election.ok) throw new Error(election.message)
  return election.report
}

test('meek by hand: A keeps 4 of 6 and passes 2 on to B, who is elected next', () => {
  const outcome = tallyMeekStv(
    named(
      [
        [6, 'A', 'B'],
        [3, 'C'],
        [3, 'B'],
      ],
      2,
    ),
    { tieBreakSeed: 'm' },
  )
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  const [first, second] = outcome.report.stages
  // quota = 12 / 3 + 0.000000001
  expect(first?.quota).toBe(4 * U + 1)
  expect(first?.elected).toEqual(['A'])
  // A's keep value converges near 2/3, and B gets the rest of A's votes
  expect(second?.elected).toEqual(['B'])
  expect(Math.abs((second?.keepValues[0] ?? 0) - (2 * U) / 3)).toBeLessThan(1000)
  expect(Math.abs((second?.totals[0] ?? 0) - 4 * U)).toBeLessThan(100_000)
  expect(outcome.report.winners).toEqual(['A', 'B'])
})

test('meek: an exhausted vote lowers the quota (unlike Scottish STV)', () => {
  // 9 votes, 1 seat: A 4, B 3, C 2 (C's voters rank nobody else). C excluded -> 7 votes left,
  // quota 3.5 + 1e-9: A is elected with 4 although 4 < the first quota of 4.5
  const outcome = tallyMeekStv(
    named(
      [
        [4, 'A'],
        [3, 'B'],
        [2, 'C'],
      ],
      1,
    ),
    { tieBreakSeed: 'm' },
  )
  expect(outcome.ok && outcome.report.stages.map((s) => s.quota)).toEqual([
    4.5 * U + 1,
    3.5 * U + 1,
  ])
  expect(outcome.ok && outcome.report.winners).toEqual(['A'])
})

test('meek: counts Glasgow ward 1 (8,800 ballots, 12 candidates), conserving every vote', () => {
  const election = readBlt(readElectionBytes('scotland-2017/glasgow-2017-ward1.blt'))
  if (!election.ok) throw new Error(election.message)
  const outcome = tallyMeekStv(election.report, { tieBreakSeed: 'g1' })
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  expect(outcome.report.winners).toHaveLength(4)
  // the same four as the official Scottish count here
  expect([...outcome.report.winners].sort()).toEqual(
    [
      'Euan BLOCKLEY (C)',
      'Glenn ELDER (SNP)',
      'Malcolm CUNNING (Lab)',
      'Margaret MORGAN (SNP)',
    ].sort(),
  )
  for (const stage of outcome.report.stages) {
    expect(stage.totals.reduce((a, b) => a + b, 0) + stage.exhausted).toBe(
      outcome.report.validVotes * U,
    )
  }
})

test('meek property: votes are conserved at every stage and ballot order never matters', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          weight: fc.integer({ min: 1, max: 9 }),
          ranking: fc.shuffledSubarray(['A', 'B', 'C', 'D', 'E'], { minLength: 1 }),
        }),
        { minLength: 1, maxLength: 20 },
      ),
      fc.integer({ min: 1, max: 3 }),
      (ballots, seats) => {
        const count = (list: typeof ballots) => {
          const election = buildRankedElection({
            candidates: ['A', 'B', 'C', 'D', 'E'],
            seats,
            ballots: list,
          })
          if (!election.ok) throw new Error(election.message)
          const outcome = tallyMeekStv(election.report, { tieBreakSeed: 'p' })
          if (!outcome.ok) throw new Error(outcome.message)
          return outcome.report
        }
        const report = count(ballots)
        expect(report.winners).toHaveLength(seats)
        for (const stage of report.stages) {
          expect(stage.totals.reduce((a, b) => a + b, 0) + stage.exhausted).toBe(
            report.validVotes * U,
          )
        }
        expect(count([...ballots].reverse())).toEqual(report)
      },
    ),
    { numRuns: 60 },
  )
})
