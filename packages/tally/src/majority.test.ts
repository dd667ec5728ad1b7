import fc from 'fast-check'
import { expect, test } from 'vitest'
import { tallyMajority } from './majority.js'

const choices = (...names: (string | null)[]) => names.map((choice) => ({ choice }))
const base = { options: ['yes', 'no'], tieBreakSeed: 'seed-1' } as const

test('majority: 3 yes, 2 no, 4 abstentions adopts yes (abstentions are not in the share)', () => {
  const outcome = tallyMajority({
    ...base,
    ballots: choices('yes', 'yes', 'yes', 'no', 'no', null, null, null, null),
  })
  expect(outcome).toMatchObject({
    ok: true,
    report: {
      outcome: 'adopted',
      winner: 'yes',
      counts: [
        { option: 'yes', votes: 3 },
        { option: 'no', votes: 2 },
      ],
      abstentions: 4,
      votesCast: 5,
      votesNeeded: 3,
      tieBreak: null,
    },
  })
})

test('majority: an exact half is not more than half, so 2 to 2 is rejected', () => {
  const outcome = tallyMajority({ ...base, ballots: choices('yes', 'yes', 'no', 'no') })
  expect(outcome.ok && outcome.report.outcome).toBe('rejected')
  expect(outcome.ok && outcome.report.winner).toBe(null)
})

test('supermajority 2/3: 6 of 9 is not more than 2/3 but is at least 2/3', () => {
  const ballots = choices('yes', 'yes', 'yes', 'yes', 'yes', 'yes', 'no', 'no', 'no')
  const strict = tallyMajority({ ...base, ballots, threshold: { num: 2, den: 3 } })
  expect(strict.ok && [strict.report.outcome, strict.report.votesNeeded]).toEqual(['rejected', 7])
  const atLeast = tallyMajority({
    ...base,
    ballots,
    threshold: { num: 2, den: 3 },
    inclusive: true,
  })
  expect(atLeast.ok && [atLeast.report.outcome, atLeast.report.votesNeeded]).toEqual(['adopted', 6])
})

test('majority: quorum counts abstentions, and an unmet quorum decides nothing', () => {
  const met = tallyMajority({ ...base, ballots: choices('yes', null, null), quorum: 3 })
  expect(met.ok && met.report.quorum).toEqual({ required: 3, ballots: 3, met: true })
  expect(met.ok && met.report.outcome).toBe('adopted')
  const unmet = tallyMajority({ ...base, ballots: choices('yes', 'yes'), quorum: 3 })
  expect(unmet.ok && [unmet.report.outcome, unmet.report.winner]).toEqual(['no-quorum', null])
})

test('majority: only abstentions, or no ballots at all, gives no-votes', () => {
  const abstained = tallyMajority({ ...base, ballots: choices(null, null) })
  expect(abstained.ok && abstained.report.outcome).toBe('no-votes')
  const empty = tallyMajority({ ...base, ballots: [] })
  expect(empty.ok && empty.report.outcome).toBe('no-votes')
})

test('plurality (threshold 0): a tie at the top is broken by the seeded lot and recorded', () => {
  const input = {
    options: ['a', 'b', 'c'],
    ballots: choices('a', 'b', 'c', 'a', 'b'),
    threshold: { num: 0, den: 1 },
    tieBreakSeed: 'poll-42',
  }
  const first = tallyMajority(input)
  const again = tallyMajority({
    ...input,
    ballots: [...input.ballots].reverse(),
    options: ['c', 'b', 'a'],
  })
  expect(first.ok && first.report.tieBreak?.among).toEqual(['a', 'b'])
  expect(first.ok && first.report.winner).toBe(first.ok && first.report.tieBreak?.order[0])
  expect(again.ok && again.report.winner).toBe(first.ok && first.report.winner)
  // different seeds eventually pick each tied option
  const winners = new Set(
    Array.from({ length: 40 }, (_, i) => {
      const o = tallyMajority({ ...input, tieBreakSeed: `seed-${i}` })
      return o.ok ? o.report.winner : null
    }),
  )
  expect(winners).toEqual(new Set(['a', 'b']))
})

test('majority: bad input is a failure value with a stable code', () => {
  expect(tallyMajority({ ...base, ballots: choices('maybe') })).toMatchObject({
    ok: false,
    code: 'tally.unknown-option',
  })
  expect(tallyMajority({ ...base, options: [], ballots: [] })).toMatchObject({
    ok: false,
    code: 'tally.no-options',
  })
  expect(tallyMajority({ ...base, options: ['a', 'a'], ballots: [] })).toMatchObject({
    ok: false,
    code: 'tally.duplicate-option',
  })
  expect(tallyMajority({ ...base, ballots: [], threshold: { num: 3, den: 2 } })).toMatchObject({
    ok: false,
    code: 'tally.invalid-threshold',
  })
  expect(tallyMajority({ ...base, ballots: [], threshold: { num: 1, den: 0 } })).toMatchObject({
    ok: false,
    code: 'tally.invalid-threshold',
  })
  expect(tallyMajority({ ...base, ballots: [], quorum: -1 })).toMatchObject({
    ok: false,
    code: 'tally.invalid-quorum',
  })
})

test('majority property: the report is plain JSON and never depends on ballot order', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom<string | null>('a', 'b', 'c', null), { maxLength: 40 }),
      fc.nat(3),
      fc.integer({ min: 1, max: 5 }),
      (names, num, den) => {
        const input = {
          options: ['a', 'b', 'c'],
          ballots: choices(...names),
          threshold: { num: Math.min(num, den), den },
          tieBreakSeed: 's',
        }
        const forward = tallyMajority(input)
        const backward = tallyMajority({ ...input, ballots: [...input.ballots].reverse() })
        expect(backward).toEqual(forward)
        expect(JSON.parse(JSON.stringify(forward))).toEqual(forward)
      },
    ),
  )
})
