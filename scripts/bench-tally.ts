// Tally benchmarks (`npm run bench -- tally`). For each method: synthetic ballots from a seeded
// generator (skewed candidate popularity, party-like runs, ballot lengths from a bullet vote to a
// full ranking, so grouping identical ballots does not collapse them), packed into typed arrays and
// written to a scratch file. A child process then loads the packed file, measures the floor (one
// plain pass reading every preference of the packed ballots), runs the count, and reports its time
// and ratio to the floor, and its peak memory above the bare runtime as a ratio to the packed size.
// Times are the best of a few runs: this machine is shared and noisy.
import { spawnSync } from 'node:child_process'
import {
  closeSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  BallotPacker,
  seededGenerator,
  tallyIrv,
  tallyMeekStv,
  tallySchulze,
  tallyScottishStv,
} from '@veche/tally'
import type { PackedBallots, RankedElection } from '@veche/tally'
import { emitBench, peakMemoryMiB } from './bench-line.js'

interface Workload {
  readonly name: string
  readonly method: 'irv' | 'scottish-stv' | 'meek-stv' | 'schulze'
  readonly ballots: number
  readonly candidates: number
  readonly seats: number
}

const WORKLOADS: readonly Workload[] = [
  {
    name: 'irv 1M ballots x 12 candidates',
    method: 'irv',
    ballots: 1_000_000,
    candidates: 12,
    seats: 1,
  },
  {
    name: 'scottish-stv 1M ballots x 15 candidates, 4 seats',
    method: 'scottish-stv',
    ballots: 1_000_000,
    candidates: 15,
    seats: 4,
  },
  {
    name: 'meek-stv 100k ballots x 15 candidates, 4 seats',
    method: 'meek-stv',
    ballots: 100_000,
    candidates: 15,
    seats: 4,
  },
  {
    name: 'schulze 100k ballots x 30 candidates',
    method: 'schulze',
    ballots: 100_000,
    candidates: 30,
    seats: 1,
  },
]

/** Realistic synthetic ballots, the same for the same seed. */
export function generateBallots(workload: Workload, seed: string): PackedBallots {
  const next = seededGenerator(seed)
  const random = () => next() / 0x100000000
  const n = workload.candidates
  // popularity falls off like 1/(rank+1)^0.9; parties of three candidates
  const popularity = Array.from({ length: n }, (_, i) => 1 / (i + 1) ** 0.9)
  const party = Array.from({ length: n }, (_, i) => Math.floor(i / 3))
  const packer = new BallotPacker(n)
  const prefs: number[] = []
  const used = new Uint8Array(n)
  for (let b = 0; b < workload.ballots; b++) {
    used.fill(0)
    prefs.length = 0
    // 15% bullet votes; otherwise a geometric length (mean about 5), 10% rank everyone
    const u = random()
    let length =
      u < 0.15 ? 1 : u > 0.9 ? n : 2 + Math.floor(Math.log(1 - random()) / Math.log(0.75))
    length = Math.min(n, Math.max(1, length))
    while (prefs.length < length) {
      const last = prefs.at(-1)
      let pick = -1
      if (last !== undefined && random() < 0.6) {
        // stay with the party when a party mate is left
        for (let c = 0; c < n; c++) {
          if (used[c] === 0 && party[c] === party[last] && (pick < 0 || random() < 0.5)) pick = c
        }
      }
      if (pick < 0) {
        let total = 0
        for (let c = 0; c < n; c++) if (used[c] === 0) total += popularity[c] as number
        let r = random() * total
        for (let c = 0; c < n && pick < 0; c++) {
          if (used[c] === 1) continue
          r -= popularity[c] as number
          if (r <= 0) pick = c
        }
        if (pick < 0) pick = used.indexOf(0)
      }
      used[pick] = 1
      prefs.push(pick)
    }
    const bad = packer.add(1, prefs)
    if (bad) throw new Error(bad.message)
  }
  return packer.finish()
}

function packedBytes(p: PackedBallots): number {
  return p.weights.byteLength + p.offsets.byteLength + p.prefs.byteLength
}

function writePacked(path: string, p: PackedBallots): void {
  const header = {
    candidateCount: p.candidateCount,
    groups: p.groups,
    totalWeight: p.totalWeight,
    prefs: p.prefs.length,
  }
  writeFileSync(`${path}.json`, JSON.stringify(header))
  const out = new Uint8Array(packedBytes(p))
  let at = 0
  for (const part of [p.weights, p.offsets, p.prefs]) {
    out.set(new Uint8Array(part.buffer, part.byteOffset, part.byteLength), at)
    at += part.byteLength
  }
  writeFileSync(path, out)
}

