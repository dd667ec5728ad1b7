// The fuzzer itself, as `npm run fuzz` runs it: it finds an exception, a hang and a runaway
// allocation planted in a target, keeps each as a regression case, goes on after each, and says
// so in its exit code. And every kept case and every seed of the real targets runs clean
// (fuzz/regressions/ is where findings stay once fixed).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { namedInputs } from './fuzz-files.js'
import { FUZZ_TARGETS } from './targets.js'

const runner = fileURLToPath(new URL('../../dist/fuzz/fuzz-run.js', import.meta.url))

test('the fuzzer finds, keeps and survives a planted exception, hang and runaway allocation', () => {
  const dir = mkdtempSync(join(tmpdir(), 'veche-fuzz-'))
  try {
    const run = spawnSync(
      process.execPath,
      [
        runner,
        '--target',
        'planted-faults',
        '--max-findings',
        '3',
        '--seconds',
        '600',
        '--timeout',
        '2',
        '--memory',
        '64',
        '--seed',
        '7',
      ],
      { env: { ...process.env, VECHE_FUZZ_DIR: dir }, encoding: 'utf8', timeout: 660_000 },
    )
    expect(run.status, run.stderr).toBe(1)
    const kept = readdirSync(join(dir, 'regressions', 'planted-faults'))
    const kinds = new Set(kept.map((name) => name.split('-')[0]))
    expect(kinds).toEqual(new Set(['crash', 'timeout', 'oom']))
    const report = JSON.parse(run.stdout.trim()) as {
      fuzz: string
      findings: number
      execs: number
    }
    expect(report.fuzz).toBe('planted-faults')
    expect(report.findings).toBe(kept.length)
    expect(report.execs).toBeGreaterThan(0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}, 700_000)

for (const target of FUZZ_TARGETS) {
  test(`fuzz target ${target.name}: every seed and every kept finding runs clean`, async () => {
    const inputs = [
      ...namedInputs(`seeds/${target.name}/`),
      ...namedInputs(`regressions/${target.name}/`),
    ]
    expect(inputs.length).toBeGreaterThan(0)
    for (const [name, input] of inputs) {
      try {
        await target.run(input)
      } catch (error) {
        throw new Error(`${target.name}/${name}: ${(error as Error).message}`, { cause: error })
      }
    }
  })
}
