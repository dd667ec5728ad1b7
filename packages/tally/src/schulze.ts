// The Schulze method (Markus Schulze, "A new monotonic, clone-independent, reversal symmetric, and
// Condorcet-consistent single-winner election method", Social Choice and Welfare 36, 2011), with
// winning votes: a defeat of b by a has strength (votes for a over b, votes for b over a), and one
// defeat is stronger than another when it has more winning votes, or as many and fewer losing
// votes. Strongest paths come from the Floyd-Warshall widest-path recurrence; a ranks above b when
// its strongest path to b is stronger than b's to a (a strict partial order, section 4.1). The
// ranking peels Schulze's winner sets: the first tier is exactly the potential winners (section 4:
// no one beats them), the next tier the candidates no one left beats, and so on.
//
// Ballots may rank candidates equal; candidates a ballot leaves unranked count as ranked equal to
// each other and below every ranked candidate (the Debian rule). Withdrawn candidates are ignored.
// Winners are taken from the top tiers; when a tier holds more candidates than the seats left (two
// potential winners for one seat), a seeded lot chooses among them and is recorded in the report.
//
// The Debian variant (constitution appendix A.6, 2003-2021): a default option ("None Of The
// Above"); every other option that does not defeat it (more voters ranking it above the default
// than below), or that fewer than `quorum` voters rank above the default, is dropped before the
// winner is chosen, and defeats are then built from the options kept only (A.6 step 4): no path
// runs through a dropped option. Dropped options follow in their own Schulze order. Where Debian's
// casting vote would choose between options nobody beats, the seeded lot does.
import { fail, succeed } from './outcome.js'
import type { TallyOutcome } from './outcome.js'
import { checkElection } from './ranked-election.js'
import type { RankedElection } from './ranked-election.js'
import { drawLot } from './seeded-lot.js'
import type { LotDraw } from './seeded-lot.js'

/** Options of {@link tallySchulze}. */
export interface SchulzeOptions {
  /** Winners to take from the top of the ranking; default the election's seats. */
  readonly seats?: number | undefined
  readonly tieBreakSeed: string
}

/** Options of {@link tallyDebian}. */
export interface DebianOptions {
  readonly tieBreakSeed: string
  /** Name of the default option; default the last option whose name is "None of the above". */
  readonly defaultOption?: string | undefined
  /** Voters who must rank an option above the default for it to stay; default 0. */
  readonly quorum?: number | undefined
}

/** An option the Debian rule dropped, and why. */
export interface DroppedOption {
  readonly option: string
  readonly reason: 'does-not-defeat-default' | 'quorum'
  /** Voters ranking it above the default option, and below it. */
  readonly above: number
  readonly below: number
}

/** The full report of a Schulze (or Debian) count. Matrices align with `candidates`. */
export interface SchulzeReport<M extends 'schulze' | 'debian' = 'schulze' | 'debian'> {
  readonly method: M
  readonly title: string
  readonly candidates: readonly string[]
  readonly withdrawn: readonly string[]
  readonly seats: number
  readonly voters: number
  /** pairwise[a][b]: voters who rank a above b. */
  readonly pairwise: readonly (readonly number[])[]
  /**
   * Winning votes of the weakest link on the strongest path from a to b (0 when none). In a Debian
   * count paths run among the options kept, or among those dropped, never from one to the other.
   */
  readonly strongestPaths: readonly (readonly number[])[]
  /** Losing votes of that weakest link (the tie-breaker between equal winning votes). */
  readonly strongestPathOpposition: readonly (readonly number[])[]
  readonly condorcetWinner: string | null
  readonly condorcetLoser: string | null
  /** Best first; candidates in one tier are not ranked apart by strongest paths. */
  readonly ranking: readonly (readonly string[])[]
  readonly winners: readonly string[]
  readonly tieBreak: LotDraw | null
  readonly defaultOption: string | null
  readonly dropped: readonly DroppedOption[]
  /** One stage: `totals` = candidates each one beats by strongest path; `excluded` = dropped. */
  readonly stages: readonly {
    readonly stage: 1
    readonly totals: readonly number[]
    readonly elected: readonly string[]
    readonly excluded: readonly string[]
  }[]
}

