// What `veche poll close` and `veche show` print of a result's quorum: the quorum and whether it
// was met, or "no quorum" for a poll whose rule needs no ballots (never "quorum 0 met").
import { tallyConsent, tallyMajority } from '@veche/tally'
import { expect, test } from 'vitest'
import { describeResult } from './result-text.js'

test('result text: a poll without a quorum says "no quorum", not "quorum 0 met"', () => {
  const outcome = tallyMajority({
    options: ['yes', 'no'],
    ballots: [{ choice: 'yes' }, { choice: 'yes' }, { choice: 'no' }],
    tieBreakSeed: 'seed',
  })
  if (!outcome.ok) throw new Error(outcome.message)
  const text = describeResult(outcome.report)
  expect(text).toContain('3 ballot(s), no quorum')
  expect(text).not.toContain('quorum 0')
})

test('result text: a quorum is named with whether it was met', () => {
  const met = tallyConsent({ ballots: [{ position: 'agree' }, { position: 'agree' }], quorum: 2 })
  const short = tallyConsent({ ballots: [{ position: 'agree' }], quorum: 2 })
  if (!met.ok || !short.ok) throw new Error('tally failed')
  expect(describeResult(met.report)).toContain('2 ballot(s), quorum 2 met')
  expect(describeResult(short.report)).toContain('1 ballot(s), quorum 2 NOT met')
})
