// One benchmark figure, printed as one JSON line. `ratio` compares the figure with a floor measured
// in the same run (this machine is shared and noisy, so absolute numbers drift between runs).

export interface BenchLine {
  readonly bench: string
  readonly value: number
  readonly unit: string
  readonly ratio: number | null
  readonly [extra: string]: unknown
}

/** Prints one figure as a JSON line on standard output. */
export function emitBench(line: BenchLine): void {
  process.stdout.write(`${JSON.stringify(line)}\n`)
}

/** Peak resident memory of this process so far, in MiB. */
export function peakMemoryMiB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024)
}

/** Runs `fn` and returns its wall time in seconds. */
export async function timeSeconds(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}
