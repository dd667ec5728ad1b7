// `npm run fuzz`: coverage-guided fuzzing of every parser that takes outside input, for a set time
// (docs/fuzzing.md). Each target runs in a worker thread with a memory limit, watched from here:
// an input that throws, runs longer than --timeout or exhausts the worker's memory is a finding,
// kept in fuzz/regressions/<target>/ (which `npm test` replays), and the run goes on.
//
//   npm run fuzz -- [--minutes M | --seconds S] [--target event,bundle] [--seed N] [--timeout S]
//                   [--memory MB] [--max-findings N]
//
// The time is split evenly among the targets. Prints one JSON line per target; exits 1 if it kept
// a new finding.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { Worker } from 'node:worker_threads'
import { FUZZ_DIR, SHARED_HEADER } from './fuzz-files.js'
import { FUZZ_TARGETS, fuzzTarget } from './targets.js'
import type { WorkerData, WorkerMessage } from './fuzz-worker.js'

interface Options {
  seconds: number
  targets: string[]
  seed: number
  timeoutMs: number
  memoryMb: number
  /** End a target's run once it has kept this many findings. */
  maxFindings: number
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    seconds: 60,
    targets: FUZZ_TARGETS.map((t) => t.name),
    seed: Date.now() % 1_000_000,
    timeoutMs: 10_000,
    memoryMb: 1024,
    maxFindings: Infinity,
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]
    const value = argv[i + 1]
    const number = Number(value)
    const needNumber = () => {
      if (value === undefined || !Number.isFinite(number) || number <= 0) {
        throw new Error(`${flag} needs a positive number, got ${value ?? 'nothing'}`)
      }
    }
    switch (flag) {
      case '--minutes':
        needNumber()
        options.seconds = number * 60
        i++
        break
      case '--seconds':
        needNumber()
        options.seconds = number
        i++
        break
      case '--seed':
        needNumber()
        options.seed = Math.floor(number)
        i++
        break
      case '--timeout':
        needNumber()
        options.timeoutMs = number * 1000
        i++
        break
      case '--memory':
        needNumber()
        options.memoryMb = Math.floor(number)
        i++
        break
      case '--max-findings':
        needNumber()
        options.maxFindings = Math.floor(number)
        i++
        break
      case '--target':
        if (value === undefined) throw new Error('--target needs target names, comma-separated')
        options.targets = value.split(',')
        for (const name of options.targets) fuzzTarget(name)
        i++
        break
      default:
        throw new Error(
          `unknown option ${flag}; use --minutes, --seconds, --target, --seed, --timeout, --memory or --max-findings`,
        )
    }
  }
  return options
}

/** Keeps a finding in fuzz/regressions/<target>/; false if the same input is already kept. */
/** Findings kept in this run, by file name: a restarted worker must not run them again. */
const keptThisRun: string[] = []

function keep(target: string, kind: string, input: Uint8Array, error: string): boolean {
  const folder = new URL(`regressions/${target}/`, FUZZ_DIR)
  mkdirSync(folder, { recursive: true })
  const name = `${kind}-${createHash('sha256').update(input).digest('hex').slice(0, 16)}`
  const file = new URL(name, folder)
  if (existsSync(file)) return false
  writeFileSync(file, input)
  keptThisRun.push(name)
  process.stderr.write(
    `fuzz ${target}: ${kind} kept as fuzz/regressions/${target}/${name}\n${error}\n`,
  )
  return true
}

interface TargetReport {
  execs: number
  corpus: number
  features: number
  findings: number
  restarts: number
}

/** Fuzzes one target until `until`, restarting its worker after a hang or a death. */
async function fuzzOne(name: string, until: number, options: Options): Promise<TargetReport> {
  const target = fuzzTarget(name)
  const report: TargetReport = { execs: 0, corpus: 0, features: 0, findings: 0, restarts: 0 }
  // One kept input per distinct exception (message and top frames), and one hang and one
  // exhaustion of memory per run: the first of each is the one to fix.
  const errors = new Set<string>()
  let round = 0
  while (Date.now() < until - 500 && report.findings < options.maxFindings) {
    const shared = new SharedArrayBuffer(SHARED_HEADER + target.maxLength)
    const counters = new Int32Array(shared, 0, 2)
    const bytes = new Uint8Array(shared, SHARED_HEADER)
    const current = () => bytes.slice(0, Atomics.load(counters, 1))
    const data: WorkerData = {
      target: name,
      seed: options.seed + round++,
      until,
      shared,
      skip: [...keptThisRun],
    }
    const worker = new Worker(new URL('./fuzz-worker.js', import.meta.url), {
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: options.memoryMb },
    })
    const ended = await new Promise<'done' | 'died'>((resolve) => {
      let last = -1
      let since = Date.now()
      const watch = setInterval(() => {
        const started = Atomics.load(counters, 0)
        if (started !== last) {
          last = started
          since = Date.now()
        } else if (started > 0 && Date.now() - since > options.timeoutMs) {
          clearInterval(watch)
          if (
            !errors.has('timeout') &&
            keep(name, 'timeout', current(), `ran over ${options.timeoutMs / 1000} s`)
          )
            report.findings++
          errors.add('timeout')
          void worker.terminate().then(() => resolve('died'))
        }
      }, 100)
      worker.on('message', (message: WorkerMessage) => {
        if (message.kind === 'finding') {
          // one kept input per distinct error (message and top frame)
          const signature = message.error.split('\n').slice(0, 3).join('\n')
          if (!errors.has(signature)) {
            errors.add(signature)
            if (keep(name, 'crash', message.input, message.error)) report.findings++
            if (report.findings >= options.maxFindings) {
              clearInterval(watch)
              void worker.terminate().then(() => resolve('died'))
            }
          }
        } else {
          report.execs += message.execs
          report.corpus = message.corpus
          report.features = Math.max(report.features, message.features)
          clearInterval(watch)
          resolve('done')
        }
      })
      worker.on('error', (error) => {
        clearInterval(watch)
        const kind = /memory/i.test(error.message) ? 'oom' : 'crash'
        if (!errors.has(kind) && keep(name, kind, current(), error.stack ?? error.message))
          report.findings++
        if (kind === 'oom') errors.add(kind)
        resolve('died')
      })
      worker.on('exit', () => {
        clearInterval(watch)
        resolve('died')
      })
    })
    if (ended === 'done') break
    report.restarts++
    report.execs += Atomics.load(counters, 0)
  }
  return report
}

async function main(): Promise<void> {
  let options: Options
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (error) {
    process.stderr.write(`npm run fuzz: ${(error as Error).message}\n`)
    process.exit(2)
  }
  const share = (options.seconds * 1000) / options.targets.length
  let findings = 0
  for (const name of options.targets) {
    const started = Date.now()
    const report = await fuzzOne(name, started + share, options)
    findings += report.findings
    const seconds = (Date.now() - started) / 1000
    process.stdout.write(
      JSON.stringify({
        fuzz: name,
        seconds: Math.round(seconds),
        execs: report.execs,
        execsPerSecond: Math.round(report.execs / seconds),
        corpus: report.corpus,
        features: report.features,
        findings: report.findings,
        restarts: report.restarts,
        seed: options.seed,
      }) + '\n',
    )
  }
  process.exit(findings > 0 ? 1 : 0)
}

await main()
