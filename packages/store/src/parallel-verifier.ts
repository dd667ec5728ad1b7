// Ed25519 verification spread over worker threads. Checking signatures is most of the cost of
// taking in events, so a hub uses every core for it: a batch is split into equal parts, one per
// worker plus one checked on the calling thread while the workers run. Workers are unref'd, so
// they never keep a process alive; `close()` ends them.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { SignatureCheck, SignatureVerifier } from '@veche/core'
import { verifyEd25519 } from './node-ed25519.js'

/**
 * The calling thread's share of a batch relative to one worker's. An even split measured best:
 * the ledger overlaps checking one submission with applying another, so no thread sits idle.
 */
const LOCAL_SHARE = 1

/** Below this many checks a batch is checked on the calling thread alone. */
const MIN_PARALLEL = 64

// The worker is plain JavaScript evaluated from this string, so it runs the same from sources
// (tests) and from the build.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { createPublicKey, verify } = require('node:crypto')
const SPKI = Buffer.from('302a300506032b6570032100', 'hex')
const keys = new Map()
function keyFor(raw) {
  const id = Buffer.from(raw).toString('base64')
  let key = keys.get(id)
  if (key === undefined) {
    try { key = raw.length === 32 ? createPublicKey({ key: Buffer.concat([SPKI, raw]), format: 'der', type: 'spki' }) : null }
    catch { key = null }
    if (keys.size > 100000) keys.clear()
    keys.set(id, key)
  }
  return key
}
parentPort.on('message', ({ id, checks }) => {
  const results = new Uint8Array(checks.length)
  for (let i = 0; i < checks.length; i++) {
    const { publicKey, message, signature } = checks[i]
    const key = keyFor(publicKey)
    try { results[i] = key !== null && signature.length === 64 && verify(null, message, key, signature) ? 1 : 0 }
    catch { results[i] = 0 }
  }
  parentPort.postMessage({ id, results }, [results.buffer])
})
`

interface Pending {
  resolve(results: Uint8Array): void
  reject(error: unknown): void
}

class WorkerHandle {
  readonly #worker: Worker
  readonly #pending = new Map<number, Pending>()
  #next = 0

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true })
    this.#worker.unref()
    this.#worker.on('message', ({ id, results }: { id: number; results: Uint8Array }) => {
      this.#pending.get(id)?.resolve(results)
      this.#pending.delete(id)
    })
    this.#worker.on('error', (error) => {
      for (const pending of this.#pending.values()) pending.reject(error)
      this.#pending.clear()
    })
  }

  check(checks: readonly SignatureCheck[]): Promise<Uint8Array> {
    const id = this.#next++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#worker.postMessage({ id, checks })
    })
  }

  async close(): Promise<void> {
    await this.#worker.terminate()
  }
}

export interface ParallelVerifier extends SignatureVerifier {
  readonly threads: number
  close(): Promise<void>
}

/**
 * A verifier using `threads` worker threads besides the calling one (default: one fewer than the
 * cores available; 0 checks everything on the calling thread).
 */
export function createParallelVerifier(
  threads = Math.max(0, availableParallelism() - 1),
): ParallelVerifier {
  // Started on the first batch big enough to share, so short commands never pay for them.
  const workers: WorkerHandle[] = []
  return {
    threads,
    async verifyAll(checks) {
      if (threads === 0 || checks.length < MIN_PARALLEL) {
        return checks.map((c) => verifyEd25519(c.publicKey, c.message, c.signature))
      }
      while (workers.length < threads) workers.push(new WorkerHandle())
      const localSize = Math.floor((checks.length * LOCAL_SHARE) / (workers.length + LOCAL_SHARE))
      const size = Math.ceil((checks.length - localSize) / workers.length)
      const remote = workers.map((worker, i) =>
        worker.check(checks.slice(localSize + i * size, localSize + (i + 1) * size)),
      )
      const local = checks
        .slice(0, localSize)
        .map((c) => verifyEd25519(c.publicKey, c.message, c.signature))
      const results = [...local]
      for (const part of await Promise.all(remote)) for (const ok of part) results.push(ok === 1)
      return results
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.close()))
    },
  }
}
