import { expect, test } from 'vitest'
import { readJsonBallots } from './json-ballots.js'

test('json ballots: ranking, approve and choice ballots all become rankings', () => {
  const outcome = readJsonBallots(
    JSON.stringify({
      title: 'Delegates',
      candidates: ['Ana', 'Bo', 'Cy'],
      seats: 2,
      withdrawn: ['Cy'],
      ballots: [
        { ranking: ['Ana', ['Bo', 'Cy']], weight: 3 },
        { approve: ['Ana', 'Bo'] },
        { choice: 'Bo' },
        { choice: null },
      ],
    }),
  )
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  const { election, scores } = outcome.report
  expect(scores).toBe(null)
  expect([election.title, election.seats, election.withdrawn]).toEqual(['Delegates', 2, [2]])
  expect(election.ballots.totalWeight).toBe(6)
  expect(Array.from(election.ballots.weights)).toEqual([3, 1, 1, 1])
})

test('json ballots: score ballots are kept as scores', () => {
  const outcome = readJsonBallots('{"candidates":["A","B"],"ballots":[{"scores":{"A":3}}]}')
  expect(outcome.ok && outcome.report.scores).toEqual([{ scores: { A: 3 }, weight: 1 }])
})

test.each([
  ['{"candidates": ["A"],\n "ballots": [,]}', 'line 2: not valid JSON'],
  ['[]', 'must be an object'],
  [
    '{"candidates":["A"],"ballots":[{"ranking":["A"],"choice":"A"}]}',
    'ballot 1 needs exactly one of',
  ],
  [
    '{"candidates":["A"],"ballots":[{"ranking":["Z"]}]}',
    'ballot 1 ranks "Z", who is not a candidate',
  ],
  [
    '{"candidates":["A","B"],"ballots":[{"ranking":["A","A"]}]}',
    'ballot 1: candidate 1 is ranked twice',
  ],
  [
    '{"candidates":["A"],"ballots":[{"ranking":["A"],"weight":0}]}',
    'ballot 1: a ballot weight must be a whole number > 0',
  ],
  ['{"candidates":["A"],"ballots":[{"ranking":["A"],"weight":-2}]}', 'got -2'],
  ['{"candidates":["A"],"ballots":[{"ranking":["A"]},{"scores":{"A":1}}]}', 'cannot be mixed'],
])('json ballots: %s fails clearly', (text, message) => {
  const outcome = readJsonBallots(text)
  expect(outcome.ok).toBe(false)
  expect(!outcome.ok && outcome.message).toContain(message)
})
