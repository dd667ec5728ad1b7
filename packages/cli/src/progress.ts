// A progress bar on standard error, shown only on a terminal (never in pipes, files or CI logs).
import { SingleBar, Presets } from 'cli-progress'

export interface Progress {
  tick(n?: number): void
  stop(): void
}

/** A progress bar for `total` steps named `label`, or a silent one when stderr is not a terminal. */
export function startProgress(label: string, total: number): Progress {
  if (process.stderr.isTTY !== true || total < 1000) return { tick() {}, stop() {} }
  const bar = new SingleBar(
    { format: `${label} [{bar}] {percentage}% {value}/{total} events`, stream: process.stderr },
    Presets.shades_classic,
  )
  bar.start(total, 0)
  return {
    tick: (n = 1) => bar.increment(n),
    stop: () => bar.stop(),
  }
}
