// Weighted k-means on points of the plane, as the map uses it twice: participants into base
// clusters, and base clusters (weighted by their members) into opinion groups. As in Pol.is
// (math/src/polismath/math/clusters.clj, init-clusters and kmeans): the first k distinct points, in
// the order given, are the starting centres; then Lloyd's algorithm (assign each point to the
// nearest centre, move each centre to its members' weighted mean) until no point changes cluster
// or MAX_KMEANS_ITERATIONS pass; a cluster left empty is dropped. Pol.is starts each update from
// the previous update's clusters; with no history here, the points come in the order participants
// joined, which is how Pol.is's very first clustering starts. Distances are compared squared (no
// sqrt) and ties go to the lower-numbered centre, so every engine gives the same clusters.

/** Upper bound on Lloyd iterations. */
export const MAX_KMEANS_ITERATIONS = 100

/** Clusters of a k-means run. */
export interface Clustering {
  /** Number of non-empty clusters (below k when there are fewer distinct points, or one empties). */
  readonly k: number
  /** Cluster of each point, 0..k-1, numbered in the order of their starting points. */
  readonly assignment: Int32Array
  /** Centres, x and y interleaved. */
  readonly centers: Float64Array
  /** Weighted sum of squared distances to the centres. */
  readonly inertia: number
}

/** Clusters `points` (x, y interleaved) into at most `k` clusters; `weights` defaults to 1 each. */
export function kmeans(points: Float64Array, weights: Float64Array | null, k: number): Clustering {
  return lloyd(points, weights, firstDistinct(points, k))
}

/** The first `k` distinct points, in order. */
function firstDistinct(points: Float64Array, k: number): Float64Array {
  const n = points.length / 2
  const centers: number[] = []
  for (let i = 0; i < n && centers.length < 2 * k; i++) {
    const x = points[2 * i] as number
    const y = points[2 * i + 1] as number
    let seen = false
    for (let c = 0; c < centers.length; c += 2) {
      if (centers[c] === x && centers[c + 1] === y) {
        seen = true
        break
      }
    }
    if (!seen) centers.push(x, y)
  }
  return Float64Array.from(centers)
}

/** Lloyd's iterations from the given centres. */
function lloyd(
  points: Float64Array,
  weights: Float64Array | null,
  initial: Float64Array,
): Clustering {
  const n = points.length / 2
  let centers: Float64Array = initial
  let k = centers.length / 2
  let assignment: Int32Array = new Int32Array(n).fill(-1)
  for (let iteration = 0; iteration < MAX_KMEANS_ITERATIONS; iteration++) {
    const next = assign(points, centers, k)
    let changed = false
    for (let i = 0; i < n; i++) {
      if (next[i] !== assignment[i]) {
        changed = true
        break
      }
    }
    assignment = next
    if (!changed) break
    const moved = recenter(points, weights, assignment, k)
    centers = moved.centers
    k = moved.k
    assignment = moved.assignment
  }
  let inertia = 0
  for (let i = 0; i < n; i++) {
    const c = assignment[i] as number
    const dx = (points[2 * i] as number) - (centers[2 * c] as number)
    const dy = (points[2 * i + 1] as number) - (centers[2 * c + 1] as number)
    inertia += (weights === null ? 1 : (weights[i] as number)) * (dx * dx + dy * dy)
  }
  return { k, assignment, centers, inertia }
}

function assign(points: Float64Array, centers: Float64Array, k: number): Int32Array {
  const n = points.length / 2
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const x = points[2 * i] as number
    const y = points[2 * i + 1] as number
    let best = 0
    let bestD = Infinity
    for (let c = 0; c < k; c++) {
      const dx = x - (centers[2 * c] as number)
      const dy = y - (centers[2 * c + 1] as number)
      const d = dx * dx + dy * dy
      if (d < bestD) {
        bestD = d
        best = c
      }
    }
    out[i] = best
  }
  return out
}

/** Weighted means of the clusters; empty clusters are dropped and the rest renumbered in order. */
function recenter(
  points: Float64Array,
  weights: Float64Array | null,
  assignment: Int32Array,
  k: number,
): { centers: Float64Array; k: number; assignment: Int32Array } {
  const n = points.length / 2
  const sx = new Float64Array(k)
  const sy = new Float64Array(k)
  const sw = new Float64Array(k)
  for (let i = 0; i < n; i++) {
    const c = assignment[i] as number
    const w = weights === null ? 1 : (weights[i] as number)
    sx[c] = (sx[c] as number) + w * (points[2 * i] as number)
    sy[c] = (sy[c] as number) + w * (points[2 * i + 1] as number)
    sw[c] = (sw[c] as number) + w
  }
  const renumber = new Int32Array(k).fill(-1)
  const centers: number[] = []
  for (let c = 0; c < k; c++) {
    if ((sw[c] as number) > 0) {
      renumber[c] = centers.length / 2
      centers.push((sx[c] as number) / (sw[c] as number), (sy[c] as number) / (sw[c] as number))
    }
  }
  const out = new Int32Array(n)
  for (let i = 0; i < n; i++) out[i] = renumber[assignment[i] as number] as number
  return { centers: Float64Array.from(centers), k: centers.length / 2, assignment: out }
}
