import fc from 'fast-check'
import { expect, test } from 'vitest'
import { tallyIrv } from './irv.js'
import { buildRankedElection } from './ranked-election.js'
import { tallyScottishStv } from './scottish-stv.js'

function named(ballots: [number, ...string[]][], candidates = ['A', 'B', 'C', 'D']) {
  const election = buildRankedElection({
    candidates,
    ballots: ballots.map(([weight, ...ranking]) => ({ weight, ranking })),
  })
  if (!election.ok) throw new Error(election.message)
  return election.report
}

test('irv by hand: C is excluded, its votes elect B over the first-round leader A', () => {
  const outcome = tallyIrv(
    named([
      [8, 'A'],
      [6, 'B'],
      [3, 'C', 'B'],
      [1, 'D', 'C'],
    ]),
    { tieBreakSeed: 'i' },
  )
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  const stages = outcome.report.stages
  expect(stages.map((s) => s.totals)).toEqual([
    [8, 6, 3, 1],
    [8, 6, 4, 0],
    [8, 9, 0, 0],
  ])
  expect(stages.map((s) => s.excluded)).toEqual([['D'], ['C'], []])
  expect(outcome.report.winners).toEqual(['B'])
  expect(stages[2]?.exhausted).toBe(1)
  expect(stages[2]?.notes[0]).toContain('more than half of the 17 votes')
})

test('irv: a tie for fewest looks back to the most recent round where the two differed', () => {
  // round 1: A 5, B 4, C 3, D 1; D's vote goes to C. Round 2: A 5, B 4, C 4: B and C tie for
  // fewest; in round 1 C had fewer (3 < 4), so C is excluded, without a lot
  const outcome = tallyIrv(
    named([
      [5, 'A'],
      [4, 'B'],
      [3, 'C'],
      [1, 'D', 'C'],
    ]),
    { tieBreakSeed: 'i' },
  )
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  expect(outcome.report.stages[1]?.excluded).toEqual(['C'])
  expect(outcome.report.stages[1]?.notes[0]).toContain('settled by stage 1')
  expect(outcome.report.stages[1]?.lots).toEqual([])
})

test('irv: bad input is a failure value', () => {
  const election = named([[1, 'A']])
  expect(
    tallyIrv(
      { ...election, ballots: { ...election.ballots, totalWeight: 0 } },
      { tieBreakSeed: 'x' },
    ),
  ).toMatchObject({
    ok: false,
    code: 'tally.no-ballots',
  })
  expect(tallyIrv({ ...election, withdrawn: [0, 1, 2, 3] }, { tieBreakSeed: 'x' })).toMatchObject({
    ok: false,
    code: 'tally.all-withdrawn',
  })
  const equal = buildRankedElection({
    candidates: ['A', 'B'],
    ballots: [{ ranking: [['A', 'B']] }],
  })
  expect(equal.ok && tallyIrv(equal.report, { tieBreakSeed: 'x' })).toMatchObject({
    ok: false,
    code: 'tally.equal-ranking',
  })
})

const ballotsArb = fc.array(
  fc.record({
    weight: fc.integer({ min: 1, max: 9 }),
    ranking: fc.shuffledSubarray(['A', 'B', 'C', 'D', 'E'], { minLength: 1 }),
  }),
  { minLength: 1, maxLength: 30 },
)

test('irv property: with one seat (so no surplus is ever transferred) Scottish STV elects the IRV winner', () => {
  fc.assert(
    fc.property(ballotsArb, fc.string({ maxLength: 4 }), (ballots, seed) => {
      const election = buildRankedElection({ candidates: ['A', 'B', 'C', 'D', 'E'], ballots })
      if (!election.ok) throw new Error(election.message)
      const irv = tallyIrv(election.report, { tieBreakSeed: seed })
      const stv = tallyScottishStv(election.report, { tieBreakSeed: seed, seats: 1 })
      if (!irv.ok || !stv.ok) throw new Error('count failed')
      expect(stv.report.winners).toEqual(irv.report.winners)
      // and the exclusions, round by round, are the same until IRV stops
      const excluded = (stages: readonly { readonly excluded: readonly string[] }[]) =>
        stages.flatMap((s) => s.excluded)
      expect(excluded(stv.report.stages).slice(0, excluded(irv.report.stages).length)).toEqual(
        excluded(irv.report.stages),
      )
    }),
    { numRuns: 200 },
  )
})

test('irv property: ballot order never changes the report', () => {
  fc.assert(
    fc.property(ballotsArb, (ballots) => {
      const count = (list: typeof ballots) => {
        const election = buildRankedElection({
          candidates: ['A', 'B', 'C', 'D', 'E'],
          ballots: list,
        })
        if (!election.ok) throw new Error(election.message)
        return tallyIrv(election.report, { tieBreakSeed: 'o' })
      }
      expect(count([...ballots].reverse())).toEqual(count(ballots))
    }),
  )
})
