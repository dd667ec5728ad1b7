// The two principal components of the vote matrix and each participant's position on them, as
// Pol.is computes them (math/src/polismath/math/pca.clj and conversation.clj):
//
// - missing votes are imputed with the statement's mean vote (the mean over those who voted), and
//   moderated-out statements are zeroed for everyone, so after centring a missing vote is 0;
// - the components are the top two eigenvectors of XᵀX, X the centred matrix of every participant
//   who voted (clustered or not);
// - a participant's position is the projection of their own votes only, scaled by
//   sqrt(n / max(1, m)), n the number of statements anyone voted on and m the participant's votes
//   (a zeroed, moderated-out statement counts as voted, as in Pol.is): "sparsity-aware" scaling, so
//   that people who voted on little are not all bunched in the middle.
//
// Pol.is runs 100 power iterations per update, starting from the previous update's components.
// With no history here, the same eigenvectors are found by subspace iteration (power iteration on
// a block of vectors with Rayleigh-Ritz, Golub and Van Loan 8.2.4) from a seeded start, until the
// top two residuals fall below 1e-10 of the top eigenvalue or MAX_PCA_ITERATIONS pass. XᵀX is
// never formed: each step is two passes over the votes. Signs are fixed so that each component's
// largest entry is positive (the first such entry on ties). Arithmetic is +, -, *, / and sqrt
// only, in a fixed order, so every engine gives the same bits.
import { seededGenerator } from '@veche/tally'
import { symmetricEigen } from './symmetric-eigen.js'
import type { VoteMatrix } from './vote-matrix.js'

/** Vectors in the iterated block (more converge faster on close eigenvalues, but cost more). */
export const PCA_BLOCK = 6
/** Upper bound on subspace iterations. */
export const MAX_PCA_ITERATIONS = 1000
/** Converged when both residuals ‖XᵀXv − λv‖ are below this share of the top eigenvalue. */
export const PCA_TOLERANCE = 1e-10

/** The principal components, over the statements of the matrix (canonical order). */
export interface Pca {
  /** Mean vote per statement (0 for statements moderated out or without votes). */
  readonly center: Float64Array
  readonly components: readonly [Float64Array, Float64Array]
  /** Eigenvalues of XᵀX for the two components. */
  readonly eigenvalues: readonly [number, number]
  readonly iterations: number
}

/** Statements that take part in the PCA: voted on by someone, and not moderated out. */
export function activeStatements(matrix: VoteMatrix): Uint8Array {
  const active = new Uint8Array(matrix.statementIds.length)
  for (let e = 0; e < matrix.column.length; e++) {
    const s = matrix.column[e] as number
    if (matrix.excluded[s] === 0) active[s] = 1
  }
  return active
}

/** The centred vote of each matrix entry (0 on moderated-out statements). */
export function centredValues(matrix: VoteMatrix, center: Float64Array): Float64Array {
  const out = new Float64Array(matrix.column.length)
  for (let e = 0; e < out.length; e++) {
    const s = matrix.column[e] as number
    out[e] = matrix.excluded[s] === 1 ? 0 : (matrix.value[e] as number) - (center[s] as number)
  }
  return out
}

/** Mean vote per statement over those who voted on it. */
export function statementMeans(matrix: VoteMatrix): Float64Array {
  const nS = matrix.statementIds.length
  const sum = new Float64Array(nS)
  const count = new Float64Array(nS)
  for (let e = 0; e < matrix.column.length; e++) {
    const s = matrix.column[e] as number
    sum[s] = (sum[s] as number) + (matrix.value[e] as number)
    count[s] = (count[s] as number) + 1
  }
  const mean = new Float64Array(nS)
  for (let s = 0; s < nS; s++) {
    if (matrix.excluded[s] === 0 && (count[s] as number) > 0)
      mean[s] = (sum[s] as number) / (count[s] as number)
  }
  return mean
}

