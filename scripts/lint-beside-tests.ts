// `npm test`'s last step: ESLint over the whole tree and vitest, at once. ESLint is one process
// (type-aware: it builds one TypeScript program; `--concurrency 2` builds one a worker and costs
// more than it saves), and run first it held CI for minutes on one core while the other sat idle;
// beside the tests it takes that second core's share. Vitest's output goes straight through;
// ESLint's is held until both end, so the two never interleave. The step fails when either fails.
// Arguments go to vitest, as `npm test -- FILE` gave them to it before.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Compiled to scripts/dist/: the checkout is two folders up.
const ROOT = fileURLToPath(new URL('../../', import.meta.url))

/** Runs `node BIN ARGS…` in the checkout; resolves with its exit code and, if held, its output. */
function run(
  bin: string,
  args: readonly string[],
  hold: boolean,
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, bin), ...args], {
      cwd: ROOT,
      stdio: hold ? ['ignore', 'pipe', 'pipe'] : 'inherit',
    })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }))
  })
}

const started = Date.now()
const [lint, tests] = await Promise.all([
  run('node_modules/eslint/bin/eslint.js', ['.', '--max-warnings', '0'], true).then((r) => ({
    ...r,
    seconds: Math.round((Date.now() - started) / 1000),
  })),
  run('node_modules/vitest/vitest.mjs', ['run', ...process.argv.slice(2)], false),
])
process.stdout.write(
  `\neslint . --max-warnings 0 (beside the tests, ${lint.seconds} s): ` +
    `${lint.code === 0 ? 'clean' : `failed (exit ${lint.code})`}\n${lint.output}`,
)
process.exitCode = lint.code !== 0 ? lint.code : tests.code
