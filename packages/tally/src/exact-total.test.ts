// Totals past 2^53 - 1: each is counted exactly or refused with `tally.total-too-large` naming the
// total, at the limit and one past it, for every reader and every method that adds up.
import { expect, test } from 'vitest'
import { tallyBorda } from './approval.js'
import { readBlt } from './blt-format.js'
import { MAX_EXACT_TOTAL } from './exact-total.js'
import { tallyIrv } from './irv.js'
import { readJsonBallots } from './json-ballots.js'
import { tallyMeekStv } from './meek-stv.js'
import type { TallyOutcome } from './outcome.js'
import { buildRankedElection } from './ranked-election.js'
import type { NamedRankedBallot } from './ranked-election.js'
import { tallyScore } from './score.js'
import { tallyScottishStv } from './scottish-stv.js'

const MAX = MAX_EXACT_TOTAL

function built(ballots: NamedRankedBallot[], candidates = ['A', 'B', 'C']) {
  return buildRankedElection({ candidates, ballots })
}

function report<R>(outcome: TallyOutcome<R>): R {
  if (!outcome.ok) throw new Error(`${outcome.code}: ${outcome.message}`)
  return outcome.report
}

function refusal<R>(outcome: TallyOutcome<R>) {
  expect(outcome.ok).toBe(false)
  return outcome.ok ? { code: '', message: '' } : { code: outcome.code, message: outcome.message }
}

test('ballots: weights adding up to 2^53 - 1 are read; one more voter is refused, naming the total', () => {
  const at = report(built([{ ranking: ['A'], weight: MAX - 1 }, { ranking: ['B'] }]))
  expect(at.ballots.totalWeight).toBe(MAX)
  const past = refusal(built([{ ranking: ['A'], weight: MAX }, { ranking: ['B'] }]))
  expect(past.code).toBe('tally.total-too-large')
  expect(past.message).toBe(
    'ballot 2: the ballot weights up to this one add up to 9007199254740992, more than 9007199254740991 (2^53 - 1), the largest total counted exactly',
  )
})

test('blt: two ballots of weight 2^53 - 1 and one of 3 are refused at the line that passes the limit', () => {
  const blt = `3 1\n${MAX} 1 0\n${MAX} 2 0\n3 3 0\n0\n"A"\n"B"\n"C"\n"t"\n`
  const outcome = readBlt(blt)
  expect(outcome.ok).toBe(false)
  if (outcome.ok) return
  expect(outcome.code).toBe('tally.total-too-large')
  expect(outcome.line).toBe(3)
  expect(outcome.message).toContain(
    'line 3: the ballot weights up to this one add up to 18014398509481982',
  )
})

test('json ballots: weights past the limit are refused, naming the ballot and the total', () => {
  const json = JSON.stringify({
    candidates: ['A', 'B'],
    ballots: [
      { ranking: ['A'], weight: MAX },
      { ranking: ['B'], weight: 2 },
    ],
  })
  const past = refusal(readJsonBallots(json))
  expect(past.code).toBe('tally.total-too-large')
  expect(past.message).toContain(
    'ballot 2: the ballot weights up to this one add up to 9007199254740993',
  )
})

test('irv: A has one vote more than B past 2^53; the file is refused (it used to tie them and let the lot elect B)', () => {
  // A: 2^53 + 1 votes, B: 2^53. As doubles both totals were 2^53: no majority, a tie for fewest,
  // and with seed "b" the lot excluded A and elected B.
  const blt = `2 1\n${MAX} 1 0\n2 1 2 0\n${MAX} 2 0\n1 2 1 0\n0\n"A"\n"B"\n"t"\n`
  const outcome = readBlt(blt)
  expect(outcome.ok).toBe(false)
  if (outcome.ok) return
  expect(outcome.code).toBe('tally.total-too-large')
  expect(outcome.message).toContain(
    'line 3: the ballot weights up to this one add up to 9007199254740993',
  )
})

// A has one vote more than B (3709219530224797 to 3709219530224796), split over ten ballot lines.
// The voters (7418439060449596) are within the limit, but Scottish STV counts in units of
// 0.00001 votes: 7.4e20 units, where doubles are 65536 units apart. The ten additions lost more
// than a vote, B was ahead when the last two were compared, A was excluded and B elected.
const STV_BLT = `4 1
353482925891876 1 0
368891206383705 1 2 0
390860515832901 1 3 0
390170699357986 1 3 2 0
393850332498550 1 2 3 0
360469895601272 1 4 0
359563311934471 1 4 2 0
362379908561706 1 4 3 0
379549768567085 1 2 4 0
350000965595245 1 3 4 0
3709219530224796 2 0
3 3 0
0
"A"
"B"
"C"
"D"
"t"
`

