import { expect, test } from 'vitest'
import { kmeans } from './kmeans.js'

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
