import { expect, test } from 'vitest'
import { GREEDY_PARTICIPANTS, joinOrder, selectClustered } from './participation.js'
import { buildVoteMatrix } from './vote-matrix.js'
import type { OpinionVote, VoteMatrix } from './vote-matrix.js'

const statements = Array.from({ length: 10 }, (_, i) => ({ id: String(i) }))

function matrixOf(votes: OpinionVote[]): VoteMatrix {
  const built = buildVoteMatrix({ statements, votes })
  if (!built.ok) throw new Error(built.message)
  return built.report
}

/** `count` votes by `participant` on statements 0.., each at `at` (when given). */
function votesBy(participant: string, count: number, at?: number): OpinionVote[] {
  return Array.from({ length: count }, (_, s) => ({
    participant,
    statement: String(s),
    vote: 1,
    ...(at === undefined ? {} : { at: at + s }),
  }))
}

const clustered = (m: VoteMatrix) => m.participantIds.filter((_, p) => selectClustered(m)[p] === 1)

test('participation: 7 votes qualify; below 15 qualified, the most active fill up to 15', () => {
  const votes = [
    ...Array.from({ length: 12 }, (_, i) => votesBy(`q${i}`, 7)).flat(),
    ...votesBy('six', 6),
    ...votesBy('five-a', 5),
    ...votesBy('five-b', 5),
    ...votesBy('five-c', 5),
    ...votesBy('one', 1),
  ]
  const m = matrixOf(votes)
  const inConv = clustered(m)
  expect(inConv).toHaveLength(GREEDY_PARTICIPANTS)
  expect(inConv).toEqual(expect.arrayContaining(['six', 'five-a', 'five-b']))
  expect(inConv).not.toContain('five-c') // ties go by canonical order
  expect(inConv).not.toContain('one')
})

test('participation: with fewer than 7 statements voted on, voting on all of them qualifies', () => {
  const votes = Array.from({ length: 20 }, (_, i) => votesBy(`p${i}`, i < 16 ? 3 : 2)).flat()
  const m = matrixOf(votes)
  expect(clustered(m)).toHaveLength(16)
})

test('participation: replayed in time, early voters stay in, as in Pol.is', () => {
  const votes = [
    // voted on the only statement anyone had voted on then: qualified at once
    ...votesBy('founder', 1, 1),
    ...votesBy('seeder', 10, 2),
    // one vote each, once ten statements had votes: in only as the first 15 to vote
    ...Array.from({ length: 15 }, (_, i) => votesBy(`early${i}`, 1, 1000 + i)).flat(),
    ...Array.from({ length: 20 }, (_, i) => votesBy(`late${i}`, 7, 5000 + 10 * i)).flat(),
    ...votesBy('latecomer', 1, 9000),
  ]
  const m = matrixOf(votes)
  const inConv = clustered(m)
  expect(inConv).toEqual(expect.arrayContaining(['founder', 'seeder', 'early12', 'late19']))
  expect(inConv).not.toContain('early13')
  expect(inConv).not.toContain('latecomer')
  expect(inConv).toHaveLength(2 + 13 + 20)
  const order = joinOrder(m, [...m.participantIds.keys()])
  expect(order.slice(0, 3).map((p) => m.participantIds[p])).toEqual(['founder', 'seeder', 'early0'])
})