test('scottish stv: votes x 100000 past 2^53 are refused, naming the total (it used to elect B, one vote behind A)', () => {
  const election = report(readBlt(STV_BLT))
  expect(election.ballots.totalWeight).toBe(7418439060449596)
  const stv = refusal(tallyScottishStv(election, { tieBreakSeed: 's' }))
  expect(stv.code).toBe('tally.total-too-large')
  expect(stv.message).toBe(
    '7418439060449596 votes, counted in units of 1/100000 of a vote, add up to 741843906044959600000, more than 9007199254740991 (2^53 - 1), the largest total counted exactly; Scottish STV counts at most 90071992547 votes',
  )
  // IRV counts whole votes, so the same ballots count exactly: A wins
  expect(report(tallyIrv(election, { tieBreakSeed: 's' })).winners).toEqual(['A'])
})

test('scottish stv: 90071992547 votes are counted exactly; one more is refused', () => {
  const at = report(
    built([
      { ranking: ['A'], weight: 45035996274 },
      { ranking: ['B'], weight: 45035996273 },
    ]),
  )
  const counted = report(tallyScottishStv(at, { tieBreakSeed: 's' }))
  expect(counted.winners).toEqual(['A'])
  expect(counted.stages[0]?.totals).toEqual([4503599627400000, 4503599627300000, 0])
  const past = report(
    built([
      { ranking: ['A'], weight: 45035996274 },
      { ranking: ['B'], weight: 45035996274 },
    ]),
  )
  expect(refusal(tallyScottishStv(past, { tieBreakSeed: 's' })).code).toBe('tally.total-too-large')
})

test('meek stv: 9007199 votes are counted exactly (units of 1e-9); one more is refused', () => {
  const at = report(
    built([
      { ranking: ['A', 'B'], weight: 4503600 },
      { ranking: ['B'], weight: 4503599 },
    ]),
  )
  const counted = report(tallyMeekStv(at, { tieBreakSeed: 'm' }))
  expect(counted.winners).toEqual(['A'])
  const last = counted.stages.at(-1)
  expect((last?.totals ?? []).reduce((a, b) => a + b, 0) + (last?.exhausted ?? 0)).toBe(
    9007199 * 1e9,
  )
  const past = report(
    built([
      { ranking: ['A', 'B'], weight: 4503600 },
      { ranking: ['B'], weight: 4503600 },
    ]),
  )
  const refused = refusal(tallyMeekStv(past, { tieBreakSeed: 'm' }))
  expect(refused.code).toBe('tally.total-too-large')
  expect(refused.message).toContain('Meek STV counts at most 9007199 votes')
})

test('borda: points can pass 2^53 while the voters do not; a total of 2^53 - 1 is counted, one more point is refused', () => {
  const half = (MAX - 1) / 2
  const at = report(
    tallyBorda(
      report(
        built([
          { ranking: ['A', 'B', 'C'], weight: half },
          { ranking: ['B', 'A', 'C'], weight: 1 },
        ]),
      ),
      { tieBreakSeed: 'b' },
    ),
  )
  expect(at.totals[0]).toBe(MAX)
  expect(at.winners).toEqual(['A'])
  const past = refusal(
    tallyBorda(
      report(
        built([
          { ranking: ['A', 'B', 'C'], weight: half },
          { ranking: ['B', 'A', 'C'], weight: 2 },
        ]),
      ),
      { tieBreakSeed: 'b' },
    ),
  )
  expect(past.code).toBe('tally.total-too-large')
  expect(past.message).toContain('the borda points of "A" add up to 9007199254740992')
})

test('score: totals are added exactly whatever the order, so a running sum past the limit that comes back is counted; a final one past it is refused', () => {
  const w = 2 ** 51
  const back = report(
    tallyScore({
      candidates: ['A', 'B'],
      ballots: [
        { scores: { A: 5, B: 1 }, weight: w },
        { scores: { A: -5, B: 0 }, weight: w },
      ],
      min: -5,
      max: 5,
      tieBreakSeed: 's',
    }),
  )
  expect(back.totals).toEqual([0, w])
  expect(back.winners).toEqual(['B'])
  const past = refusal(
    tallyScore({
      candidates: ['A', 'B'],
      ballots: [{ scores: { A: 5 }, weight: w }],
      tieBreakSeed: 's',
    }),
  )
  expect(past.code).toBe('tally.total-too-large')
  expect(past.message).toContain('the score points of "A" add up to 11258999068426240')
  const voters = refusal(
    tallyScore({
      candidates: ['A', 'B'],
      ballots: [
        { scores: { A: 0 }, weight: MAX },
        { scores: { A: 0 }, weight: 1 },
      ],
      tieBreakSeed: 's',
    }),
  )
  expect(voters.code).toBe('tally.total-too-large')
  expect(voters.message).toContain('add up to 9007199254740992')
})
