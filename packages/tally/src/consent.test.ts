import fc from 'fast-check'
import { expect, test } from 'vitest'
import type { ConsentPosition } from './consent.js'
import { tallyConsent } from './consent.js'

const positions = (...list: ConsentPosition[]) => list.map((position) => ({ position }))

test('consent: agreement with abstentions and no block is adopted', () => {
  const outcome = tallyConsent({ ballots: positions('agree', 'agree', 'abstain', 'disagree') })
  expect(outcome).toMatchObject({
    ok: true,
    report: {
      outcome: 'adopted',
      counts: { agree: 2, abstain: 1, disagree: 1, block: 0 },
      blockReasons: [],
    },
  })
})

test('consent: one block stops it, however many agree, and its reason is reported', () => {
  const ballots = [
    ...positions('agree', 'agree', 'agree'),
    { position: 'block' as const, reason: 'unsafe for children' },
  ]
  const outcome = tallyConsent({ ballots })
  expect(outcome.ok && outcome.report.outcome).toBe('blocked')
  expect(outcome.ok && outcome.report.blockReasons).toEqual(['unsafe for children'])
})

test('consensus minus two: blocksToStop 3 lets two blocks pass', () => {
  const ballots = positions('agree', 'agree', 'agree', 'block', 'block')
  expect(tallyConsent({ ballots, blocksToStop: 3 })).toMatchObject({
    ok: true,
    report: { outcome: 'adopted' },
  })
  expect(tallyConsent({ ballots, blocksToStop: 2 })).toMatchObject({
    ok: true,
    report: { outcome: 'blocked' },
  })
})

test('consent threshold 3/4: 3 agree 1 disagree is not more than 3/4; 4 to 1 is', () => {
  const threshold = { num: 3, den: 4 }
  const three = tallyConsent({
    ballots: positions('agree', 'agree', 'agree', 'disagree'),
    threshold,
  })
  expect(three.ok && three.report.outcome).toBe('rejected')
  const four = tallyConsent({
    ballots: positions('agree', 'agree', 'agree', 'agree', 'disagree'),
    threshold,
  })
  expect(four.ok && four.report.outcome).toBe('adopted')
})

test('consent: nobody agreeing is rejected; too few ballots is no-quorum even with a block', () => {
  expect(tallyConsent({ ballots: positions('abstain', 'abstain') })).toMatchObject({
    report: { outcome: 'rejected' },
  })
  expect(tallyConsent({ ballots: [] })).toMatchObject({ report: { outcome: 'rejected' } })
  const small = tallyConsent({ ballots: positions('agree', 'block'), quorum: 3 })
  expect(small.ok && [small.report.outcome, small.report.quorum]).toEqual([
    'no-quorum',
    { required: 3, ballots: 2, met: false },
  ])
})

test('consent: bad parameters are failure values', () => {
  expect(tallyConsent({ ballots: [], threshold: { num: -1, den: 2 } })).toMatchObject({
    ok: false,
    code: 'tally.invalid-threshold',
  })
  expect(tallyConsent({ ballots: [], blocksToStop: 0 })).toMatchObject({
    ok: false,
    code: 'tally.invalid-threshold',
  })
  expect(tallyConsent({ ballots: [], quorum: 1.5 })).toMatchObject({
    ok: false,
    code: 'tally.invalid-quorum',
  })
  const bad = tallyConsent({ ballots: [{ position: 'maybe' as ConsentPosition }] })
  expect(bad).toMatchObject({ ok: false, code: 'tally.invalid-ballot' })
})

test('consent property: ballot order never changes the report', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          position: fc.constantFrom<ConsentPosition>('agree', 'abstain', 'disagree', 'block'),
          reason: fc.string({ maxLength: 5 }),
        }),
        { maxLength: 30 },
      ),
      (ballots) => {
        expect(tallyConsent({ ballots: [...ballots].reverse() })).toEqual(tallyConsent({ ballots }))
      },
    ),
  )
})
