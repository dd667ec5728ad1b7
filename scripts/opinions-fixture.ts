// A synthetic Pol.is-like conversation for the opinion-map benchmarks, the same for the same seed:
// participants belong to a few hidden opinion camps, each camp with its own chance of agreeing,
// disagreeing or passing on each statement; how much people vote is heavy-tailed (most vote on a
// few statements, some on hundreds), early statements are seen more than late ones, and the
// votes arrive in time order. Written straight into typed arrays: 5,000,000 votes take ~90 MB.
import { seededGenerator } from '@veche/tally'
import type { OpinionsInput } from '@veche/opinions'

export interface SyntheticConversation {
  readonly participants: number
  readonly statements: number
  readonly votes: number
  readonly camps: number
  readonly seed: string
}

/** Builds the conversation's statements and votes (as columns). */
export function syntheticConversation(shape: SyntheticConversation): OpinionsInput & {
  readonly votes: {
    readonly participants: string[]
    readonly voter: Int32Array
    readonly statement: Int32Array
    readonly vote: Int8Array
    readonly castAt: Float64Array
  }
} {
  const next = seededGenerator(shape.seed)
  const random = () => next() / 0x100000000
  const { participants: nP, statements: nS, camps } = shape
  // each camp's chance of agree and of disagree per statement
  const agree = new Float64Array(camps * nS)
  const disagree = new Float64Array(camps * nS)
  for (let c = 0; c < camps; c++) {
    for (let s = 0; s < nS; s++) {
      const lean = random()
      const passes = 0.05 + 0.2 * random()
      agree[c * nS + s] = (1 - passes) * lean
      disagree[c * nS + s] = (1 - passes) * (1 - lean)
    }
  }
  // votes per participant: heavy-tailed weights (about half vote on fewer than 7 statements, a few
  // on hundreds), scaled so the total is exactly `votes`, each between 1 and nS
  const weight = new Float64Array(nP)
  for (let p = 0; p < nP; p++) weight[p] = 1 / (0.005 + random()) ** 1.5
  const counts = new Int32Array(nP)
  const countAt = (scale: number) => {
    let sum = 0
    for (let p = 0; p < nP; p++)
      sum += Math.max(1, Math.min(nS, Math.round((weight[p] as number) * scale)))
    return sum
  }
  let low = 0
  let high = shape.votes
  for (let step = 0; step < 60; step++) {
    const mid = (low + high) / 2
    if (countAt(mid) < shape.votes) low = mid
    else high = mid
  }
  let assigned = 0
  for (let p = 0; p < nP; p++) {
    counts[p] = Math.max(1, Math.min(nS, Math.round((weight[p] as number) * low)))
    assigned += counts[p] as number
  }
  for (let p = 0; assigned < shape.votes && p < nP; p++) {
    if ((counts[p] as number) < nS) {
      counts[p] = (counts[p] as number) + 1
      assigned++
    }
  }
  const voter = new Int32Array(assigned)
  const statement = new Int32Array(assigned)
  const vote = new Int8Array(assigned)
  const at = new Float64Array(assigned)
  const lastPicked = new Int32Array(nS).fill(-1)
  let i = 0
  for (let p = 0; p < nP; p++) {
    const camp = Math.floor(random() * camps)
    const n = counts[p] as number
    for (let k = 0; k < n; k++) {
      // early statements are seen more; draw again on a statement already voted
      let s: number
      do {
        const u = random()
        s = n > nS / 2 ? Math.floor(random() * nS) : Math.floor(nS * u * u)
      } while (lastPicked[s] === p)
      lastPicked[s] = p
      const u = random()
      const a = agree[camp * nS + s] as number
      const d = disagree[camp * nS + s] as number
      voter[i] = p
      statement[i] = s
      vote[i] = u < a ? 1 : u < a + d ? -1 : 0
      at[i] = 1_700_000_000_000 + i * 1000
      i++
    }
  }
  return {
    statements: Array.from({ length: nS }, (_, s) => ({ id: String(s), excluded: s % 50 === 49 })),
    votes: {
      participants: Array.from({ length: nP }, (_, p) => String(p)),
      voter,
      statement,
      vote,
      castAt: at,
    },
  }
}
