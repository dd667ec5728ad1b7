// The fuzzer's mutations, in the manner of libFuzzer's: a few random edits of an input from the
// corpus (flip a bit, set a byte to a boundary value, insert, erase or repeat a run, splice in a
// dictionary word or part of another input, replace a number by a boundary number). Seeded, so a
// run can be repeated.

/** A small, fast, seeded generator (xorshift128+); not for anything secret. */
export class FuzzRandom {
  #a: bigint
  #b: bigint
  constructor(seed: number) {
    this.#a = BigInt(seed >>> 0) * 0x9e3779b97f4a7c15n + 1n
    this.#b = BigInt((seed * 7 + 13) >>> 0) * 0xbf58476d1ce4e5b9n + 7n
    for (let i = 0; i < 8; i++) this.next()
  }
  /** 32 random bits. */
  next(): number {
    let s1 = this.#a
    const s0 = this.#b
    this.#a = s0
    s1 ^= (s1 << 23n) & 0xffffffffffffffffn
    s1 ^= s1 >> 17n
    s1 ^= s0 ^ (s0 >> 26n)
    this.#b = s1
    return Number((s0 + s1) & 0xffffffffn)
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 1 ? 0 : this.next() % n
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T
  }
}

const BOUNDARY_BYTES = [
  0, 1, 0x7f, 0x80, 0xff, 0x0a, 0x0d, 0x20, 0x22, 0x2c, 0x2d, 0x30, 0x5b, 0x5d, 0x7b, 0x7d, 0x5c,
  0x0c,
]
const BOUNDARY_NUMBERS = [
  '0',
  '-0',
  '1',
  '-1',
  '2',
  '255',
  '65536',
  '2147483648',
  '4294967296',
  '9007199254740991',
  '9007199254740993',
  '1e308',
  '1e309',
  '-1e309',
  '0.1',
  '1e-7',
  'NaN',
  '999999999999999999999',
]

const encoder = new TextEncoder()

function concat(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const p of parts) length += p.length
  const out = new Uint8Array(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

/** One mutation of `input`; `other` is another corpus input to splice from. */
function mutateOnce(
  random: FuzzRandom,
  input: Uint8Array,
  other: Uint8Array,
  dictionary: readonly Uint8Array[],
): Uint8Array {
  const n = input.length
  const at = random.below(n + 1)
  switch (random.below(10)) {
    case 0: {
      if (n === 0) return Uint8Array.of(random.below(256))
      const out = input.slice()
      const i = random.below(n)
      out[i] = (out[i] as number) ^ (1 << random.below(8))
      return out
    }
    case 1: {
      if (n === 0) return Uint8Array.of(random.pick(BOUNDARY_BYTES))
      const out = input.slice()
      out[random.below(n)] = random.pick(BOUNDARY_BYTES)
      return out
    }
    case 2: {
      const bytes = Uint8Array.from({ length: 1 + random.below(8) }, () => random.below(256))
      return concat(input.subarray(0, at), bytes, input.subarray(at))
    }
    case 3: {
      const length = Math.min(n - at, 1 + random.below(Math.max(1, n >> 3)))
      return concat(input.subarray(0, at), input.subarray(at + length))
    }
    case 4: {
      // repeat a run, many times now and then (blows up counts and nesting)
      if (n === 0) return input
      const from = random.below(n)
      const length = Math.min(n - from, 1 + random.below(32))
      const times = random.below(4) === 0 ? 1 + random.below(64) : 1
      const run = input.subarray(from, from + length)
      return concat(
        input.subarray(0, at),
        ...Array.from({ length: times }, () => run),
        input.subarray(at),
      )
    }
    case 5:
    case 6: {
      if (dictionary.length === 0) return input
      return concat(input.subarray(0, at), random.pick(dictionary), input.subarray(at))
    }
    case 7: {
      if (other.length === 0) return input
      const from = random.below(other.length)
      const length = Math.min(other.length - from, 1 + random.below(256))
      return concat(input.subarray(0, at), other.subarray(from, from + length), input.subarray(at))
    }
    case 8: {
      // replace a run of digits by a boundary number
      let start = -1
      for (let k = 0; k < 16 && start < 0; k++) {
        const i = random.below(n)
        if ((input[i] as number) >= 0x30 && (input[i] as number) <= 0x39) start = i
      }
      if (start < 0) return input
      let end = start
      while (end < n && (input[end] as number) >= 0x30 && (input[end] as number) <= 0x39) end++
      while (
        start > 0 &&
        (input[start - 1] as number) >= 0x30 &&
        (input[start - 1] as number) <= 0x39
      )
        start--
      return concat(
        input.subarray(0, start),
        encoder.encode(random.pick(BOUNDARY_NUMBERS)),
        input.subarray(end),
      )
    }
    default: {
      // cut: keep a prefix (truncated files)
      return input.subarray(0, random.below(n + 1))
    }
  }
}

/** One to eight mutations of `input`, at most `maxLength` bytes long. */
export function mutate(
  random: FuzzRandom,
  input: Uint8Array,
  other: Uint8Array,
  dictionary: readonly Uint8Array[],
  maxLength: number,
): Uint8Array {
  let out = input
  const rounds = 1 + random.below(8)
  for (let r = 0; r < rounds; r++) out = mutateOnce(random, out, other, dictionary)
  return out.length > maxLength ? out.subarray(0, maxLength) : out
}
