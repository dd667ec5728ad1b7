import { expect, test } from 'vitest'
import { kmeans, kmeansFrom } from './kmeans.js'

test('kmeans: starts from the first distinct points and finds two obvious clusters', () => {
  const points = Float64Array.from([0, 0, 0, 0, 10, 10, 0, 1, 10, 11, 1, 0, 11, 10])
  const c = kmeans(points, null, 2)
  expect(c.k).toBe(2)
  expect(Array.from(c.assignment)).toEqual([0, 0, 1, 0, 1, 0, 1])
  expect(Array.from(c.centers)).toEqual([0.25, 0.25, 31 / 3, 31 / 3])
  expect(c.inertia).toBeCloseTo(1.5 + 4 / 3, 12)
})

test('kmeans: fewer distinct points than k gives fewer clusters; weights pull the centres', () => {
  const points = Float64Array.from([1, 1, 1, 1, 3, 1])
  expect(kmeans(points, null, 5).k).toBe(2)
  const weighted = kmeans(Float64Array.from([0, 0, 4, 0]), Float64Array.from([3, 1]), 1)
  expect(Array.from(weighted.centers)).toEqual([1, 0])
})

test('kmeansFrom: a given start can lead to another local optimum than the first distinct points', () => {
  // the corners of a 4 × 3 rectangle: left | right and top / bottom are both fixed points
  const points = Float64Array.from([0, 0, 4, 0, 0, 3, 4, 3])
  expect(Array.from(kmeans(points, null, 2).assignment)).toEqual([0, 1, 0, 1])
  const start = Float64Array.from([2, 0, 2, 3])
  const from = kmeansFrom(points, null, start)
  expect(Array.from(from.assignment)).toEqual([0, 0, 1, 1])
  expect(Array.from(from.centers)).toEqual([2, 0, 2, 3])
  expect(from.inertia).toBe(16)
  expect(Array.from(start)).toEqual([2, 0, 2, 3])
})

/** Plain Lloyd's algorithm from the first distinct points, as Pol.is runs it, without bounds. */
function plainLloyd(points: Float64Array, k: number): { assignment: number[]; centers: number[] } {
  const n = points.length / 2
  let centers: number[] = []
  for (let i = 0; i < n && centers.length < 2 * k; i++) {
    let seen = false
    for (let c = 0; c < centers.length; c += 2)
      if (centers[c] === points[2 * i] && centers[c + 1] === points[2 * i + 1]) seen = true
    if (!seen) centers.push(points[2 * i]!, points[2 * i + 1]!)
  }
  let assignment: number[] = []
  for (let iteration = 0; iteration < 100; iteration++) {
    const next = Array.from({ length: n }, (_, i) => {
      let best = 0
      let bestD = Infinity
      for (let c = 0; c < centers.length / 2; c++) {
        const dx = points[2 * i]! - centers[2 * c]!
        const dy = points[2 * i + 1]! - centers[2 * c + 1]!
        if (dx * dx + dy * dy < bestD) {
          bestD = dx * dx + dy * dy
          best = c
        }
      }
      return best
    })
    const same = next.every((c, i) => c === assignment[i])
    assignment = next
    if (same) break
    const k2 = centers.length / 2
    const sx = new Array<number>(k2).fill(0)
    const sy = new Array<number>(k2).fill(0)
    const sw = new Array<number>(k2).fill(0)
    assignment.forEach((c, i) => {
      sx[c]! += points[2 * i]!
      sy[c]! += points[2 * i + 1]!
      sw[c]! += 1
    })
    const renumber: number[] = []
    const moved: number[] = []
    for (let c = 0; c < k2; c++) {
      renumber.push(moved.length / 2)
      if (sw[c]! > 0) moved.push(sx[c]! / sw[c]!, sy[c]! / sw[c]!)
    }
    centers = moved
    assignment = assignment.map((c) => renumber[c]!)
  }
  return { assignment, centers }
}

test('kmeans: the bounds only save work: clusters identical to plain Lloyd, 4,000 points into 100', () => {
  let seed = 11
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32
  }
  const points = new Float64Array(8000)
  for (let i = 0; i < 4000; i++) {
    // three blobs, some points repeated exactly
    const blob = i % 3
    points[2 * i] = i % 50 === 0 ? 1 : blob * 3 + next() * 2
    points[2 * i + 1] = i % 50 === 0 ? 1 : blob + next() * 2
  }
  const fast = kmeans(points, null, 100)
  const plain = plainLloyd(points, 100)
  expect(Array.from(fast.assignment)).toEqual(plain.assignment)
  expect(Array.from(fast.centers)).toEqual(plain.centers)
})
