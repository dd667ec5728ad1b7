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

/** `[weight, 'ACBD']`: weight voters ranking the letters in that order. */
function letters(ballots: [number, string][]) {
  const candidates = [...(ballots[0]?.[1] ?? '')].sort()
  return named(
    ballots.map(([weight, order]) => [weight, ...order] as [number, ...string[]]),
    candidates,
  )
}

function count(election: ReturnType<typeof named>, seed = 'paper') {
  const outcome = tallySchulze(election, { tieBreakSeed: seed })
  if (!outcome.ok) throw new Error(outcome.message)
  return outcome.report
}

// Schulze, Social Choice and Welfare 36 (2011), section 3: the four worked examples, ballots as
// the paper lists them (the first is also Wikipedia's example, tested above with its paths).
test('schulze 2011, example 1 (45 voters, 5 candidates): E > A > C > B > D', () => {
  const report = count(
    letters([
      [5, 'ACBED'],
      [5, 'ADECB'],
      [8, 'BEDAC'],
      [3, 'CABED'],
      [7, 'CAEBD'],
      [2, 'CBADE'],
      [7, 'DCEBA'],
      [8, 'EBADC'],
    ]),
  )
  expect(report.ranking).toEqual([['E'], ['A'], ['C'], ['B'], ['D']])
  expect(report.winners).toEqual(['E'])
  expect(report.tieBreak).toBe(null)
})

test('schulze 2011, example 2 (30 voters, 4 candidates): D > A > C > B', () => {
  const report = count(
    letters([
      [5, 'ACBD'],
      [2, 'ACDB'],
      [3, 'ADCB'],
      [4, 'BACD'],
      [3, 'CBDA'],
      [3, 'CDBA'],
      [1, 'DACB'],
      [5, 'DBAC'],
      [4, 'DCBA'],
    ]),
  )
  expect(report.ranking).toEqual([['D'], ['A'], ['C'], ['B']])
  expect(report.winners).toEqual(['D'])
  expect(report.tieBreak).toBe(null)
})

test('schulze 2011, example 3 (30 voters, 5 candidates): B > A > D > E > C', () => {
  const report = count(
    letters([
      [3, 'ABDEC'],
      [5, 'ADEBC'],
      [1, 'ADECB'],
      [2, 'BADEC'],
      [2, 'BDECA'],
      [4, 'CABDE'],
      [6, 'CBADE'],
      [2, 'DBECA'],
      [5, 'DECAB'],
    ]),
  )
  expect(report.ranking).toEqual([['B'], ['A'], ['D'], ['E'], ['C']])
  expect(report.winners).toEqual(['B'])
  expect(report.tieBreak).toBe(null)
})

test('schulze 2011, example 4 (9 voters, a tie): B and D are both potential winners, the lot picks one', () => {
  const report = count(
    letters([
      [3, 'ABCD'],
      [2, 'DABC'],
      [2, 'DBCA'],
      [2, 'CBDA'],
    ]),
  )
  // p[B,D] = p[D,B] = (5, 4): neither is better; B beats C and D beats A
  expect(report.ranking).toEqual([
    ['B', 'D'],
    ['A', 'C'],
  ])
  expect(report.tieBreak?.among).toEqual(['B', 'D'])
  expect(report.winners).toEqual([report.tieBreak?.order[0]])
})

/** Ballots whose pairwise defeats have exactly the given margins (McGarvey's construction). */
function withDefeats(defeats: [string, string, number][], candidates: string[]) {
  const ballots: [number, ...string[]][] = []
  for (const [winner, loser, margin] of defeats) {
    const rest = candidates.filter((c) => c !== winner && c !== loser)
    // winner > loser on both ballots; every other pair is reversed between them and cancels
    ballots.push([margin, winner, loser, ...rest], [margin, ...[...rest].reverse(), winner, loser])
  }
  return named(ballots, candidates)
}

