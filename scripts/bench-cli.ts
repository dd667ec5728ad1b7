// The `veche` command as people run it (`npm run bench -- cli`), each figure a whole child process
// timed from spawn to exit, best of a few runs (the machine is shared and noisy):
//
// - cli.start.*: `veche --help`, `veche tally` on a real Scottish ward (6,000 ballots) and
//   `veche show` on the demo assembly. Floor: `node -e ''`, the bare runtime starting and exiting.
// - cli.start.serve: `veche serve` on a fresh data folder, from spawn until the hub answers
//   /api/health (the wait of every test that starts a hub), and the CPU the process spent until
//   then. Floor: a bare node:http server started the same way and asked the same.
// - tally.blt-1m.process: `veche tally --method irv` on a 1,000,000-ballot BLT file (one line per
//   ballot, about 8.7 MB). Floor: a node process that reads the same file and passes once over its
//   bytes.
// - tally.read.blt / tally.read.json: reading the same million ballots in this process, as BLT and
//   as JSON ballots, in MB/s of file. Floor: one plain pass over the file's bytes (ratio = rate /
//   floor rate, so 1 would be as fast as touching every byte once).
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readBlt, readJsonBallots, seededGenerator } from '@veche/tally'
import { emitBench } from './bench-line.js'

// VECHE_BENCH_CLI_BIN: another build's veche.js (a before/after comparison on the same machine);
// VECHE_BENCH_CLI_SKIP_TALLY=1 leaves out the million-ballot lines (the starts alone).
const BIN =
  process.env.VECHE_BENCH_CLI_BIN ??
  fileURLToPath(new URL('../../packages/cli/bin/veche.js', import.meta.url))
const WARD = fileURLToPath(
  new URL('../../../shared/data/elections/scotland-2017/glasgow-2017-ward1.blt', import.meta.url),
)
const BALLOTS = 1_000_000
const CANDIDATES = 12
const NAMES = Array.from({ length: CANDIDATES }, (_, i) => `Candidate ${i + 1}`)

/** A million rankings with skewed popularity and lengths from a bullet vote to a full ranking. */
function rankings(): number[][] {
  const next = seededGenerator('bench-cli ballots')
  const random = () => next() / 0x100000000
  const out: number[][] = []
  for (let b = 0; b < BALLOTS; b++) {
    const u = random()
    const length =
      u < 0.3 ? 1 : u > 0.97 ? CANDIDATES : 2 + Math.floor(Math.log(1 - random()) / Math.log(0.4))
    const ranking: number[] = []
    const used = new Uint8Array(CANDIDATES)
    while (ranking.length < Math.min(CANDIDATES, length)) {
      let c = Math.floor(CANDIDATES * random() ** 1.6)
      while (used[c] === 1) c = (c + 1) % CANDIDATES
      used[c] = 1
      ranking.push(c)
    }
    out.push(ranking)
  }
  return out
}

function bltText(ballots: readonly number[][]): string {
  const lines = [`${CANDIDATES} 1`]
  for (const r of ballots) lines.push(`1 ${r.map((c) => c + 1).join(' ')} 0`)
  lines.push('0', ...NAMES.map((n) => `"${n}"`), '"A million ballots"')
  return `${lines.join('\n')}\n`
}

function jsonText(ballots: readonly number[][]): string {
  const lines = ballots.map((r) => `{"ranking":${JSON.stringify(r.map((c) => NAMES[c]))}}`)
  return `{"title":"A million ballots","candidates":${JSON.stringify(NAMES)},"ballots":[\n${lines.join(',\n')}\n]}\n`
}

/** GNU time, when the machine has it: it gives a child's CPU time, which load changes less. */
const GNU_TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null

/**
 * Best wall time in seconds of `runs` runs of `node args`, and the CPU time (user + system) of the
 * same run (null without GNU time); throws when one fails.
 */
function bestProcess(runs: number, args: readonly string[]): { wall: number; cpu: number | null } {
  let best = { wall: Infinity, cpu: null as number | null }
  for (let r = 0; r < runs; r++) {
    const command = GNU_TIME ?? process.execPath
    const argv = GNU_TIME === null ? [...args] : ['-f', 'CPU %U %S', process.execPath, ...args]
    const start = process.hrtime.bigint()
    const run = spawnSync(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] })
    const wall = Number(process.hrtime.bigint() - start) / 1e9
    if (run.status !== 0) throw new Error(`node ${args.join(' ')}: ${run.stderr.toString()}`)
    const times = /CPU ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr.toString())
    const cpu = times === null ? null : Number(times[1]) + Number(times[2])
    if (wall < best.wall) best = { wall, cpu }
  }
  return best
}

/** A loopback port free when asked. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      server.close(() =>
        resolve(typeof address === 'object' && address !== null ? address.port : 0),
      )
    })
  })
}

/** The CPU seconds (user + system, all threads) process `pid` has used so far; null off Linux. */
function cpuSecondsOf(pid: number): number | null {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return null
  }
}

/**
 * Best of `runs` starts of a server, `argsFor(port, run)` given to node: seconds from spawn until
 * it answers GET /api/health with 200, and the CPU it used until then (of the same run).
 */
