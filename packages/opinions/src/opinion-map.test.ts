import { expect, test } from 'vitest'
import { mapOpinions, MAX_STATEMENTS, MAX_VOTES } from './opinion-map.js'
import type { OpinionMap } from './opinion-map.js'
import type { OpinionVote } from './vote-matrix.js'

/** Two camps of ten over eight statements, and one statement everyone agrees with. */
function twoCamps(): { statements: { id: string; excluded?: boolean }[]; votes: OpinionVote[] } {
  const statements = [
    ...Array.from({ length: 8 }, (_, i) => ({ id: `s${i}` })),
    { id: 'all' },
    { id: 'spam', excluded: true },
  ]
  const votes: OpinionVote[] = []
  for (let p = 0; p < 20; p++) {
    const camp = p < 10 ? 1 : -1
    for (let s = 0; s < 8; s++) {
      // one in five votes passes, so no two people vote quite alike
      const pass = (p * 7 + s * 3) % 5 === 0
      votes.push({
        participant: `p${p}`,
        statement: `s${s}`,
        vote: pass ? 0 : s < 4 ? camp : -camp,
      })
    }
    votes.push({ participant: `p${p}`, statement: 'all', vote: 1 })
    votes.push({ participant: `p${p}`, statement: 'spam', vote: camp })
  }
  return { statements, votes }
}

function mapOf(input: Parameters<typeof mapOpinions>[0]): OpinionMap {
  const outcome = mapOpinions(input, { seed: 'test' })
  if (!outcome.ok) throw new Error(outcome.message)
  return outcome.report
}

test('map: two camps make two groups, each represented by what it agrees with; everyone agrees on one', () => {
  const map = mapOf(twoCamps())
  expect(map.groups.map((g) => g.size)).toEqual([10, 10])
  const groupOf = new Map(map.participants.map((p) => [p.id, p.group]))
  const camp0 = groupOf.get('p0')
  for (let p = 0; p < 20; p++) expect(groupOf.get(`p${p}`) === camp0).toBe(p < 10)
  const first = map.groups[camp0 ?? 0]!
  expect(
    first.representative.every(
      (r) => ['s0', 's1', 's2', 's3'].includes(r.statement) === (r.direction === 'agree'),
    ),
  ).toBe(true)
  expect(map.consensus.agree[0]).toBe('all')
  expect(map.consensus.disagree).toEqual([])
  // the moderated-out statement takes no part, even though it splits the camps perfectly
  expect(map.statements.find((s) => s.id === 'spam')).toMatchObject({
    excluded: true,
    components: [0, 0],
    groupInformedConsensus: null,
  })
  expect(JSON.stringify(map)).not.toContain('spam"}')
  for (const group of map.groups)
    expect(group.representative.map((r) => r.statement)).not.toContain('spam')
  // group-informed consensus: every group agrees on 'all' most
  const informed = map.statements
    .filter((s) => s.groupInformedConsensus !== null)
    .sort((a, b) => b.groupInformedConsensus!.agree - a.groupInformedConsensus!.agree)
  expect(informed[0]?.id).toBe('all')
})

test('map: plain JSON (no NaN, Infinity, undefined or -0), the same twice', () => {
  const map = mapOf(twoCamps())
  const text = JSON.stringify(map)
  expect(JSON.parse(text)).toEqual(map)
  expect(text).not.toMatch(/NaN|Infinity|null,null/)
  expect(JSON.stringify(mapOf(twoCamps()))).toBe(text)
})

test('map: too few participants, too few statements, or everyone alike is a failure, not a map', () => {
  const { statements, votes } = twoCamps()
  expect(
    mapOpinions(
      { statements, votes: votes.filter((v) => ['p0', 'p1'].includes(v.participant)) },
      { seed: 's' },
    ),
  ).toMatchObject({
    ok: false,
    code: 'opinions.too-few-participants',
  })
  expect(
    mapOpinions(
      { statements, votes: votes.filter((v) => ['s0', 'spam'].includes(v.statement)) },
      { seed: 's' },
    ),
  ).toMatchObject({
    ok: false,
    code: 'opinions.too-few-statements',
  })
  expect(mapOpinions({ statements, votes: [] }, { seed: 's' })).toMatchObject({
    ok: false,
    code: 'opinions.too-few-statements',
  })
  const alike = Array.from({ length: 5 }, (_, p) =>
    ['s0', 's1'].map((s) => ({ participant: `p${p}`, statement: s, vote: 1 })),
  ).flat()
  const same = mapOpinions({ statements, votes: alike }, { seed: 's' })
  expect(same).toMatchObject({ ok: false, code: 'opinions.too-few-participants' })
  expect(same.ok ? '' : same.message).toContain('same place')
})

test(`map: ${MAX_STATEMENTS} statements are mapped, one more is refused`, () => {
  const { votes } = twoCamps()
  const statements = [
    ...twoCamps().statements,
    ...Array.from({ length: MAX_STATEMENTS - 10 }, (_, i) => ({ id: `unused${i}` })),
  ]
  expect(mapOpinions({ statements, votes }, { seed: 's' }).ok).toBe(true)
  expect(
    mapOpinions({ statements: [...statements, { id: 'one-more' }], votes }, { seed: 's' }),
  ).toMatchObject({
    ok: false,
    code: 'opinions.too-large',
  })
})

test(`map: more than ${MAX_VOTES} votes are refused before anything is read`, () => {
  const huge = { length: MAX_VOTES + 1 } as ArrayLike<number>
  expect(
    mapOpinions(
      {
        statements: [{ id: 's' }],
        votes: { participants: ['p'], voter: huge, statement: huge, vote: huge, castAt: null },
      },
      { seed: 's' },
    ),
  ).toMatchObject({ ok: false, code: 'opinions.too-large' })
})
