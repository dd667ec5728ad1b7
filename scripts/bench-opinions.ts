// Opinion-map benchmarks (`npm run bench -- opinions`), each figure against a floor measured in
// the same run: one plain pass over the conversation's votes (reading every vote once and adding
// it to its statement's total), which no map can beat.
//
// - opinions.vtaiwan: the whole map of the vTaiwan UberX export (1,921 participants × 197
//   statements, 49,997 vote events), read once; best of five maps (goal ≤ 0.3 s);
// - opinions.synthetic-100k: 100,000 participants × 2,000 statements, 5,000,000 votes from a seeded
//   generator (scripts/opinions-fixture.ts); one map, and the process's peak memory
//   (goal ≤ 30 s, ≤ 2 GB);
// - opinions.one-more-vote-2000: a 2,000-participant conversation (200 statements, 50,000 votes)
//   mapped again after each of seven more votes, from scratch (goal ≤ 100 ms per vote).
// Timings on this shared machine are noisy: compare ratios between runs.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { mapOpinions, readOpenDataExport } from '@veche/opinions'
import type { OpinionsInput, VoteColumns } from '@veche/opinions'
import { seededGenerator } from '@veche/tally'
import { emitBench, peakMemoryMiB } from './bench-line.js'
import { syntheticConversation } from './opinions-fixture.js'

const here = dirname(fileURLToPath(import.meta.url))
const vtaiwan = join(here, '..', '..', '..', 'shared', 'data', 'polis', 'vtaiwan.uberx')

function seconds(fn: () => unknown): number {
  const start = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}

/** One plain pass over the votes: each vote added to its statement's total. */
function plainPass(input: OpinionsInput): number {
  const votes = input.votes as VoteColumns
  const totals = new Float64Array(input.statements.length)
  for (let i = 0; i < votes.vote.length; i++) {
    const s = votes.statement[i] as number
    totals[s] = (totals[s] as number) + (votes.vote[i] as number)
  }
  return totals.reduce((a, b) => a + b, 0)
}

function floorSeconds(input: OpinionsInput): number {
  let best = Infinity
  for (let r = 0; r < 5; r++)
    best = Math.min(
      best,
      seconds(() => plainPass(input)),
    )
  return best
}

function map(input: OpinionsInput): void {
  const outcome = mapOpinions(input, { seed: 'bench' })
  if (!outcome.ok) throw new Error(outcome.message)
}

function benchVtaiwan(): void {
  let conversation: OpinionsInput | null = null
  const read = seconds(() => {
    const outcome = readOpenDataExport({
      'comments.csv': readFileSync(join(vtaiwan, 'comments.csv'), 'utf8'),
      'votes.csv': readFileSync(join(vtaiwan, 'votes.csv'), 'utf8'),
    })
    if (!outcome.ok) throw new Error(outcome.message)
    conversation = outcome.report.input
  })
  const input = conversation as unknown as OpinionsInput
  const first = seconds(() => map(input))
  let best = first
  for (let r = 0; r < 4; r++)
    best = Math.min(
      best,
      seconds(() => map(input)),
    )
  const floor = floorSeconds(input)
  emitBench({
    bench: 'opinions.vtaiwan',
    value: round(best),
    unit: 's',
    ratio: round(best / floor, 1),
    floorSeconds: round(floor, 6),
    firstMapSeconds: round(first),
    readSeconds: round(read),
    goal: '≤ 0.3 s',
  })
}

function benchOneMoreVote(): void {
  const input = syntheticConversation({
    participants: 2000,
    statements: 200,
    votes: 50_000,
    camps: 3,
    seed: 'one-more-vote',
  })
  map(input)
  const floor = floorSeconds(input)
  const next = seededGenerator('one more vote')
  const times: number[] = []
  let votes = input.votes
  for (let r = 0; r < 7; r++) {
    // one participant votes again (a new vote, or a changed one), after everything else
    const n = votes.vote.length
    const grow = <T extends Int32Array | Int8Array | Float64Array>(a: T, v: number): T => {
      const out = new (a.constructor as new (n: number) => T)(n + 1)
      out.set(a)
      out[n] = v
      return out
    }
    votes = {
      participants: votes.participants,
      voter: grow(votes.voter, next() % 2000),
      statement: grow(votes.statement, next() % 200),
      vote: grow(votes.vote, (next() % 3) - 1),
      castAt: grow(votes.castAt, (votes.castAt[n - 1] as number) + 1000),
    }
    const withVote = { statements: input.statements, votes }
    times.push(seconds(() => map(withVote)))
  }
  times.sort((a, b) => a - b)
  const median = times[3] as number
  emitBench({
    bench: 'opinions.one-more-vote-2000',
    value: round(median),
    unit: 's',
    ratio: round(median / floor, 1),
    floorSeconds: round(floor, 6),
    bestSeconds: round(times[0] as number),
    votes: votes.vote.length,
    goal: '≤ 0.1 s',
  })
}

function benchSynthetic(): void {
  const input = syntheticConversation({
    participants: 100_000,
    statements: 2000,
    votes: 5_000_000,
    camps: 3,
    seed: 'bench',
  })
  const floor = floorSeconds(input)
  const time = seconds(() => map(input))
  emitBench({
    bench: 'opinions.synthetic-100k',
    value: round(time),
    unit: 's',
    ratio: round(time / floor, 1),
    floorSeconds: round(floor, 6),
    votes: input.votes.vote.length,
    peakMemoryMiB: peakMemoryMiB(),
    goal: '≤ 30 s, ≤ 2 GB',
  })
}

function round(x: number, digits = 3): number {
  return Number(x.toFixed(digits))
}

benchVtaiwan()
benchOneMoreVote()
benchSynthetic()