/** Counts by the Schulze method (winning votes). */
export function tallySchulze(
  election: RankedElection,
  options: SchulzeOptions,
): TallyOutcome<SchulzeReport<'schulze'>> {
  const seats = options.seats ?? election.seats
  const checked = checkElection(election, seats)
  if (!checked.ok) return checked
  const standing = checked.report
  const d = pairwiseMatrix(election)
  return succeed(
    schulzeReport('schulze', election, d, [...standing], [], seats, options.tieBreakSeed, null),
  )
}

/** Counts a Debian vote: the default option rule, then Schulze among the options kept. */
export function tallyDebian(
  election: RankedElection,
  options: DebianOptions,
): TallyOutcome<SchulzeReport<'debian'>> {
  const checked = checkElection(election, 1)
  if (!checked.ok) return checked
  const standing = checked.report
  const names = election.candidates
  const def =
    options.defaultOption === undefined
      ? standing.filter((c) => /^none of the above$/i.test(names[c] ?? '')).at(-1)
      : standing.find((c) => names[c] === options.defaultOption)
  if (def === undefined) {
    return fail(
      'tally.unknown-option',
      `no default option "${options.defaultOption ?? 'None Of The Above'}" among the options`,
    )
  }
  const quorum = options.quorum ?? 0
  if (!Number.isSafeInteger(quorum) || quorum < 0)
    return fail('tally.invalid-quorum', `quorum must be >= 0, got ${quorum}`)
  const d = pairwiseMatrix(election)
  const n = names.length
  const kept: number[] = []
  const dropped: DroppedOption[] = []
  for (const c of standing) {
    const above = d[c * n + def] as number
    const below = d[def * n + c] as number
    if (c === def || (above > below && above >= quorum)) kept.push(c)
    else
      dropped.push({
        option: names[c] as string,
        reason: above > below ? 'quorum' : 'does-not-defeat-default',
        above,
        below,
      })
  }
  const droppedIndices = standing.filter((c) => !kept.includes(c))
  return succeed(
    schulzeReport(
      'debian',
      election,
      d,
      kept,
      droppedIndices,
      1,
      options.tieBreakSeed,
      def,
      dropped,
    ),
  )
}

/**
 * d[a*n+b] = voters ranking a above b. Unranked candidates are below all ranked ones. Reads each
 * ballot group once: O(groups x ranked x candidates).
 */
export function pairwiseMatrix(election: RankedElection): Float64Array {
  const { ballots } = election
  const n = election.candidates.length
  const d = new Float64Array(n * n)
  const level = new Int32Array(n)
  const isWithdrawn = new Uint8Array(n)
  for (const c of election.withdrawn) isWithdrawn[c] = 1
  const unranked = 0x7fffffff
  for (let g = 0; g < ballots.groups; g++) {
    const w = ballots.weights[g] as number
    const start = ballots.offsets[g] as number
    const end = ballots.offsets[g + 1] as number
    level.fill(unranked)
    for (let i = start; i < end; i++) {
      level[ballots.prefs[i] as number] =
        ballots.tiers === null ? i - start : (ballots.tiers[i] as number)
    }
    for (let i = start; i < end; i++) {
      const a = ballots.prefs[i] as number
      if (isWithdrawn[a] === 1) continue
      const la = level[a] as number
      const row = a * n
      for (let b = 0; b < n; b++) {
        if (la < (level[b] as number)) d[row + b] = (d[row + b] as number) + w
      }
    }
  }
  return d
}

