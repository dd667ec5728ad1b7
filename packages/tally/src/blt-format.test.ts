import fc from 'fast-check'
import { expect, test } from 'vitest'
import { readBlt, writeBlt } from './blt-format.js'
import { buildRankedElection } from './ranked-election.js'
import { tallyScottishStv } from './scottish-stv.js'
import { readElectionBytes } from './test-data.js'

test('blt: reads a Scottish ward file: header, grouped ballots, names and the title', () => {
  const outcome = readBlt(readElectionBytes('scotland-2017/glasgow-2017-ward1.blt'))
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  const e = outcome.report
  expect(e.candidates).toHaveLength(12)
  expect(e.candidates[0]).toBe('Euan BLOCKLEY (C)')
  expect(e.seats).toBe(4)
  expect(e.title).toBe('Ward 1 Linn')
  expect(e.ballots.totalWeight).toBe(8800)
  expect(e.ballots.groups).toBeLessThan(8800)
})

test('blt: withdrawn candidates (negative ids) are skipped on every ballot', () => {
  const text = '3 1\n-2\n4 2 1 0\n3 3 0\n0\n"A"\n"B"\n"C"\n"withdrawn B"\n'
  const outcome = readBlt(text)
  expect(outcome.ok && outcome.report.withdrawn).toEqual([1])
  if (!outcome.ok) return
  const count = tallyScottishStv(outcome.report, { tieBreakSeed: 'w' })
  expect(count.ok && count.report.stages[0]?.totals).toEqual([400000, 0, 300000])
  expect(count.ok && count.report.withdrawn).toEqual(['B'])
  expect(count.ok && count.report.winners).toEqual(['A'])
})

test('blt: ballot ids in brackets are ignored, "a=b" ranks equal, comments and blank lines skipped', () => {
  const outcome = readBlt('# a comment\n2 1\n\n(v1) 1 1=2 0\n0\nA\nB\nt\n')
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  expect(Array.from(outcome.report.ballots.tiers ?? [])).toEqual([0, 0])
})

test.each([
  ['', 1, 'the file is empty'],
  ['x 1\n', 1, 'expected "<candidates> <seats>"'],
  ['2 1\n1 1 2\n0\nA\nB\n', 2, 'must end with 0'],
  ['2 1\n0 1 0\n0\nA\nB\n', 2, 'weight, a whole number > 0'],
  ['2 1\n-1 1 0\n0\nA\nB\n', 2, '"1" is not a withdrawn candidate number'],
  ['2 1\n1 3 0\n0\nA\nB\n', 2, '"3" is not a candidate number between 1 and 2'],
  ['2 1\n1 1 1 0\n0\nA\nB\n', 2, 'candidate 1 is ranked twice'],
  ['2 1\n1 1 0\n', 2, 'the file ends before the "0" line'],
  ['2 1\n1 1 0\n0\nA\n', 4, 'the file ends after 1 of the 2 candidate names'],
  ['2 1\n1 1 0\n0\nA\nA\n', 5, 'candidate name "A" is used twice'],
])('blt: malformed file %j fails on line %i', (text, line, message) => {
  const outcome = readBlt(text)
  expect(outcome).toMatchObject({ ok: false, code: 'tally.parse-error', line })
  expect(!outcome.ok && outcome.message).toContain(`line ${line}: `)
  expect(!outcome.ok && outcome.message).toContain(message)
})

test('blt property: write then read gives back the same election', () => {
  const names = ['Ana', 'Bo "the" Cat', 'Cy', 'Dee']
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          weight: fc.integer({ min: 1, max: 1000 }),
          ranking: fc.shuffledSubarray(names),
        }),
        { maxLength: 30 },
      ),
      fc.integer({ min: 1, max: 4 }),
      fc.subarray(names),
      (ballots, seats, withdrawn) => {
        const built = buildRankedElection({
          title: 'T',
          candidates: names,
          seats,
          withdrawn,
          ballots,
        })
        if (!built.ok) throw new Error(built.message)
        const read = readBlt(writeBlt(built.report))
        expect(read).toEqual({ ok: true, report: built.report })
      },
    ),
  )
})
