import { expect, test } from 'vitest'
import { centredValues, computePca, projectParticipants, statementMeans } from './pca.js'
import { symmetricEigen } from './symmetric-eigen.js'
import { readPolisConversation } from './test-data.js'
import { buildVoteMatrix } from './vote-matrix.js'
import type { OpinionsInput, VoteMatrix } from './vote-matrix.js'

function matrixOf(input: OpinionsInput): VoteMatrix {
  const built = buildVoteMatrix(input)
  if (!built.ok) throw new Error(built.message)
  return built.report
}

test('pca: means over voters, then sparsity-aware projection; a moderated-out statement counts as voted', () => {
  const m = matrixOf({
    statements: [{ id: 's1' }, { id: 's2' }, { id: 's3', excluded: true }],
    votes: [
      { participant: 'A', statement: 's1', vote: 1 },
      { participant: 'A', statement: 's2', vote: 1 },
      { participant: 'B', statement: 's1', vote: -1 },
      { participant: 'B', statement: 's2', vote: -1 },
      { participant: 'C', statement: 's1', vote: 1 },
      { participant: 'D', statement: 's3', vote: 1 },
    ],
  })
  expect(Array.from(statementMeans(m))).toEqual([1 / 3, 0, 0])
  const pca = computePca(m, 'test')
  // XᵀX = [[8/3, 2], [2, 2]]: λ1 = (7 + √37) / 3, v1 ∝ (2, λ1 − 8/3)
  const l1 = (7 + Math.sqrt(37)) / 3
  const norm = Math.hypot(2, l1 - 8 / 3)
  const [v1x, v1y] = [2 / norm, (l1 - 8 / 3) / norm]
  expect(pca.eigenvalues[0]).toBeCloseTo(l1, 12)
  expect(pca.components[0][0]).toBeCloseTo(v1x, 12)
  expect(pca.components[0][1]).toBeCloseTo(v1y, 12)
  expect(pca.components[0][2]).toBe(0)
  const xy = projectParticipants(m, pca)
  // 3 statements have votes; A voted on 2 plus the moderated-out one: scale √(3/3)
  expect(xy[0]).toBeCloseTo((2 / 3) * v1x + v1y, 12)
  // C voted on 1 plus the moderated-out one: scale √(3/2)
  expect(xy[4]).toBeCloseTo(Math.sqrt(3 / 2) * (2 / 3) * v1x, 12)
  // D voted only on the moderated-out statement
  expect(xy[6]).toBe(0)
})

test('pca: on vTaiwan the components are the top eigenvectors of XᵀX (checked by a dense Jacobi)', () => {
  const m = matrixOf(readPolisConversation('vtaiwan.uberx').input)
  const pca = computePca(m, 'veche')
  const n = m.statementIds.length
  const x = centredValues(m, pca.center)
  const gram = new Float64Array(n * n)
  for (let p = 0; p + 1 < m.rowStart.length; p++) {
    for (let e = m.rowStart[p]!; e < m.rowStart[p + 1]!; e++) {
      for (let f = m.rowStart[p]!; f < m.rowStart[p + 1]!; f++) {
        gram[m.column[e]! * n + m.column[f]!]! += x[e]! * x[f]!
      }
    }
  }
  const dense = symmetricEigen(gram, n)
  for (const c of [0, 1]) {
    expect(pca.eigenvalues[c]).toBeCloseTo(dense.values[c]!, 6)
    let cos = 0
    for (let s = 0; s < n; s++) cos += pca.components[c]![s]! * dense.vectors[s * n + c]!
    expect(Math.abs(cos)).toBeGreaterThan(1 - 1e-9)
  }
  expect(pca.iterations).toBeLessThan(100)
})

test('pca: the seed moves the start vectors, not the components', () => {
  const m = matrixOf(readPolisConversation('reddwarf-below-100-ptpts').input)
  const a = computePca(m, 'one')
  const b = computePca(m, 'two')
  for (const c of [0, 1]) {
    for (let s = 0; s < m.statementIds.length; s++) {
      expect(a.components[c]![s]).toBeCloseTo(b.components[c]![s]!, 9)
    }
  }
})
