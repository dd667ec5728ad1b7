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

/**
 * Lloyd's iterations from the given starting centres (x, y interleaved) instead of the first
 * distinct points: Pol.is's warm start, which the map itself never uses (it keeps no history), but
 * which shows where a given start leads (polis-reference.test.ts starts from Pol.is's own groups).
 */
export function kmeansFrom(
  points: Float64Array,
  weights: Float64Array | null,
  centers: Float64Array,
): Clustering {
  return lloyd(points, weights, Float64Array.from(centers))
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

/**
 * Lloyd's iterations from the given centres, accelerated by Hamerly's bounds (G. Hamerly, "Making
 * k-means even faster", SDM 2010): each point keeps an upper bound on its distance to its own
 * centre and a lower bound on its distance to any other, and is only measured again when the
 * bounds no longer prove its centre the nearest. A point is skipped only when its centre is
 * nearer than every other by a clear margin, so the clusters are exactly those of plain Lloyd's
 * algorithm (nearest centre, the lower-numbered one on ties), only found faster.
 */
function lloyd(
  points: Float64Array,
  weights: Float64Array | null,
  initial: Float64Array,
): Clustering {
  const n = points.length / 2
  let centers: Float64Array = initial
  let k = centers.length / 2
  const assignment = new Int32Array(n)
  const upper = new Float64Array(n)
  const lower = new Float64Array(n)
  for (let i = 0; i < n; i++) nearest(points, centers, k, i, assignment, upper, lower)
  for (let iteration = 1; ; iteration++) {
    const moved = recenter(points, weights, assignment, centers, k)
    if (moved.k !== k)
      for (let i = 0; i < n; i++) assignment[i] = moved.renumber[assignment[i] as number] as number
    centers = moved.centers
    k = moved.k
    if (iteration >= MAX_KMEANS_ITERATIONS) break
    let farthest = 0
    for (let c = 0; c < k; c++) farthest = Math.max(farthest, moved.distance[c] as number)
    const half = halfGaps(centers, k)
    let changed = false
    for (let i = 0; i < n; i++) {
      const a = assignment[i] as number
      upper[i] = (upper[i] as number) + (moved.distance[a] as number)
      lower[i] = (lower[i] as number) - farthest
      const bound = Math.max(half[a] as number, lower[i] as number)
      if ((upper[i] as number) * (1 + MARGIN) < bound) continue
      const dx = (points[2 * i] as number) - (centers[2 * a] as number)
      const dy = (points[2 * i + 1] as number) - (centers[2 * a + 1] as number)
      upper[i] = Math.sqrt(dx * dx + dy * dy)
      if ((upper[i] as number) * (1 + MARGIN) < bound) continue
      nearest(points, centers, k, i, assignment, upper, lower)
      if (assignment[i] !== a) changed = true
    }
    if (!changed) break
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

/** Relative margin by which bounds must prove a centre nearest (far above rounding error). */
const MARGIN = 1e-9

/** Measures point i against every centre: nearest (lower-numbered on ties), and the bounds. */
function nearest(
  points: Float64Array,
  centers: Float64Array,
  k: number,
  i: number,
  assignment: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  const x = points[2 * i] as number
  const y = points[2 * i + 1] as number
  let best = 0
  let bestD = Infinity
  let secondD = Infinity
  for (let c = 0; c < k; c++) {
    const dx = x - (centers[2 * c] as number)
    const dy = y - (centers[2 * c + 1] as number)
    const d = dx * dx + dy * dy
    if (d < bestD) {
      secondD = bestD
      bestD = d
      best = c
    } else if (d < secondD) {
      secondD = d
    }
  }
  assignment[i] = best
  upper[i] = Math.sqrt(bestD)
  lower[i] = Math.sqrt(secondD)
}

/** Half the distance from each centre to its nearest other centre (Infinity when alone). */
function halfGaps(centers: Float64Array, k: number): Float64Array {
  const half = new Float64Array(k).fill(Infinity)
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const dx = (centers[2 * a] as number) - (centers[2 * b] as number)
      const dy = (centers[2 * a + 1] as number) - (centers[2 * b + 1] as number)
      const d = Math.sqrt(dx * dx + dy * dy) / 2
      if (d < (half[a] as number)) half[a] = d
      if (d < (half[b] as number)) half[b] = d
    }
  }
  return half
}

/**
 * Weighted means of the clusters; empty clusters are dropped and the rest renumbered in order.
 * Also how far each (renumbered) centre moved.
 */
function recenter(
  points: Float64Array,
  weights: Float64Array | null,
  assignment: Int32Array,
  previous: Float64Array,
  k: number,
): { centers: Float64Array; k: number; renumber: Int32Array; distance: Float64Array } {
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
  const distance: number[] = []
  for (let c = 0; c < k; c++) {
    if ((sw[c] as number) > 0) {
      renumber[c] = centers.length / 2
      const x = (sx[c] as number) / (sw[c] as number)
      const y = (sy[c] as number) / (sw[c] as number)
      centers.push(x, y)
      const dx = x - (previous[2 * c] as number)
      const dy = y - (previous[2 * c + 1] as number)
      distance.push(Math.sqrt(dx * dx + dy * dy))
    }
  }
  return {
    centers: Float64Array.from(centers),
    k: centers.length / 2,
    renumber,
    distance: Float64Array.from(distance),
  }
}