async function bestServerStart(
  runs: number,
  argsFor: (port: number, run: number) => readonly string[],
): Promise<{ wall: number; cpu: number | null }> {
  let best = { wall: Infinity, cpu: null as number | null }
  for (let r = 0; r < runs; r++) {
    const port = await freePort()
    const start = process.hrtime.bigint()
    const child = spawn(process.execPath, argsFor(port, r), { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const exited = new Promise((resolve) => child.once('exit', resolve))
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server start exited: ${stderr}`)
      const answered = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (response) => response.ok,
        () => false,
      )
      if (answered) break
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    const wall = Number(process.hrtime.bigint() - start) / 1e9
    const used = child.pid === undefined ? null : cpuSecondsOf(child.pid)
    const cpu = used === null ? null : Number(used.toFixed(2))
    child.kill('SIGTERM')
    await exited
    if (wall < best.wall) best = { wall, cpu }
  }
  return best
}

/** Best wall time in seconds of `runs` calls of `fn`, with the CPU time of that call. */
function best(runs: number, fn: () => unknown): { wall: number; cpu: number } {
  let min = { wall: Infinity, cpu: Infinity }
  for (let r = 0; r < runs; r++) {
    const cpu = process.cpuUsage()
    const start = process.hrtime.bigint()
    fn()
    const wall = Number(process.hrtime.bigint() - start) / 1e9
    const used = process.cpuUsage(cpu)
    if (wall < min.wall) min = { wall, cpu: (used.user + used.system) / 1e6 }
  }
  return min
}

/** The floor of reading: one pass over every byte (counting line ends, so it cannot be skipped). */
function plainPass(bytes: Uint8Array): number {
  let lines = 0
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) lines += 1
  return lines
}

/** The million-ballot lines: tally.blt-1m.process, tally.read.blt and tally.read.json. */
function tallyLines(scratch: string): void {
  const ballots = rankings()
  const blt = join(scratch, 'million.blt')
  const json = join(scratch, 'million.json')
  writeFileSync(blt, bltText(ballots))
  writeFileSync(json, jsonText(ballots))
  const bltBytes = new Uint8Array(readFileSync(blt))
  const jsonBytes = new Uint8Array(readFileSync(json))

  const readFloor = bestProcess(3, [
    '-e',
    `const b=require('fs').readFileSync(process.argv[1]);let n=0;for(let i=0;i<b.length;i++)if(b[i]===10)n++;if(n<1)process.exit(1)`,
    blt,
  ])
  const tally = bestProcess(3, [BIN, 'tally', '--method', 'irv', blt])
  emitBench({
    bench: 'tally.blt-1m.process',
    value: Number(tally.wall.toFixed(3)),
    unit: 's',
    ratio: Number((tally.wall / readFloor.wall).toFixed(2)),
    floorSeconds: Number(readFloor.wall.toFixed(3)),
    cpuSeconds: tally.cpu,
    floorCpuSeconds: readFloor.cpu,
    megabytes: Number((bltBytes.length / 1e6).toFixed(2)),
  })

  for (const [bench, bytes, read] of [
    ['tally.read.blt', bltBytes, () => readBlt(bltBytes)],
    ['tally.read.json', jsonBytes, () => readJsonBallots(jsonBytes)],
  ] as const) {
    const check = read()
    if (!check.ok) throw new Error(`${bench}: ${check.message}`)
    const floor = best(5, () => plainPass(bytes)).wall
    const { wall, cpu } = best(5, read)
    const megabytes = bytes.length / 1e6
    emitBench({
      bench,
      value: Number((megabytes / wall).toFixed(1)),
      unit: 'MB/s',
      ratio: Number((floor / wall).toFixed(3)),
      seconds: Number(wall.toFixed(3)),
      cpuMBps: Number((megabytes / cpu).toFixed(1)),
      megabytes: Number(megabytes.toFixed(2)),
      floorMBps: Number((megabytes / floor).toFixed(0)),
    })
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'veche-bench-cli-'))
try {
  const data = join(scratch, 'data')
  const demo = spawnSync(process.execPath, [BIN, '--data', data, '--json', 'demo'], {
    encoding: 'utf8',
  })
  if (demo.status !== 0) throw new Error(`veche demo: ${demo.stderr}`)
  const space = (JSON.parse(demo.stdout) as { space: string }).space

  const startFloor = bestProcess(7, ['-e', ''])
  emitBench({
    bench: 'cli.start.floor',
    value: Number(startFloor.wall.toFixed(3)),
    unit: 's',
    ratio: 1,
    cpuSeconds: startFloor.cpu,
  })
  const starts: [string, string[]][] = [
    ['cli.start.help', ['--help']],
    ['cli.start.tally', ['tally', '--method', 'scottish-stv', '--seats', '4', WARD]],
    ['cli.start.show', ['--data', data, 'show', '--space', space]],
  ]
  for (const [bench, args] of starts) {
    const run = bestProcess(7, [BIN, ...args])
    emitBench({
      bench,
      value: Number(run.wall.toFixed(3)),
      unit: 's',
      ratio: Number((run.wall / startFloor.wall).toFixed(2)),
      floorSeconds: Number(startFloor.wall.toFixed(3)),
      cpuSeconds: run.cpu,
    })
  }

  const serveFloor = await bestServerStart(7, (port) => [
    '-e',
    `require('node:http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1')`,
  ])
  const serve = await bestServerStart(7, (port, run) => [
    BIN,
    '--data',
    join(scratch, `serve-${run}`),
    'serve',
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
  ])
  emitBench({
    bench: 'cli.start.serve',
    value: Number(serve.wall.toFixed(3)),
    unit: 's',
    ratio: Number((serve.wall / serveFloor.wall).toFixed(2)),
    floorSeconds: Number(serveFloor.wall.toFixed(3)),
    cpuSeconds: serve.cpu,
    floorCpuSeconds: serveFloor.cpu,
  })

  if (process.env.VECHE_BENCH_CLI_SKIP_TALLY !== '1') tallyLines(scratch)
} finally {
  rmSync(scratch, { recursive: true, force: true })
}
