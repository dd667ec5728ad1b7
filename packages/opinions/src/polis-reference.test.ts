// The map checked against Pol.is's own results, on every conversation in ../shared/data/polis (a
// folder added there is checked the same way): who is placed in a group, the two PCA projections,
// group membership (adjusted Rand index), each group's representative statements and the
// consensus statements. See docs/opinions.md for the figures and for why group membership cannot
// always agree: Pol.is's k-means starts every update from the previous one, so its groups depend on
// the conversation's history, which an export does not hold.
import { expect, test } from 'vitest'
import { adjustedRandIndex, pearson } from './agreement.js'
import { kmeans, kmeansFrom } from './kmeans.js'
import { describeGroups, mapOpinions } from './opinion-map.js'
import type { OpinionMap } from './opinion-map.js'
import {
  polisConversationNames,
  polisGroupsOf,
  readPolisConversation,
  readPolisMath,
} from './test-data.js'
import type { PolisMath } from './test-data.js'
import { buildVoteMatrix } from './vote-matrix.js'

/** Agreement with Pol.is's groups that the map must reach. */
const MIN_ADJUSTED_RAND = 0.9
/** Correlation with Pol.is's projections, per component, sign free. */
const MIN_PROJECTION_CORRELATION = 0.99

/**
 * Conversations where the map's groups are known to differ from Pol.is's more than
 * MIN_ADJUSTED_RAND allows, with the agreement measured: Pol.is's groups there are a local optimum
 * its history led to (docs/opinions.md, "Limits"; on 25ptpt the check "from Pol.is's start" below
 * shows the map's own k-means reaching exactly Pol.is's groups from Pol.is's start). The floor
 * keeps them from getting worse.
 */
const KNOWN_GROUP_GAPS: Readonly<Record<string, number>> = {
  'vtaiwan.uberx': 0.885,
  'reddwarf-25ptpt-3gp-no-strict-with-meta': 0.63,
}

const names = polisConversationNames()
const maps = new Map<string, OpinionMap>()
function mapOf(name: string): OpinionMap {
  let map = maps.get(name)
  if (map === undefined) {
    const outcome = mapOpinions(readPolisConversation(name).input, { seed: 'veche' })
    if (!outcome.ok) throw new Error(`${name}: ${outcome.message}`)
    map = outcome.report
    maps.set(name, map)
  }
  return map
}

test('the shared data holds the three Pol.is conversations this check was written on', () => {
  expect(names).toEqual(
    expect.arrayContaining([
      'vtaiwan.uberx',
      'reddwarf-below-100-ptpts',
      'reddwarf-25ptpt-3gp-no-strict-with-meta',
    ]),
  )
})

test.each(names)('%s: the map places in groups exactly the participants Pol.is placed', (name) => {
  const polis = polisGroupsOf(name)
  if (polis === null) throw new Error(`${name} has no Pol.is groups to compare with`)
  const math = readPolisMath(name)
  const theirs =
    math === null
      ? [...polis].filter(([, g]) => g !== null).map(([id]) => id)
      : math['in-conv'].map(String)
  const ours = mapOf(name)
    .participants.filter((p) => p.group !== null)
    .map((p) => p.id)
  expect(new Set(ours)).toEqual(new Set(theirs))
})

test.each(names)('%s: group membership agrees with Pol.is (adjusted Rand index)', (name) => {
  const polis = polisGroupsOf(name)
  if (polis === null) throw new Error(`${name} has no Pol.is groups to compare with`)
  const a: number[] = []
  const b: number[] = []
  for (const p of mapOf(name).participants) {
    const theirs = polis.get(p.id)
    if (p.group === null || theirs === undefined || theirs === null) continue
    a.push(theirs)
    b.push(p.group)
  }
  expect(a.length).toBeGreaterThan(0)
  const ari = adjustedRandIndex(a, b)
  expect(ari).toBeGreaterThanOrEqual(KNOWN_GROUP_GAPS[name] ?? MIN_ADJUSTED_RAND)
})

const withMath = names.filter((name) => readPolisMath(name) !== null)