function schulzeReport<M extends 'schulze' | 'debian'>(
  method: M,
  election: RankedElection,
  d: Float64Array,
  kept: number[],
  droppedIndices: number[],
  seats: number,
  seed: string,
  def: number | null,
  dropped: DroppedOption[] = [],
): SchulzeReport<M> {
  const names = election.candidates
  const n = names.length
  const all = [...kept, ...droppedIndices].sort((a, b) => a - b)
  // Debian A.6 step 4 builds defeats from the undropped options only: paths stay within a group
  const support = new Float64Array(n * n)
  const opposition = new Float64Array(n * n)
  strongestPaths(d, n, kept, support, opposition)
  strongestPaths(d, n, droppedIndices, support, opposition)
  const beats = (a: number, b: number) => {
    const sa = support[a * n + b] as number
    const sb = support[b * n + a] as number
    return (
      sa > sb ||
      (sa === sb && sa > 0 && (opposition[a * n + b] as number) < (opposition[b * n + a] as number))
    )
  }
  const keptTiers = peelTiers(kept, beats)
  const tiers = [...keptTiers, ...peelTiers(droppedIndices, beats)]
  const winners: string[] = []
  let tieBreak: LotDraw | null = null
  for (const tier of keptTiers) {
    const left = seats - winners.length
    if (left <= 0) break
    const tierNames = tier.map((c) => names[c] as string)
    if (tier.length <= left) winners.push(...tierNames)
    else {
      tieBreak = drawLot(
        seed,
        `${method}: choose ${left} of the candidates tied in the ranking`,
        tierNames,
      )
      winners.push(...tieBreak.order.slice(0, left))
    }
  }
  const pairwise = rows(d, n)
  const condorcet = (wins: boolean) =>
    all.find((a) =>
      all.every(
        (b) =>
          a === b ||
          (wins
            ? (d[a * n + b] as number) > (d[b * n + a] as number)
            : (d[a * n + b] as number) < (d[b * n + a] as number)),
      ),
    )
  const cw = all.length > 1 ? condorcet(true) : undefined
  const cl = all.length > 1 ? condorcet(false) : undefined
  const beatenCounts = names.map((_, a) =>
    all.includes(a) ? all.filter((b) => b !== a && beats(a, b)).length : 0,
  )
  return {
    method,
    title: election.title,
    candidates: names,
    withdrawn: election.withdrawn.map((c) => names[c] as string),
    seats,
    voters: election.ballots.totalWeight,
    pairwise,
    strongestPaths: rows(support, n),
    strongestPathOpposition: rows(opposition, n),
    condorcetWinner: cw === undefined ? null : (names[cw] as string),
    condorcetLoser: cl === undefined ? null : (names[cl] as string),
    ranking: tiers.map((t) => t.map((c) => names[c] as string)),
    winners,
    tieBreak,
    defaultOption: def === null ? null : (names[def] as string),
    dropped,
    stages: [
      { stage: 1, totals: beatenCounts, elected: winners, excluded: dropped.map((x) => x.option) },
    ],
  }
}

/**
 * The ranking as Schulze's winner sets, peeled: the first tier is every candidate of `group` whom
 * no other beats (Schulze 2011, section 4: the potential winners), the next tier the same among
 * those left, and so on. `beats` is a strict partial order (section 4.1), so every step finds
 * someone unbeaten. A count of how many others each candidate beats would not do: an unbeaten
 * candidate who beats nobody would rank below one who beats a third candidate.
 */
function peelTiers(group: readonly number[], beats: (a: number, b: number) => boolean): number[][] {
  const tiers: number[][] = []
  let rest = [...group]
  while (rest.length > 0) {
    const tier = rest.filter((a) => !rest.some((b) => b !== a && beats(b, a)))
    if (tier.length === 0) throw new Error('schulze: the strongest-path relation has a cycle')
    tiers.push(tier)
    rest = rest.filter((c) => !tier.includes(c))
  }
  return tiers
}

/**
 * Widest paths among `among` only, where a link's strength is (winning votes, losing votes),
 * compared as Schulze's >win; written into the pairs of `among` in `support` and `opposition`.
 */
function strongestPaths(
  d: Float64Array,
  n: number,
  among: readonly number[],
  support: Float64Array,
  opposition: Float64Array,
): void {
  for (const a of among) {
    for (const b of among) {
      if (a !== b && (d[a * n + b] as number) > (d[b * n + a] as number)) {
        support[a * n + b] = d[a * n + b] as number
        opposition[a * n + b] = d[b * n + a] as number
      }
    }
  }
  const stronger = (s1: number, o1: number, s2: number, o2: number) =>
    s1 > s2 || (s1 === s2 && o1 < o2)
  for (const k of among) {
    for (const i of among) {
      if (i === k || support[i * n + k] === 0) continue
      for (const j of among) {
        if (j === i || j === k) continue
        // the weaker of the links i->k and k->j
        let s = support[i * n + k] as number
        let o = opposition[i * n + k] as number
        const s2 = support[k * n + j] as number
        const o2 = opposition[k * n + j] as number
        if (s2 === 0) continue
        if (stronger(s, o, s2, o2)) {
          s = s2
          o = o2
        }
        if (stronger(s, o, support[i * n + j] as number, opposition[i * n + j] as number)) {
          support[i * n + j] = s
          opposition[i * n + j] = o
        }
      }
    }
  }
}

function rows(m: Float64Array, n: number): number[][] {
  return Array.from({ length: n }, (_, a) => Array.from(m.subarray(a * n, a * n + n)))
}
