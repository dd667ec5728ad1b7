import fc from 'fast-check'
import { expect, test } from 'vitest'
import { readDebianTallySheet } from './debian-tally-sheet.js'
import { buildRankedElection } from './ranked-election.js'
import { tallyDebian, tallySchulze } from './schulze.js'
import { readElectionBytes, readElectionJson } from './test-data.js'

interface Expected {
  readonly elections: Readonly<
    Record<
      string,
      {
        readonly file: string
        readonly options: readonly string[]
        readonly ballots: number
        readonly officialWinner: string
        readonly ranking: readonly (readonly string[])[]
        readonly droppedForNotDefeatingDefault: Readonly<Record<string, string>>
        readonly pairwise: Readonly<Record<string, Readonly<Record<string, number>>>>
      }
    >
  >
}

const expected = readElectionJson<Expected>('debian/expected.json')

for (const [id, election] of Object.entries(expected.elections)) {
  test(`debian: ${id} gives the official winner, full ranking, pairwise matrix and dropped options`, () => {
    const sheet = readDebianTallySheet(readElectionBytes(`debian/${election.file}`))
    expect(sheet.ok).toBe(true)
    if (!sheet.ok) return
    expect(sheet.report.candidates).toEqual(election.options)
    expect(sheet.report.ballots.totalWeight).toBe(election.ballots)
    const outcome = tallyDebian(sheet.report, { tieBreakSeed: id })
    expect(outcome.ok).toBe(true)
    if (!outcome.ok) return
    const report = outcome.report
    expect(report.winners).toEqual([election.officialWinner])
    expect(report.ranking).toEqual(election.ranking)
    expect(report.dropped.map((d) => d.option).sort()).toEqual(
      Object.keys(election.droppedForNotDefeatingDefault).sort(),
    )
    for (const [a, row] of Object.entries(election.pairwise)) {
      for (const [b, votes] of Object.entries(row)) {
        expect(
          report.pairwise[report.candidates.indexOf(a)]?.[report.candidates.indexOf(b)],
          `${a} over ${b}`,
        ).toBe(votes)
      }
    }
    expect(report.condorcetWinner).toBe(election.officialWinner)
    expect(report.tieBreak).toBe(null)
    // plain Schulze over the same ballots agrees on the winner
    const plain = tallySchulze(sheet.report, { tieBreakSeed: id })
    expect(plain.ok && plain.report.winners).toEqual([election.officialWinner])
  })
}

function named(ballots: [number, ...(string | string[])[]][], candidates = ['A', 'B', 'C', 'D']) {
  const election = buildRankedElection({
    candidates,
    ballots: ballots.map(([weight, ...ranking]) => ({ weight, ranking })),
  })
  if (!election.ok) throw new Error(election.message)
  return election.report
}

test('schulze by hand: the Wikipedia example (45 voters, 5 candidates) ranks E > A > C > B > D', () => {
  const election = named(
    [
      [5, 'A', 'C', 'B', 'E', 'D'],
      [5, 'A', 'D', 'E', 'C', 'B'],
      [8, 'B', 'E', 'D', 'A', 'C'],
      [3, 'C', 'A', 'B', 'E', 'D'],
      [7, 'C', 'A', 'E', 'B', 'D'],
      [2, 'C', 'B', 'A', 'D', 'E'],
      [7, 'D', 'C', 'E', 'B', 'A'],
      [8, 'E', 'B', 'A', 'D', 'C'],
    ],
    ['A', 'B', 'C', 'D', 'E'],
  )
  const outcome = tallySchulze(election, { tieBreakSeed: 'w' })
  expect(outcome.ok && outcome.report.ranking).toEqual([['E'], ['A'], ['C'], ['B'], ['D']])
  expect(outcome.ok && outcome.report.strongestPaths[0]).toEqual([0, 28, 28, 30, 24])
  expect(outcome.ok && outcome.report.condorcetWinner).toBe(null)
})

test('schulze: unranked candidates rank equal, below the ranked ones', () => {
  const election = named([
    [3, 'A'],
    [2, 'B', 'C'],
  ])
  const outcome = tallySchulze(election, { tieBreakSeed: 's' })
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  expect(outcome.report.pairwise[0]).toEqual([0, 3, 3, 3])
  expect(outcome.report.pairwise[1]).toEqual([2, 0, 2, 2])
  expect(outcome.report.winners).toEqual(['A'])
  expect(outcome.report.condorcetWinner).toBe('A')
  expect(outcome.report.condorcetLoser).toBe('D')
  expect(outcome.report.ranking).toEqual([['A'], ['B'], ['C'], ['D']])
})

test('schulze: a perfect tie is settled by the seeded lot and recorded', () => {
  const election = named([
    [1, 'A', 'B'],
    [1, 'B', 'A'],
  ])
  const outcome = tallySchulze(election, { tieBreakSeed: 'coin' })
  expect(outcome.ok && outcome.report.ranking[0]).toEqual(['A', 'B'])
  expect(outcome.ok && outcome.report.tieBreak?.among).toEqual(['A', 'B'])
  expect(outcome.ok && outcome.report.winners).toEqual([
    outcome.ok && outcome.report.tieBreak?.order[0],
  ])
})

test('debian: an option below the default is dropped and cannot win', () => {
  const election = named(
    [
      [4, 'A', 'NOTA'],
      [3, 'NOTA', 'A'],
      [2, 'B', 'A', 'NOTA'],
    ],
    ['A', 'B', 'NOTA'],
  )
  const outcome = tallyDebian(election, { tieBreakSeed: 'd', defaultOption: 'NOTA' })
  expect(outcome.ok && outcome.report.dropped).toEqual([
    { option: 'B', reason: 'does-not-defeat-default', above: 2, below: 7 },
  ])
  expect(outcome.ok && outcome.report.winners).toEqual(['A'])
})

const rankedBallots = fc.array(
  fc.record({
    weight: fc.integer({ min: 1, max: 5 }),
    ranking: fc.shuffledSubarray(['A', 'B', 'C', 'D', 'E']),
  }),
  { minLength: 1, maxLength: 25 },
)

test('schulze property: a Condorcet winner always wins', () => {
  fc.assert(
    fc.property(rankedBallots, (ballots) => {
      const election = buildRankedElection({ candidates: ['A', 'B', 'C', 'D', 'E'], ballots })
      if (!election.ok) throw new Error(election.message)
      const outcome = tallySchulze(election.report, { tieBreakSeed: 'p' })
      if (!outcome.ok) throw new Error(outcome.message)
      if (outcome.report.condorcetWinner !== null) {
        expect(outcome.report.winners).toEqual([outcome.report.condorcetWinner])
        expect(outcome.report.tieBreak).toBe(null)
      }
    }),
  )
})

test('schulze property: ballot order never changes the report', () => {
  fc.assert(
    fc.property(rankedBallots, (ballots) => {
      const count = (list: typeof ballots) => {
        const election = buildRankedElection({
          candidates: ['A', 'B', 'C', 'D', 'E'],
          ballots: list,
        })
        if (!election.ok) throw new Error(election.message)
        return tallySchulze(election.report, { tieBreakSeed: 'p' })
      }
      expect(count([...ballots].reverse())).toEqual(count(ballots))
    }),
  )
})