test.each(withMath)('%s: projections correlate with Pol.is per component (|r| ≥ 0.99)', (name) => {
  const math = readPolisMath(name) as PolisMath
  const ours = new Map(mapOf(name).participants.map((p) => [p.id, p.projection]))
  const base = math['base-clusters']
  const x: number[] = []
  const y: number[] = []
  const px: number[] = []
  const py: number[] = []
  base.id.forEach((_, i) => {
    for (const member of base.members[i] ?? []) {
      const projection = ours.get(String(member))
      if (projection === undefined) throw new Error(`participant ${member} is not on the map`)
      x.push(projection[0])
      y.push(projection[1])
      px.push(base.x[i] as number)
      py.push(base.y[i] as number)
    }
  })
  expect(Math.abs(pearson(x, px))).toBeGreaterThanOrEqual(MIN_PROJECTION_CORRELATION)
  expect(Math.abs(pearson(y, py))).toBeGreaterThanOrEqual(MIN_PROJECTION_CORRELATION)
  // the components themselves, statement by statement
  const statements = new Map(mapOf(name).statements.map((s) => [s.id, s]))
  for (const c of [0, 1] as const) {
    const ourComponent = math.tids.map((t) => statements.get(String(t))?.components[c] ?? 0)
    expect(Math.abs(pearson(ourComponent, math.pca.comps[c] as number[]))).toBeGreaterThan(0.999999)
  }
})

// Where the map's groups differ from Pol.is's, the difference is where k-means started, not what
// it clustered. Pol.is's base clusters, placed at the mean of their members' positions on the map
// and weighted by their sizes, are clustered by the map's own k-means (kmeans.ts) twice: started
// from Pol.is's groups, it keeps them exactly (they are a fixed point); and started as Pol.is's
// init-clusters starts, from the first distinct base clusters in the order of Pol.is's base-cluster
// ids, it finds Pol.is's groups exactly. So the positions and the clustering step are Pol.is's; the
// one thing missing is that order, which Pol.is's ids carry from the conversation's history (a
// base cluster's id is given when the cluster is created, as the farthest point is split off at a
// later update) and which an export does not hold.
test.each(withMath)(
  '%s: on the map’s positions, the map’s k-means finds Pol.is’s groups from Pol.is’s start',
  (name) => {
    const math = readPolisMath(name) as PolisMath
    const ours = new Map(mapOf(name).participants.map((p) => [p.id, p.projection]))
    const base = math['base-clusters']
    const byId = base.id
      .map((_, i) => i)
      .sort((a, b) => (base.id[a] as number) - (base.id[b] as number))
    const groupOfBase = new Map<number, number>()
    math['group-clusters'].forEach((g, i) => g.members.forEach((b) => groupOfBase.set(b, i)))
    const centres = new Float64Array(2 * byId.length)
    const sizes = new Float64Array(byId.length)
    byId.forEach((i, at) => {
      const members = base.members[i] ?? []
      for (const member of members) {
        const [x, y] = ours.get(String(member)) as readonly [number, number]
        centres[2 * at] = (centres[2 * at] as number) + x / members.length
        centres[2 * at + 1] = (centres[2 * at + 1] as number) + y / members.length
      }
      sizes[at] = members.length
    })
    const theirs = byId.map((i) => groupOfBase.get(base.id[i] as number) as number)
    const groups = math['group-clusters'].length
    const start = new Float64Array(2 * groups)
    const weight = new Float64Array(groups)
    theirs.forEach((g, at) => {
      const w = sizes[at] as number
      start[2 * g] = (start[2 * g] as number) + w * (centres[2 * at] as number)
      start[2 * g + 1] = (start[2 * g + 1] as number) + w * (centres[2 * at + 1] as number)
      weight[g] = (weight[g] as number) + w
    })
    for (let g = 0; g < groups; g++) {
      start[2 * g] = (start[2 * g] as number) / (weight[g] as number)
      start[2 * g + 1] = (start[2 * g + 1] as number) / (weight[g] as number)
    }
    const fixed = kmeansFrom(centres, sizes, start)
    expect(Array.from(fixed.assignment)).toEqual(theirs)
    const fresh = kmeans(centres, sizes, groups)
    expect(adjustedRandIndex(Array.from(fresh.assignment), theirs)).toBe(1)
  },
)

