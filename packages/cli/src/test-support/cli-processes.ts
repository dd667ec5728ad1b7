// Real processes for the federation tests: the `veche` command on a data folder, and a hub
// (`veche serve`) on a free loopback port.
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))

export interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
}

/** Runs `veche --data DATA ARGS…` in `cwd`. */
export function veche(cwd: string, data: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, '--data', data, ...args], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', reject)
    child.on('close', (code) => resolve({ code: code ?? -1, out: out.trim(), err: err.trim() }))
  })
}

/**
 * The `veche` command run to its end in `cwd`, one process a call: `veche(DATA, ARGS…)` gives its
 * exit code and output, `ok(DATA, ARGS…)` its output and fails the test on any refusal.
 */
export function vecheIn(cwd: string) {
  const run = (data: string, ...args: string[]): Run => {
    const child = spawnSync(process.execPath, [BIN, '--data', data, ...args], {
      encoding: 'utf8',
      cwd,
    })
    return { code: child.status ?? -1, out: child.stdout.trim(), err: child.stderr.trim() }
  }
  const ok = (data: string, ...args: string[]): string => {
    const done = run(data, ...args)
    expect(done.err, `veche ${args.join(' ')}`).toBe('')
    expect(done.code).toBe(0)
    return done.out
  }
  return { veche: run, ok }
}

/** The `veche` command on one data folder, as one identity or another. */
export function cliOn(cwd: string, data: string) {
  /** Runs `veche --as AS ARGS…` and returns its output; fails the test on any refusal. */
  const ok = async (as: string, ...args: string[]): Promise<string> => {
    const run = await veche(cwd, data, ['--as', as, ...args])
    expect(run.err, `veche --as ${as} ${args.join(' ')}`).toBe('')
    expect(run.code).toBe(0)
    return run.out
  }
  const json = async <T>(as: string, ...args: string[]): Promise<T> =>
    JSON.parse(await ok(as, '--json', ...args)) as T
  return { ok, json, run: (args: readonly string[]) => veche(cwd, data, args) }
}

export interface Hub {
  readonly child: ChildProcess
  readonly url: string
  /** Stops the hub (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>
}

/** What a hub started by `startHub` has printed so far (stdout and stderr). */
export const hubOutput = new WeakMap<ChildProcess, { text: string }>()

/**
 * Starts `veche serve` on a free loopback port; resolves when it prints its port. `before` goes
 * before `serve` (global options such as --as), `after` after it.
 */
export function startHub(
  data: string,
  options: { before?: readonly string[]; after?: readonly string[] } = {},
): Promise<Hub> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      '--data',
      data,
      ...(options.before ?? []),
      'serve',
      '--host',
      '127.0.0.1',
      '--port',
      '0',
      ...(options.after ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const printed = { text: '' }
  hubOutput.set(child, printed)
  child.stdout.on('data', (chunk: Buffer) => (printed.text += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (printed.text += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`hub did not start: ${out}`))
    }, 20_000)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        resolve({
          child,
          url: `http://127.0.0.1:${port}`,
          stop: async () => {
            child.kill('SIGTERM')
            await exited
          },
        })
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
  })
}