/** Computes the two principal components; `seed` draws the start vectors. */
export function computePca(matrix: VoteMatrix, seed: string): Pca {
  const nS = matrix.statementIds.length
  const center = statementMeans(matrix)
  const x = centredValues(matrix, center)
  const active = activeStatements(matrix)
  let nActive = 0
  for (let s = 0; s < nS; s++) nActive += active[s] as number
  const nP = matrix.participantIds.length
  const b = Math.max(2, Math.min(PCA_BLOCK, nActive, nP))

  const next = seededGenerator(`${seed}\u0000pca`)
  const draw = (): Float64Array => {
    const v = new Float64Array(nS)
    for (let s = 0; s < nS; s++) if (active[s] === 1) v[s] = next() / 0x100000000 - 0.5
    return v
  }
  let q = orthonormalize(Array.from({ length: b }, draw), draw)
  const t = new Float64Array(b * b)
  for (let iteration = 1; ; iteration++) {
    const w = multiplyGram(matrix, x, q)
    for (let i = 0; i < b; i++) {
      for (let j = i; j < b; j++) {
        const tij =
          (dot(q[i] as Float64Array, w[j] as Float64Array) +
            dot(q[j] as Float64Array, w[i] as Float64Array)) /
          2
        t[i * b + j] = tij
        t[j * b + i] = tij
      }
    }
    const { values, vectors } = symmetricEigen(t, b)
    const ritz = combine(q, vectors, b)
    const images = combine(w, vectors, b)
    const top = Math.abs(values[0] as number)
    let residual = 0
    for (let i = 0; i < 2; i++) {
      const r = ritz[i] as Float64Array
      const cr = images[i] as Float64Array
      const lambda = values[i] as number
      let sum = 0
      for (let s = 0; s < nS; s++) {
        const d = (cr[s] as number) - lambda * (r[s] as number)
        sum += d * d
      }
      residual = Math.max(residual, Math.sqrt(sum))
    }
    if (residual <= PCA_TOLERANCE * top || iteration >= MAX_PCA_ITERATIONS) {
      return {
        center,
        components: [fixSign(ritz[0] as Float64Array), fixSign(ritz[1] as Float64Array)],
        eigenvalues: [values[0] as number, values[1] as number],
        iterations: iteration,
      }
    }
    q = orthonormalize(images, draw)
  }
}

/**
 * W = XᵀX Q for the block Q, in one pass over the rows of the centred matrix X (entry values `x`).
 */
function multiplyGram(
  matrix: VoteMatrix,
  x: Float64Array,
  q: readonly Float64Array[],
): Float64Array[] {
  const b = q.length
  const nS = matrix.statementIds.length
  const { rowStart, column } = matrix
  const nP = rowStart.length - 1
  // the block stored statement-major, so one entry reads b neighbouring numbers
  const qs = new Float64Array(nS * b)
  for (let i = 0; i < b; i++) {
    const qi = q[i] as Float64Array
    for (let s = 0; s < nS; s++) qs[s * b + i] = qi[s] as number
  }
  const ws = new Float64Array(nS * b)
  if (b === 6) {
    multiplyGram6(rowStart, column, x, qs, ws)
  } else {
    const y = new Float64Array(b)
    for (let p = 0; p < nP; p++) {
      const start = rowStart[p] as number
      const end = rowStart[p + 1] as number
      y.fill(0)
      for (let e = start; e < end; e++) {
        const v = x[e] as number
        const base = (column[e] as number) * b
        for (let i = 0; i < b; i++) y[i] = (y[i] as number) + v * (qs[base + i] as number)
      }
      for (let e = start; e < end; e++) {
        const v = x[e] as number
        const base = (column[e] as number) * b
        for (let i = 0; i < b; i++) ws[base + i] = (ws[base + i] as number) + v * (y[i] as number)
      }
    }
  }
  return Array.from({ length: b }, (_, i) => {
    const wi = new Float64Array(nS)
    for (let s = 0; s < nS; s++) wi[s] = ws[s * b + i] as number
    return wi
  })
}

/**
 * The same for a block of six, the usual case, with the six running sums in locals (several times
 * faster than indexing a small array in the innermost loop). The sums are added in the same order
 * as in the general loop, so the result is the same bits.
 */
function multiplyGram6(
  rowStart: Int32Array,
  column: Int32Array,
  x: Float64Array,
  qs: Float64Array,
  ws: Float64Array,
): void {
  const nP = rowStart.length - 1
  for (let p = 0; p < nP; p++) {
    const start = rowStart[p] as number
    const end = rowStart[p + 1] as number
    let y0 = 0
    let y1 = 0
    let y2 = 0
    let y3 = 0
    let y4 = 0
    let y5 = 0
    for (let e = start; e < end; e++) {
      const v = x[e] as number
      const base = (column[e] as number) * 6
      y0 += v * (qs[base] as number)
      y1 += v * (qs[base + 1] as number)
      y2 += v * (qs[base + 2] as number)
      y3 += v * (qs[base + 3] as number)
      y4 += v * (qs[base + 4] as number)
      y5 += v * (qs[base + 5] as number)
    }
    for (let e = start; e < end; e++) {
      const v = x[e] as number
      const base = (column[e] as number) * 6
      ws[base] = (ws[base] as number) + v * y0
      ws[base + 1] = (ws[base + 1] as number) + v * y1
      ws[base + 2] = (ws[base + 2] as number) + v * y2
      ws[base + 3] = (ws[base + 3] as number) + v * y3
      ws[base + 4] = (ws[base + 4] as number) + v * y4
      ws[base + 5] = (ws[base + 5] as number) + v * y5
    }
  }
}

