// Drawing lots without Math.random: a seed string fixed when the poll opens (and recorded with it)
// drives a small deterministic generator, so anyone replaying the count draws the same lot.
// Hash: cyrb128-style mixing of the UTF-16 code units into four 32-bit words; generator: sfc32.
// Both use only 32-bit integer operations, so every JavaScript engine gives the same sequence.

/** A lot drawn to break a tie, as recorded in reports. */
export interface LotDraw {
  /** What the lot decided, e.g. "exclude at stage 4". */
  readonly purpose: string
  readonly seed: string
  /** The tied names, sorted by code unit (the draw never depends on input order). */
  readonly among: readonly string[]
  /** `among` in the order the lot put them: the first is chosen. */
  readonly order: readonly string[]
}

function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703
  let h2 = 3144134277
  let h3 = 1013904242
  let h4 = 2773480762
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i)
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067)
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233)
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213)
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179)
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067)
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233)
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213)
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179)
  return [(h1 ^ h2 ^ h3 ^ h4) >>> 0, (h2 ^ h1) >>> 0, (h3 ^ h1) >>> 0, (h4 ^ h1) >>> 0]
}

/** A deterministic generator of 32-bit unsigned integers seeded by a string. */
export function seededGenerator(seed: string): () => number {
  let [a, b, c, d] = hashSeed(seed)
  return () => {
    const t = (((a + b) | 0) + d) | 0
    d = (d + 1) | 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) | 0
    c = (c << 21) | (c >>> 11)
    c = (c + t) | 0
    return t >>> 0
  }
}

/** A uniform integer in [0, n) drawn without modulo bias. */
function uniformBelow(next: () => number, n: number): number {
  const limit = 0x100000000 - (0x100000000 % n)
  for (;;) {
    const x = next()
    if (x < limit) return x % n
  }
}

/**
 * Orders the tied names by lot. The generator is seeded by the poll's seed, the purpose and the
 * sorted names, so each tie gets its own independent, reproducible draw.
 */
export function drawLot(seed: string, purpose: string, tied: readonly string[]): LotDraw {
  const among = [...tied].sort(compareCodeUnits)
  const next = seededGenerator(`${seed}\u0000${purpose}\u0000${among.join('\u0000')}`)
  const order = [...among]
  for (let i = order.length - 1; i > 0; i--) {
    const j = uniformBelow(next, i + 1)
    const tmp = order[i] as string
    order[i] = order[j] as string
    order[j] = tmp
  }
  return { purpose, seed, among, order }
}

/** Orders strings by UTF-16 code units, independent of locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
