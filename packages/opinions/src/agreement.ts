// Measures of agreement between two results, used to check the map against Pol.is's own: the
// adjusted Rand index of two partitions (Hubert and Arabie, 1985) and Pearson's correlation.

/**
 * Adjusted Rand index of two labelings of the same items (1 = the same partition, about 0 = no
 * better than chance). Labels are any strings or numbers; items are paired by position.
 */
export function adjustedRandIndex(
  a: readonly (string | number)[],
  b: readonly (string | number)[],
): number {
  if (a.length !== b.length) throw new Error('adjustedRandIndex: labelings of different lengths')
  const n = a.length
  const pairs = (x: number) => (x * (x - 1)) / 2
  const table = new Map<string, number>()
  const rows = new Map<string | number, number>()
  const cols = new Map<string | number, number>()
  for (let i = 0; i < n; i++) {
    const x = a[i] as string | number
    const y = b[i] as string | number
    const key = `${typeof x}:${x}\u0000${typeof y}:${y}`
    table.set(key, (table.get(key) ?? 0) + 1)
    rows.set(x, (rows.get(x) ?? 0) + 1)
    cols.set(y, (cols.get(y) ?? 0) + 1)
  }
  let index = 0
  for (const c of table.values()) index += pairs(c)
  let sumRows = 0
  for (const c of rows.values()) sumRows += pairs(c)
  let sumCols = 0
  for (const c of cols.values()) sumCols += pairs(c)
  const expected = (sumRows * sumCols) / pairs(n)
  const max = (sumRows + sumCols) / 2
  if (max === expected) return 1
  return (index - expected) / (max - expected)
}

/** Pearson's correlation coefficient of two series of the same length. */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length
  if (n !== y.length || n < 2) throw new Error('pearson: series of different lengths, or too short')
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += x[i] as number
    my += y[i] as number
  }
  mx /= n
  my /= n
  let sxy = 0
  let sxx = 0
  let syy = 0
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx
    const dy = (y[i] as number) - my
    sxy += dx * dy
    sxx += dx * dx
    syy += dy * dy
  }
  return sxy / Math.sqrt(sxx * syy)
}
