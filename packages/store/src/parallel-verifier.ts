// Ed25519 and voting-credential (RSA-PSS) verification spread over worker threads. Checking
// signatures is most of the cost of taking in events, so a hub uses every core for it: a batch is
// split into equal parts, one per worker plus one checked on the calling thread while the workers
// run. Workers are unref'd, so they never keep a process alive; `close()` ends them.
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { SignatureCheck, SignatureVerifier } from '@veche/core'
import {
  credentialKeyObject,
  credentialSignatureBytes,
  verifyCredentialNode,
} from './node-blind-rsa.js'
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
// Credential checks reach a worker only with a key the calling thread has already read (core's
// rsaPublicKeyModulus) and a signature as long as its modulus.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads')
const { constants, createPublicKey, verify } = require('node:crypto')
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
const rsaKeys = new Map()
function rsaKeyFor(text) {
  let key = rsaKeys.get(text)
  if (key === undefined) {
    try { key = createPublicKey({ key: Buffer.from(text, 'base64url'), format: 'der', type: 'spki' }) }
    catch { key = null }
    if (rsaKeys.size > 1024) rsaKeys.clear()
    rsaKeys.set(text, key)
  }
  return key
}
function checkEd25519({ publicKey, message, signature }) {
  const key = keyFor(publicKey)
  return key !== null && signature.length === 64 && verify(null, message, key, signature)
}
function checkCredential({ publicKey, message, signature }) {
  const key = rsaKeyFor(publicKey)
  return key !== null && verify('sha384', message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 48 }, signature)
}
parentPort.on('message', ({ id, kind, checks }) => {
  const check = kind === 'credential' ? checkCredential : checkEd25519
  const results = new Uint8Array(checks.length)
  for (let i = 0; i < checks.length; i++) {
    try { results[i] = check(checks[i]) ? 1 : 0 }
    catch { results[i] = 0 }
  }
  parentPort.postMessage({ id, results }, [results.buffer])
})
`

/** What a worker checks: Ed25519 signatures, or credentials already screened on this thread. */
type CheckKind = 'ed25519' | 'credential'

interface ScreenedCredential {
  readonly publicKey: string
  readonly message: Uint8Array
  readonly signature: Uint8Array
}

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

  check(kind: CheckKind, checks: readonly unknown[]): Promise<Uint8Array> {
    const id = this.#next++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      this.#worker.postMessage({ id, kind, checks })
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
  async function spread<T>(
    kind: CheckKind,
    checks: readonly T[],
    checkHere: (check: T, index: number) => boolean,
  ): Promise<boolean[]> {
    if (threads === 0 || checks.length < MIN_PARALLEL) return checks.map(checkHere)
    while (workers.length < threads) workers.push(new WorkerHandle())
    const localSize = Math.floor((checks.length * LOCAL_SHARE) / (workers.length + LOCAL_SHARE))
    const size = Math.ceil((checks.length - localSize) / workers.length)
    const remote = workers.map((worker, i) =>
      worker.check(kind, checks.slice(localSize + i * size, localSize + (i + 1) * size)),
    )
    const results = checks.slice(0, localSize).map(checkHere)
    for (const part of await Promise.all(remote)) for (const ok of part) results.push(ok === 1)
    return results
  }
  return {
    threads,
    verifyAll(checks: readonly SignatureCheck[]) {
      return spread('ed25519', checks, (c) => verifyEd25519(c.publicKey, c.message, c.signature))
    },
    async verifyCredentials(checks) {
      // Keys and signature lengths are screened here (each key parsed once and cached), so the
      // workers and this thread answer alike; only well-formed checks are spread.
      const screened: ScreenedCredential[] = []
      const positions: number[] = []
      checks.forEach((check, i) => {
        const signature = credentialSignatureBytes(check)
        if (signature === null || credentialKeyObject(check.publicKey) === null) return
        screened.push({ publicKey: check.publicKey, message: check.message, signature })
        positions.push(i)
      })
      const verdicts = await spread('credential', screened, (_, i) =>
        verifyCredentialNode(checks[positions[i]!]!),
      )
      const results = checks.map(() => false)
      verdicts.forEach((ok, i) => (results[positions[i]!] = ok))
      return results
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.close()))
    },
  }
}
