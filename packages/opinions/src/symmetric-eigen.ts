// Eigenvalues and eigenvectors of a small symmetric matrix by the cyclic Jacobi method (Golub and
// Van Loan, "Matrix Computations", 4th ed., section 8.5). Used on the few-by-few matrices of the
// subspace iteration in pca.ts. Only +, -, *, / and sqrt, all exactly rounded by IEEE 754, so
// every JavaScript engine gives the same bits.

const MAX_SWEEPS = 64

/**
 * Eigen-decomposes the symmetric `n`×`n` matrix `a` (row-major, not modified). Returns the
 * eigenvalues in descending order (ties by position) and the matching unit eigenvectors as the
 * columns of `vectors` (row-major).
 */
export function symmetricEigen(
  a: Float64Array,
  n: number,
): { readonly values: Float64Array; readonly vectors: Float64Array } {
  const m = Float64Array.from(a)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0
    let diag = 0
    for (let i = 0; i < n; i++) {
      diag += (m[i * n + i] as number) * (m[i * n + i] as number)
      for (let j = i + 1; j < n; j++) off += (m[i * n + j] as number) * (m[i * n + j] as number)
    }
    if (off === 0 || off <= 1e-32 * diag) break
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q] as number
        if (apq === 0) continue
        const app = m[p * n + p] as number
        const aqq = m[q * n + q] as number
        const theta = (aqq - app) / (2 * apq)
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p] as number
          const mkq = m[k * n + q] as number
          m[k * n + p] = c * mkp - s * mkq
          m[k * n + q] = s * mkp + c * mkq
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k] as number
          const mqk = m[q * n + k] as number
          m[p * n + k] = c * mpk - s * mqk
          m[q * n + k] = s * mpk + c * mqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p] as number
          const vkq = v[k * n + q] as number
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i)
  order.sort((i, j) => (m[j * n + j] as number) - (m[i * n + i] as number) || i - j)
  const values = new Float64Array(n)
  const vectors = new Float64Array(n * n)
  order.forEach((from, to) => {
    values[to] = m[from * n + from] as number
    for (let k = 0; k < n; k++) vectors[k * n + to] = v[k * n + from] as number
  })
  return { values, vectors }
}
