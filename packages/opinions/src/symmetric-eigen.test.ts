import { expect, test } from 'vitest'
import { symmetricEigen } from './symmetric-eigen.js'

test('symmetric eigen: a matrix with known eigenvalues 5, 3, 1 and their vectors', () => {
  const { values, vectors } = symmetricEigen(Float64Array.from([2, 1, 0, 1, 2, 0, 0, 0, 5]), 3)
  expect(Array.from(values)).toEqual([5, expect.closeTo(3, 14), expect.closeTo(1, 14)])
  // first column ±(0, 0, 1); second ±(1, 1, 0)/√2
  expect(Math.abs(vectors[2 * 3 + 0]!)).toBe(1)
  expect(Math.abs(vectors[0 * 3 + 1]!)).toBeCloseTo(Math.SQRT1_2, 14)
  expect(vectors[0 * 3 + 1]!).toBeCloseTo(vectors[1 * 3 + 1]!, 14)
})

test('symmetric eigen: A v = λ v and the vectors are orthonormal, on pseudo-random matrices', () => {
  let seed = 7
  const next = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
    return seed / 2 ** 32 - 0.5
  }
  for (const n of [1, 2, 5, 8]) {
    const a = new Float64Array(n * n)
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const x = next()
        a[i * n + j] = x
        a[j * n + i] = x
      }
    }
    const { values, vectors } = symmetricEigen(a, n)
    for (let k = 0; k < n; k++) {
      for (let i = 0; i < n; i++) {
        let av = 0
        for (let j = 0; j < n; j++) av += a[i * n + j]! * vectors[j * n + k]!
        expect(av).toBeCloseTo(values[k]! * vectors[i * n + k]!, 12)
      }
      for (let l = 0; l < n; l++) {
        let dot = 0
        for (let i = 0; i < n; i++) dot += vectors[i * n + k]! * vectors[i * n + l]!
        expect(dot).toBeCloseTo(k === l ? 1 : 0, 12)
      }
      if (k > 0) expect(values[k]!).toBeLessThanOrEqual(values[k - 1]!)
    }
  }
})
