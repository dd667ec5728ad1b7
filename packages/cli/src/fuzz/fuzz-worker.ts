// One fuzzing run of one target, in a worker thread (fuzz-run.ts starts it and watches it). Coverage
// guides it: V8's own block coverage (the inspector's precise coverage, reset on every take) tells
// which blocks of Veche's code an input ran; an input that runs a block pattern not seen before
// joins the corpus. Before each input runs, its bytes go to memory shared with the watcher, so a
// hang or an out-of-memory death still leaves the input that caused it.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { Session } from 'node:inspector/promises'
import { parentPort, workerData } from 'node:worker_threads'
import { FuzzRandom, mutate } from './mutate.js'
import { FUZZ_DIR, namedInputs, readInputs, SHARED_HEADER } from './fuzz-files.js'
import { fuzzTarget } from './targets.js'

export interface WorkerData {
  readonly target: string
  readonly seed: number
  /** Wall-clock time (ms since the epoch) to stop at. */
  readonly until: number
  /** [0] inputs started, [1] length of the current input; then its bytes. */
  readonly shared: SharedArrayBuffer
  /**
   * Findings kept earlier in this run (file names in regressions/): not fixed yet, so replaying
   * one would only hang or exhaust the new worker again.
   */
  readonly skip: readonly string[]
}

export type WorkerMessage =
  | { readonly kind: 'finding'; readonly input: Uint8Array; readonly error: string }
  | {
      readonly kind: 'done'
      readonly execs: number
      readonly corpus: number
      readonly features: number
    }

async function main(): Promise<void> {
  const data = workerData as WorkerData
  const target = fuzzTarget(data.target)
  const counters = new Int32Array(data.shared, 0, 2)
  const bytes = new Uint8Array(data.shared, SHARED_HEADER)
  const random = new FuzzRandom(data.seed)
  const encoder = new TextEncoder()
  const dictionary = target.dictionary.map((word) => encoder.encode(word))
  const corpusFolder = `corpus/${target.name}/`
  mkdirSync(new URL(corpusFolder, FUZZ_DIR), { recursive: true })

  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.startPreciseCoverage', { callCount: false, detailed: true })
  const features = new Set<string>()
  // V8 reports, for each function that ran, the blocks inside it that did not run. A block is
  // known once some input skipped it; it is covered by an input whose run of the function does not
  // list it (nor a block around it) as skipped.
  const blocks = new Map<string, Map<number, number>>()
  /** How many blocks of Veche's code the last input ran that no input ran before. */
  const newFeatures = async (): Promise<number> => {
    const { result } = await session.post('Profiler.takePreciseCoverage')
    let found = 0
    const add = (feature: string) => {
      if (!features.has(feature)) {
        features.add(feature)
        found++
      }
    }
    for (const script of result) {
      if (!script.url.includes('/packages/') || script.url.includes('node_modules')) continue
      for (const fn of script.functions) {
        const top = fn.ranges[0]
        if (top === undefined || top.count === 0) continue
        const key = `${script.url}:${top.startOffset}`
        add(key)
        let known = blocks.get(key)
        if (known === undefined) blocks.set(key, (known = new Map<number, number>()))
        const skipped = fn.ranges.slice(1).filter((range) => range.count === 0)
        for (const range of skipped) known.set(range.startOffset, range.endOffset)
        for (const [start, end] of known) {
          if (!skipped.some((range) => range.startOffset <= start && end <= range.endOffset))
            add(`${key}:${start}`)
        }
      }
    }
    return found
  }

  let execs = 0
  const runOne = async (input: Uint8Array): Promise<number> => {
    const length = Math.min(input.length, bytes.length)
    bytes.set(input.subarray(0, length))
    Atomics.store(counters, 1, length)
    Atomics.add(counters, 0, 1)
    execs++
    try {
      await target.run(input)
    } catch (error) {
      const err = error as Error
      parentPort?.postMessage({
        kind: 'finding',
        input,
        error: `${err?.name ?? 'Error'}: ${err?.message ?? String(error)}\n${err?.stack ?? ''}`,
      } satisfies WorkerMessage)
    }
    return newFeatures()
  }

  const corpus: Uint8Array[] = []
  await newFeatures() // what loading the code ran is not the inputs' doing
  for (const input of [
    ...readInputs(`seeds/${target.name}/`),
    ...namedInputs(`regressions/${target.name}/`)
      .filter(([name]) => !data.skip.includes(name))
      .map(([, input]) => input),
    ...readInputs(corpusFolder),
  ]) {
    await runOne(input)
    corpus.push(input)
  }
  if (corpus.length === 0) corpus.push(new Uint8Array())

  while (Date.now() < data.until) {
    const parent = random.pick(corpus)
    const other = random.pick(corpus)
    const input = mutate(random, parent, other, dictionary, target.maxLength)
    if ((await runOne(input)) > 0) {
      corpus.push(input)
      const name = createHash('sha256').update(input).digest('hex').slice(0, 16)
      writeFileSync(new URL(`${corpusFolder}${name}`, FUZZ_DIR), input)
    }
  }
  await session.post('Profiler.stopPreciseCoverage')
  session.disconnect()
  parentPort?.postMessage({
    kind: 'done',
    execs,
    corpus: corpus.length,
    features: features.size,
  } satisfies WorkerMessage)
}

await main()