/** Columns of `vectors` (b×b, row-major) applied to the block: out_j = Σ_i block_i · V[i][j]. */
function combine(block: readonly Float64Array[], vectors: Float64Array, b: number): Float64Array[] {
  const n = (block[0] as Float64Array).length
  return Array.from({ length: b }, (_, j) => {
    const out = new Float64Array(n)
    for (let i = 0; i < b; i++) {
      const c = vectors[i * b + j] as number
      if (c === 0) continue
      const bi = block[i] as Float64Array
      for (let s = 0; s < n; s++) out[s] = (out[s] as number) + c * (bi[s] as number)
    }
    return out
  })
}

/**
 * Modified Gram-Schmidt, twice for stability. A vector that vanishes (the data has fewer
 * dimensions than the block) is replaced by a fresh draw, orthogonalised in turn.
 */
function orthonormalize(block: readonly Float64Array[], draw: () => Float64Array): Float64Array[] {
  const out: Float64Array[] = []
  for (const original of block) {
    let v: Float64Array = Float64Array.from(original)
    for (let attempt = 0; ; attempt++) {
      const before = Math.sqrt(dot(v, v))
      for (let pass = 0; pass < 2; pass++) {
        for (const u of out) {
          const c = dot(u, v)
          for (let s = 0; s < v.length; s++) v[s] = (v[s] as number) - c * (u[s] as number)
        }
      }
      const norm = Math.sqrt(dot(v, v))
      if (norm > 1e-10 * before && norm > 0) {
        for (let s = 0; s < v.length; s++) v[s] = (v[s] as number) / norm
        break
      }
      if (attempt >= 8) {
        v = new Float64Array(v.length)
        break
      }
      v = draw()
    }
    out.push(v)
  }
  return out
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number)
  return sum
}

/** Makes the entry of largest magnitude positive (the first one on ties); no -0 is left. */
function fixSign(v: Float64Array): Float64Array {
  let at = 0
  for (let i = 1; i < v.length; i++)
    if (Math.abs(v[i] as number) > Math.abs(v[at] as number)) at = i
  const sign = (v[at] as number) < 0 ? -1 : 1
  for (let i = 0; i < v.length; i++) v[i] = sign * (v[i] as number) + 0
  return v
}

/**
 * Each participant's position (x, y interleaved), by Pol.is's sparsity-aware projection: the
 * participant's own centred votes on the components, times sqrt(n / max(1, m)).
 */
export function projectParticipants(matrix: VoteMatrix, pca: Pca): Float64Array {
  const { rowStart, column, excluded } = matrix
  const nP = rowStart.length - 1
  const nS = matrix.statementIds.length
  const voted = new Uint8Array(nS)
  for (let e = 0; e < column.length; e++) voted[column[e] as number] = 1
  let nColumns = 0
  let nExcludedColumns = 0
  for (let s = 0; s < nS; s++) {
    nColumns += voted[s] as number
    if (excluded[s] === 1) nExcludedColumns += voted[s] as number
  }
  const x = centredValues(matrix, pca.center)
  const [pc1, pc2] = pca.components
  const out = new Float64Array(2 * nP)
  for (let p = 0; p < nP; p++) {
    let a = 0
    let b = 0
    let votes = nExcludedColumns
    for (let e = rowStart[p] as number; e < (rowStart[p + 1] as number); e++) {
      const s = column[e] as number
      if (excluded[s] === 1) continue
      votes++
      a += (x[e] as number) * (pc1[s] as number)
      b += (x[e] as number) * (pc2[s] as number)
    }
    const scale = Math.sqrt(nColumns / Math.max(1, votes))
    out[2 * p] = a * scale + 0 // + 0 turns -0 into 0
    out[2 * p + 1] = b * scale + 0
  }
  return out
}
