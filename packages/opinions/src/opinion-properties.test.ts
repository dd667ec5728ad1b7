// Property: the map depends on the votes, not on how they arrive. Shuffling them, adding votes a
// participant later changed (older times), or sending a vote twice gives the same map, bit for bit.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { mapOpinions } from './opinion-map.js'
import type { OpinionVote } from './vote-matrix.js'

const statements = Array.from({ length: 8 }, (_, i) => ({ id: `s${i}`, excluded: i === 7 }))

const conversation = fc
  .array(
    fc.record({
      lean: fc.integer({ min: -1, max: 1 }),
      votes: fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: -1, max: 1 })), {
        minLength: 1,
        maxLength: 12,
      }),
    }),
    { minLength: 4, maxLength: 30 },
  )
  .map((people) => {
    const votes: OpinionVote[] = []
    people.forEach((person, p) => {
      const seen = new Set<number>()
      person.votes.forEach(([s, v], k) => {
        if (seen.has(s)) return
        seen.add(s)
        // a lean towards one side of statements 0-3 gives the map something to find
        const vote = s < 4 && person.lean !== 0 ? person.lean : v
        votes.push({ participant: `p${p}`, statement: `s${s}`, vote, at: 1000 + 10 * p + k })
      })
    })
    return votes
  })

function mapJson(votes: readonly OpinionVote[]): string {
  const outcome = mapOpinions({ statements, votes }, { seed: 'property' })
  return JSON.stringify(outcome)
}

test('opinion map property: the order votes arrive in, changed votes and repeats never change the map', () => {
  fc.assert(
    fc.property(
      conversation,
      fc.array(
        fc.tuple(fc.nat(), fc.integer({ min: -1, max: 1 }), fc.integer({ min: 1, max: 500 })),
        {
          maxLength: 20,
        },
      ),
      fc.array(fc.nat(), { maxLength: 5 }),
      fc.integer(),
      (votes, changes, repeats, seed) => {
        const expected = mapJson(votes)
        const arrived: OpinionVote[] = [...votes]
        // votes cast earlier and changed since: the latest one counts
        for (const [which, vote, earlier] of changes) {
          const v = votes[which % votes.length] as OpinionVote
          arrived.push({ ...v, vote, at: (v.at as number) - earlier })
        }
        for (const which of repeats)
          arrived.push({ ...(votes[which % votes.length] as OpinionVote) })
        // a seeded shuffle
        let state = seed | 0
        for (let i = arrived.length - 1; i > 0; i--) {
          state = (Math.imul(state, 1664525) + 1013904223) | 0
          const j = (state >>> 0) % (i + 1)
          ;[arrived[i], arrived[j]] = [arrived[j] as OpinionVote, arrived[i] as OpinionVote]
        }
        expect(mapJson(arrived)).toBe(expected)
      },
    ),
    { numRuns: 150 },
  )
})

test('opinion map property: untimed votes in any order give the same map', () => {
  fc.assert(
    fc.property(conversation, (votes) => {
      const untimed = votes.map(({ at: _at, ...v }) => v)
      expect(mapJson([...untimed].reverse())).toBe(mapJson(untimed))
    }),
    { numRuns: 80 },
  )
})
