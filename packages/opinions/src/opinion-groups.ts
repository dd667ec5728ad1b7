// Opinion groups, as Pol.is forms them (math/src/polismath/math/conversation.clj and
// clusters.clj): the clustered participants' positions are first summarised by up to 100 base
// clusters (k-means); the base clusters, weighted by their number of members, are then clustered
// again for every k from 2 to min(5, 2 + ⌊bases / 12⌋), and the k whose clustering has the highest
// mean silhouette over the base clusters wins (the smaller k on ties). Pol.is also holds a new k
// back until it has won four updates in a row ("k-smoothing"); that needs history and is left out.
// Groups are numbered by size, largest first (ties: the group holding the participant who comes
// first in canonical order).
import { kmeans } from './kmeans.js'

/** Base clusters summarising the participants (Pol.is's base-k). */
export const BASE_CLUSTERS = 100
/** Largest number of opinion groups (Pol.is's max-k). */
export const MAX_GROUPS = 5

/** The clustering of the map. */
export interface OpinionGrouping {
  /** Opinion group of each clustered participant (in the order given), 0..groups-1. */
  readonly group: Int32Array
  readonly groups: number
  /** Base cluster of each clustered participant. */
  readonly base: Int32Array
  /** Base cluster centres (x, y interleaved) and sizes. */
  readonly baseCenters: Float64Array
  readonly baseSizes: Float64Array
  /** Opinion group of each base cluster. */
  readonly baseGroup: Int32Array
  /** Mean silhouette of each k tried. */
  readonly silhouettes: readonly { readonly k: number; readonly silhouette: number }[]
}

/**
 * Groups the clustered participants from their positions (x, y interleaved), given in the order
 * they joined (which seeds k-means, as in Pol.is). Needs at least two distinct positions.
 */
export function groupParticipants(positions: Float64Array): OpinionGrouping {
  const n = positions.length / 2
  const base = kmeans(positions, null, Math.min(BASE_CLUSTERS, n))
  const baseSizes = new Float64Array(base.k)
  for (let i = 0; i < n; i++)
    baseSizes[base.assignment[i] as number] =
      (baseSizes[base.assignment[i] as number] as number) + 1
  const distances = distanceMatrix(base.centers)
  const maxK = Math.min(MAX_GROUPS, 2 + Math.floor(base.k / 12), base.k)
  let best: { k: number; silhouette: number; assignment: Int32Array } | null = null
  const silhouettes: { k: number; silhouette: number }[] = []
  for (let k = 2; k <= maxK; k++) {
    const run = kmeans(base.centers, baseSizes, k)
    const silhouette = meanSilhouette(distances, run.assignment, run.k)
    silhouettes.push({ k, silhouette })
    if (best === null || silhouette > best.silhouette)
      best = { k: run.k, silhouette, assignment: run.assignment }
  }
  if (best === null) throw new Error('grouping needs at least two distinct positions')

  // number the groups by size, largest first; ties by the first participant in each
  const size = new Float64Array(best.k)
  const firstMember = new Int32Array(best.k).fill(n)
  for (let i = 0; i < n; i++) {
    const g = best.assignment[base.assignment[i] as number] as number
    size[g] = (size[g] as number) + 1
    if (i < (firstMember[g] as number)) firstMember[g] = i
  }
  const order = Array.from({ length: best.k }, (_, g) => g)
  order.sort(
    (a, b) =>
      (size[b] as number) - (size[a] as number) ||
      (firstMember[a] as number) - (firstMember[b] as number),
  )
  const renumber = new Int32Array(best.k)
  order.forEach((g, id) => (renumber[g] = id))
  const baseGroup = best.assignment.map((g) => renumber[g] as number)
  const group = base.assignment.map((b) => baseGroup[b] as number)
  return {
    group,
    groups: best.k,
    base: base.assignment,
    baseCenters: base.centers,
    baseSizes,
    baseGroup,
    silhouettes,
  }
}

function distanceMatrix(centers: Float64Array): Float64Array {
  const n = centers.length / 2
  const d = new Float64Array(n * n)
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (centers[2 * i] as number) - (centers[2 * j] as number)
      const dy = (centers[2 * i + 1] as number) - (centers[2 * j + 1] as number)
      const dij = Math.sqrt(dx * dx + dy * dy)
      d[i * n + j] = dij
      d[j * n + i] = dij
    }
  }
  return d
}

/**
 * Mean silhouette over the points (Rousseeuw 1987): for each, a = mean distance to the rest of
 * its cluster, b = the least mean distance to another cluster, s = (b − a) / max(a, b); 0 for a
 * point alone in its cluster, as in Pol.is. Unweighted over base clusters, as in Pol.is.
 */
export function meanSilhouette(distances: Float64Array, assignment: Int32Array, k: number): number {
  const n = assignment.length
  const size = new Int32Array(k)
  for (let i = 0; i < n; i++)
    size[assignment[i] as number] = (size[assignment[i] as number] as number) + 1
  const sums = new Float64Array(k)
  let total = 0
  for (let i = 0; i < n; i++) {
    const own = assignment[i] as number
    if ((size[own] as number) <= 1) continue
    sums.fill(0)
    for (let j = 0; j < n; j++) {
      const c = assignment[j] as number
      sums[c] = (sums[c] as number) + (distances[i * n + j] as number)
    }
    const a = (sums[own] as number) / ((size[own] as number) - 1)
    let b = Infinity
    for (let c = 0; c < k; c++) {
      if (c === own || size[c] === 0) continue
      b = Math.min(b, (sums[c] as number) / (size[c] as number))
    }
    if (b === Infinity) continue
    const m = Math.max(a, b)
    if (m > 0) total += (b - a) / m
  }
  return total / n
}
