import { expect, test } from 'vitest'
import { buildVoteMatrix, compareIds } from './vote-matrix.js'
import type { OpinionVote } from './vote-matrix.js'

const statements = [{ id: '10' }, { id: '2' }, { id: 'b' }, { id: 'a', excluded: true }]

function build(votes: readonly OpinionVote[]) {
  return buildVoteMatrix({ statements, votes })
}

test('ids sort whole numbers by value, first, then other ids by code unit', () => {
  expect(['b', '10', 'a', '2', '02', '0'].sort(compareIds)).toEqual([
    '0',
    '2',
    '10',
    '02',
    'a',
    'b',
  ])
})

test('vote matrix: rows and columns in canonical order, whatever order votes arrive in', () => {
  const outcome = build([
    { participant: 'p9', statement: 'b', vote: -1 },
    { participant: '3', statement: '10', vote: 1 },
    { participant: 'p9', statement: '2', vote: 0 },
    { participant: '3', statement: 'a', vote: 1 },
  ])
  if (!outcome.ok) throw new Error(outcome.message)
  const m = outcome.report
  expect(m.participantIds).toEqual(['3', 'p9'])
  expect(m.statementIds).toEqual(['2', '10', 'a', 'b'])
  expect(Array.from(m.excluded)).toEqual([0, 0, 1, 0])
  expect(Array.from(m.rowStart)).toEqual([0, 2, 4])
  expect(Array.from(m.column)).toEqual([1, 2, 0, 3])
  expect(Array.from(m.value)).toEqual([1, 1, 0, -1])
  expect(m.castAt).toBeNull()
})

test('vote matrix: the latest vote on a statement counts, with its time', () => {
  const outcome = build([
    { participant: 'x', statement: '2', vote: 1, at: 30 },
    { participant: 'x', statement: '2', vote: -1, at: 50 },
    { participant: 'x', statement: '2', vote: 0, at: 10 },
    { participant: 'x', statement: '2', vote: -1, at: 50 },
  ])
  if (!outcome.ok) throw new Error(outcome.message)
  expect(Array.from(outcome.report.value)).toEqual([-1])
  expect(Array.from(outcome.report.castAt ?? [])).toEqual([50])
})

test('vote matrix: two different votes at the same latest time are refused, naming both', () => {
  const outcome = build([
    { participant: 'x', statement: '2', vote: 1, at: 5 },
    { participant: 'y', statement: '2', vote: 1, at: 5 },
    { participant: 'x', statement: '2', vote: -1, at: 5 },
  ])
  expect(outcome).toMatchObject({
    ok: false,
    code: 'opinions.duplicate-vote',
    vote: 0,
    otherVote: 2,
  })
  // superseded by a later vote, the clash no longer matters
  const later = build([
    { participant: 'x', statement: '2', vote: 1, at: 5 },
    { participant: 'x', statement: '2', vote: -1, at: 5 },
    { participant: 'x', statement: '2', vote: 0, at: 6 },
  ])
  expect(later.ok).toBe(true)
})

test('vote matrix: untimed votes repeated alike count once; repeated unalike are refused', () => {
  const same = build([
    { participant: 'x', statement: 'b', vote: 1 },
    { participant: 'x', statement: 'b', vote: 1 },
  ])
  if (!same.ok) throw new Error(same.message)
  expect(same.report.column).toHaveLength(1)
  expect(
    build([
      { participant: 'x', statement: 'b', vote: 1 },
      { participant: 'x', statement: 'b', vote: 0 },
    ]),
  ).toMatchObject({ ok: false, code: 'opinions.duplicate-vote', vote: 0, otherVote: 1 })
})

test('vote matrix: bad votes are refused with the index of the vote', () => {
  expect(build([{ participant: 'x', statement: 'zz', vote: 1 }])).toMatchObject({
    ok: false,
    code: 'opinions.unknown-statement',
    vote: 0,
  })
  expect(
    build([
      { participant: 'x', statement: '2', vote: 1 },
      { participant: 'x', statement: 'b', vote: 2 },
    ]),
  ).toMatchObject({ ok: false, code: 'opinions.invalid-vote', vote: 1 })
  expect(
    build([
      { participant: 'x', statement: '2', vote: 1, at: 1 },
      { participant: 'x', statement: 'b', vote: 1 },
    ]),
  ).toMatchObject({ ok: false, code: 'opinions.invalid-time', vote: 1 })
  expect(build([{ participant: 'x', statement: '2', vote: 1, at: Number.NaN }])).toMatchObject({
    ok: false,
    code: 'opinions.invalid-time',
    vote: 0,
  })
  expect(buildVoteMatrix({ statements: [{ id: 's' }, { id: 's' }], votes: [] })).toMatchObject({
    ok: false,
    code: 'opinions.duplicate-statement',
  })
  expect(
    buildVoteMatrix({
      statements: [{ id: 's' }],
      votes: { participants: ['p', 'p'], voter: [0], statement: [0], vote: [1], castAt: null },
    }),
  ).toMatchObject({ ok: false, code: 'opinions.duplicate-participant' })
  expect(
    buildVoteMatrix({
      statements: [{ id: 's' }],
      votes: { participants: ['p'], voter: [1], statement: [0], vote: [1], castAt: null },
    }),
  ).toMatchObject({ ok: false, code: 'opinions.unknown-participant', vote: 0 })
})

test('vote matrix: participants listed without votes are left out', () => {
  const outcome = buildVoteMatrix({
    statements: [{ id: 's' }],
    votes: { participants: ['quiet', 'p'], voter: [1], statement: [0], vote: [0], castAt: null },
  })
  if (!outcome.ok) throw new Error(outcome.message)
  expect(outcome.report.participantIds).toEqual(['p'])
  expect(Array.from(outcome.report.rowStart)).toEqual([0, 1])
})