test("schulze: Schulze's own example with two potential winners: A and D tie at the top; A beating more does not rank it above D", () => {
  // From section 5 of Schulze's paper (the long version, schulze1.pdf), where he resolves a
  // non-unique winner, as he gave it on the election-methods list (2011): defeats D>B 5, C>B 4,
  // A>C 3, B>A 2, C>D 2, D>A 1. Here with margins twice those (34 full rankings, so winning
  // votes order the defeats as the strengths do).
  const report = count(
    withDefeats(
      [
        ['D', 'B', 5],
        ['C', 'B', 4],
        ['A', 'C', 3],
        ['B', 'A', 2],
        ['C', 'D', 2],
        ['D', 'A', 1],
      ],
      ['A', 'B', 'C', 'D'],
    ),
  )
  // p[A,D] = p[D,A] (path A-C-D and D-B-A, both of strength 2): both are potential winners
  expect(report.strongestPaths[0]?.[3]).toBe(report.strongestPaths[3]?.[0])
  expect(report.ranking).toEqual([['A', 'D'], ['C'], ['B']])
  expect(report.tieBreak?.among).toEqual(['A', 'D'])
  expect(report.winners).toEqual([report.tieBreak?.order[0]])
})

test('schulze: two unbeaten candidates share the first tier even when only one of them beats a third, and the seat goes to the lot', () => {
  // A and B tie, A and C tie, B beats C: A and B are both unbeaten
  const report = count(
    letters([
      [1, 'BCA'],
      [1, 'ABC'],
    ]),
    'two unbeaten',
  )
  expect(report.ranking).toEqual([['A', 'B'], ['C']])
  expect(report.tieBreak?.among).toEqual(['A', 'B'])
  expect(report.winners).toEqual([report.tieBreak?.order[0]])
  const twoSeats = tallySchulze(
    letters([
      [1, 'BCA'],
      [1, 'ABC'],
    ]),
    {
      tieBreakSeed: 'two unbeaten',
      seats: 2,
    },
  )
  expect(twoSeats.ok && twoSeats.report.winners).toEqual(['A', 'B'])
  expect(twoSeats.ok && twoSeats.report.tieBreak).toBe(null)
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

test('debian: two options nobody beats share the first place, and the lot (standing in for the casting vote) decides', () => {
  const election = named(
    [
      [1, 'B', 'C', 'A', 'NOTA'],
      [1, 'A', 'B', 'C', 'NOTA'],
    ],
    ['A', 'B', 'C', 'NOTA'],
  )
  const outcome = tallyDebian(election, { tieBreakSeed: 'casting vote', defaultOption: 'NOTA' })
  expect(outcome.ok && outcome.report.ranking).toEqual([['A', 'B'], ['C'], ['NOTA']])
  expect(outcome.ok && outcome.report.tieBreak?.among).toEqual(['A', 'B'])
  expect(outcome.ok && outcome.report.winners).toEqual([
    outcome.ok && outcome.report.tieBreak?.order[0],
  ])
})

test('debian: defeats are built from the options kept only (A.6 step 4): a path through a dropped option does not count', () => {
  // A beats X and X beats B by wide margins, B beats A narrowly; X does not defeat the default
  // option and is dropped, so among the options kept B beats A and the default, and wins. Paths
  // through X would make A and even the default option NOTA (NOTA-X-B-A) potential winners.
  const election = withDefeats(
    [
      ['B', 'A', 1],
      ['A', 'X', 5],
      ['X', 'B', 5],
      ['NOTA', 'X', 1],
      ['B', 'NOTA', 1],
      ['A', 'NOTA', 1],
    ],
    ['A', 'B', 'X', 'NOTA'],
  )
  const outcome = tallyDebian(election, { tieBreakSeed: 'd', defaultOption: 'NOTA' })
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  expect(outcome.report.dropped.map((d) => d.option)).toEqual(['X'])
  expect(outcome.report.winners).toEqual(['B'])
  expect(outcome.report.ranking).toEqual([['B'], ['A'], ['NOTA'], ['X']])
  // plain Schulze, with X standing, counts those paths
  expect(count(election).ranking).toEqual([['A', 'NOTA'], ['X'], ['B']])
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

/**
 * Schulze's "better" relation recomputed from the pairwise matrix alone, by relaxing paths until
 * nothing changes (not Floyd-Warshall, so it does not share the implementation's shortcuts): a
 * link is a defeat (winning votes, losing votes), a path as strong as its weakest link.
 */
function betterByRelaxation(pairwise: readonly (readonly number[])[]) {
  const n = pairwise.length
  const stronger = (x: [number, number], y: [number, number]) =>
    x[0] > y[0] || (x[0] === y[0] && x[1] < y[1])
  const p: [number, number][][] = pairwise.map((row, a) =>
    row.map((v, b) => (v > (pairwise[b]?.[a] ?? 0) ? [v, pairwise[b]?.[a] ?? 0] : [0, 0])),
  )
  for (let changed = true; changed;) {
    changed = false
    for (let a = 0; a < n; a++)
      for (let k = 0; k < n; k++)
        for (let b = 0; b < n; b++) {
          const ak = p[a]![k]!
          const kb = p[k]![b]!
          if (a === b || ak[0] === 0 || kb[0] === 0) continue
          const weakest = stronger(ak, kb) ? kb : ak
          if (stronger(weakest, p[a]![b]!)) {
            p[a]![b] = weakest
            changed = true
          }
        }
  }
  return (a: number, b: number) => a !== b && stronger(p[a]![b]!, p[b]![a]!)
}

const candidatesAE = ['A', 'B', 'C', 'D', 'E']
const tiedBallots = fc.array(
  fc.record({
    weight: fc.integer({ min: 1, max: 3 }),
    ranking: fc
      .shuffledSubarray(candidatesAE)
      .chain((order) =>
        fc
          .array(fc.boolean(), { minLength: order.length, maxLength: order.length })
          .map((equal) => groupEqual(order, equal)),
      ),
  }),
  { minLength: 1, maxLength: 12 },
)

/** Joins each candidate to the level before it where `equal` says so: ranks some equal. */
function groupEqual(order: string[], equal: boolean[]): string[][] {
  const levels: string[][] = []
  order.forEach((c, i) => {
    const last = levels.at(-1)
    if (i > 0 && equal[i] === true && last) last.push(c)
    else levels.push([c])
  })
  return levels
}

test('schulze property: the first tier is exactly the candidates nobody beats, each later tier exactly those nobody left beats, and a shared first tier goes to the lot', () => {
  fc.assert(
    fc.property(tiedBallots, fc.integer({ min: 1, max: 3 }), (ballots, seats) => {
      const election = buildRankedElection({ candidates: candidatesAE, ballots })
      if (!election.ok) throw new Error(election.message)
      const outcome = tallySchulze(election.report, { tieBreakSeed: 'tiers', seats })
      if (!outcome.ok) throw new Error(outcome.message)
      const { ranking, winners, tieBreak } = outcome.report
      const better = betterByRelaxation(outcome.report.pairwise)
      let rest = candidatesAE.map((_, i) => i)
      for (const tier of ranking) {
        const unbeaten = rest.filter((a) => !rest.some((b) => better(b, a)))
        expect(tier).toEqual(unbeaten.map((c) => candidatesAE[c]))
        rest = rest.filter((c) => !unbeaten.includes(c))
      }
      expect(rest).toEqual([])
      // winners come from the top: whole tiers, and a lot only within the tier across the last seat
      let filled = 0
      for (const tier of ranking) {
        if (filled >= seats) break
        const taken = winners.filter((w) => tier.includes(w))
        if (tier.length <= seats - filled) expect(taken).toEqual(tier)
        else {
          expect(tieBreak?.among).toEqual([...tier].sort())
          expect(taken).toEqual(tieBreak?.order.slice(0, seats - filled))
        }
        filled += taken.length
      }
      expect(winners).toHaveLength(seats)
      if ((ranking[0]?.length ?? 0) > 1 && seats === 1) expect(tieBreak).not.toBe(null)
    }),
    { numRuns: 300 },
  )
})