test.each(withMath)('%s: the consensus statements are Pol.is’s, in order', (name) => {
  const math = readPolisMath(name) as PolisMath
  const map = mapOf(name)
  expect(map.consensus).toEqual({
    agree: math.consensus.agree.map((c) => String(c.tid)),
    disagree: math.consensus.disagree.map((c) => String(c.tid)),
  })
  const figures = map.consensusFigures.agree.map((c) => [c.nSuccess, c.nTrials])
  expect(figures).toEqual(math.consensus.agree.map((c) => [c['n-success'], c['n-trials']]))
})

test.each(withMath)(
  '%s: given Pol.is’s groups, the representative statements and group-aware consensus are Pol.is’s',
  (name) => {
    const math = readPolisMath(name) as PolisMath
    const built = buildVoteMatrix(readPolisConversation(name).input)
    if (!built.ok) throw new Error(built.message)
    const matrix = built.report
    const polis = polisGroupsOf(name) as ReadonlyMap<string, number | null>
    const ids = math['group-clusters'].map((g) => g.id)
    const groupOf = Int32Array.from(matrix.participantIds, (id) => {
      const g = polis.get(id)
      return g === undefined || g === null ? -1 : ids.indexOf(g)
    })
    const described = describeGroups(matrix, groupOf, ids.length)
    ids.forEach((gid, g) => {
      const expected = math.repness[String(gid)] ?? []
      const got = described.groups[g]?.representative ?? []
      expect(got.map((r) => [r.statement, r.direction, r.nSuccess, r.nTrials])).toEqual(
        expected.map((r) => [String(r.tid), r['repful-for'], r['n-success'], r['n-trials']]),
      )
      got.forEach((r, i) => {
        const e = expected[i]!
        expect(r.pSuccess).toBeCloseTo(e['p-success'], 12)
        expect(r.pTest).toBeCloseTo(e['p-test'], 12)
        expect(r.repness).toBeCloseTo(e.repness, 12)
        expect(r.repnessTest).toBeCloseTo(e['repness-test'], 5)
      })
    })
    const statementIndex = new Map(matrix.statementIds.map((id, s) => [id, s]))
    for (const [tid, value] of Object.entries(math['group-aware-consensus'])) {
      const informed = described.groupInformedConsensus[statementIndex.get(tid) ?? -1]
      if (informed === undefined || informed === null) continue // moderated out
      expect(informed.agree).toBeCloseTo(value, 14)
    }
  },
)

test.each(withMath)(
  '%s: every group the map shares with Pol.is has Pol.is’s representative statements',
  (name) => {
    const math = readPolisMath(name) as PolisMath
    const map = mapOf(name)
    const polis = polisGroupsOf(name) as ReadonlyMap<string, number | null>
    const members = (group: number | null, of: (id: string) => number | null | undefined) =>
      map.participants
        .filter((p) => of(p.id) === group)
        .map((p) => p.id)
        .sort()
        .join(',')
    const ourGroup = new Map(map.participants.map((p) => [p.id, p.group]))
    let shared = 0
    for (const group of map.groups) {
      const mine = members(group.id, (id) => ourGroup.get(id))
      const twin = math['group-clusters'].find((g) => members(g.id, (id) => polis.get(id)) === mine)
      if (twin === undefined) continue
      shared++
      expect(group.representative.map((r) => [r.statement, r.direction])).toEqual(
        (math.repness[String(twin.id)] ?? []).map((r) => [String(r.tid), r['repful-for']]),
      )
    }
    // where the groups are Pol.is's, all of them are compared
    if (adjustedRandIndexOf(name) === 1) expect(shared).toBe(map.groups.length)
  },
)

function adjustedRandIndexOf(name: string): number {
  const polis = polisGroupsOf(name) as ReadonlyMap<string, number | null>
  const placed = mapOf(name).participants.filter((p) => p.group !== null)
  return adjustedRandIndex(
    placed.map((p) => polis.get(p.id) ?? -1),
    placed.map((p) => p.group ?? -1),
  )
}