function readPacked(path: string): PackedBallots {
  const h = JSON.parse(readFileSync(`${path}.json`, 'utf8')) as {
    candidateCount: number
    groups: number
    totalWeight: number
    prefs: number
  }
  const size = h.groups * 8 + (h.groups + 1) * 4 + h.prefs * 2
  const buffer = new ArrayBuffer(size + 8)
  const fd = openSync(path, 'r')
  readSync(fd, new Uint8Array(buffer, 0, size))
  closeSync(fd)
  const weights = new Float64Array(buffer, 0, h.groups)
  const offsets = new Uint32Array(buffer, h.groups * 8, h.groups + 1)
  const prefs = new Uint16Array(buffer, h.groups * 8 + (h.groups + 1) * 4, h.prefs)
  return {
    candidateCount: h.candidateCount,
    groups: h.groups,
    totalWeight: h.totalWeight,
    weights,
    offsets,
    prefs,
    tiers: null,
  }
}

/** One plain pass over the packed ballots, reading every preference once (the floor). */
function plainPass(p: PackedBallots): number {
  let sum = 0
  const { weights, offsets, prefs } = p
  for (let g = 0; g < p.groups; g++) {
    const w = weights[g] as number
    const end = offsets[g + 1] as number
    for (let i = offsets[g] as number; i < end; i++) sum += (prefs[i] as number) * w
  }
  return sum
}

function best(runs: number, fn: () => unknown): number {
  let min = Infinity
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint()
    fn()
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e9)
  }
  return min
}

function count(workload: Workload, election: RankedElection): readonly string[] {
  const options = { tieBreakSeed: 'bench', seats: workload.seats }
  const outcome =
    workload.method === 'irv'
      ? tallyIrv(election, options)
      : workload.method === 'scottish-stv'
        ? tallyScottishStv(election, options)
        : workload.method === 'meek-stv'
          ? tallyMeekStv(election, options)
          : tallySchulze(election, options)
  if (!outcome.ok) throw new Error(outcome.message)
  return outcome.report.winners
}

/** The child: load, floor, count, memory. */
function child(index: number, path: string): void {
  const workload = WORKLOADS[index] as Workload
  const baseline = peakMemoryMiB()
  const ballots = readPacked(path)
  const election: RankedElection = {
    title: workload.name,
    candidates: Array.from({ length: workload.candidates }, (_, i) => `Candidate ${i + 1}`),
    seats: workload.seats,
    withdrawn: [],
    ballots,
  }
  const floor = best(7, () => plainPass(ballots))
  let winners: readonly string[] = []
  const runs = workload.method === 'meek-stv' ? 2 : 3
  const seconds = best(runs, () => {
    winners = count(workload, election)
  })
  const packedMiB = packedBytes(ballots) / 1024 / 1024
  const peak = peakMemoryMiB()
  emitBench({
    bench: `tally: ${workload.name}`,
    value: Number(seconds.toFixed(4)),
    unit: 's',
    ratio: Number((seconds / floor).toFixed(2)),
    floorSeconds: Number(floor.toFixed(5)),
    groups: ballots.groups,
    winners: winners.length,
  })
  emitBench({
    bench: `tally: ${workload.name}: peak memory above the runtime`,
    value: peak - baseline,
    unit: 'MiB',
    ratio: Number(((peak - baseline) / packedMiB).toFixed(2)),
    packedMiB: Number(packedMiB.toFixed(2)),
    peakRssMiB: peak,
    runtimeMiB: baseline,
  })
}

function parent(): void {
  const scratch = mkdtempSync(join(tmpdir(), 'veche-bench-tally-'))
  const self = fileURLToPath(import.meta.url)
  try {
    for (const [index, workload] of WORKLOADS.entries()) {
      const start = process.hrtime.bigint()
      const packed = generateBallots(workload, `bench ${workload.name}`)
      const packSeconds = Number(process.hrtime.bigint() - start) / 1e9
      emitBench({
        bench: `tally: generate and pack ${workload.name}`,
        value: Number(packSeconds.toFixed(3)),
        unit: 's',
        ratio: null,
        groups: packed.groups,
        preferences: packed.prefs.length,
      })
      const path = join(scratch, `${index}.bin`)
      writePacked(path, packed)
      const run = spawnSync(
        process.execPath,
        ['--expose-gc', self, '--child', String(index), path],
        {
          stdio: ['ignore', 'inherit', 'inherit'],
        },
      )
      if (run.status !== 0)
        throw new Error(`bench child for ${workload.name} exited with ${run.status ?? run.signal}`)
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--child') child(Number(process.argv[3]), process.argv[4] as string)
else parent()
