// Ed25519 and voting-credential (RSA-PSS) verification, and a count's ristretto255 products,
// spread over worker threads. Checking
// signatures is most of the cost of taking in events, so a hub uses every core for it: a batch is
// cut into small parts, all posted to the workers at once (round robin), and the calling thread
// takes parts too, from the far end, whenever it has nothing else to do (one part per turn of the
// event loop), or only those no worker has taken within a few milliseconds (a hub). Each part is checked once: whoever claims it first in a shared array checks it, and
// a worker that finds its part claimed skips it. So the workers never wait for the calling thread
// (which may be busy applying the events checked before), and the calling thread never waits for
// a worker while parts are left. Workers are unref'd, so they never keep a process alive;
// `close()` ends them.
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { Worker } from 'node:worker_threads'
import type { SignatureCheck, SignatureVerifier } from '@veche/core'
import {
  credentialKeyObject,
  credentialSignatureBytes,
  verifyCredentialNode,
} from './node-blind-rsa.js'
import { nodeOpenBox } from './node-ballot-box.js'
import { verifyEd25519 } from './node-ed25519.js'
import { sodiumIsPoint, sodiumScalarMult } from './sodium-ristretto.js'

/**
 * Checks per part: small enough that the calling thread, checking one part per turn of its event
 * loop, holds up other work for a few milliseconds at most.
 */
const PART_SIZE = 128

/** Below this many checks a batch is checked on the calling thread alone (by default). */
const MIN_PARALLEL = 64

// The worker is plain JavaScript evaluated from this string, so it runs the same from sources
// (tests) and from the build.
// Credential checks reach a worker only with a key the calling thread has already read (core's
// rsaPublicKeyModulus) and a signature as long as its modulus.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const { constants, createDecipheriv, createPublicKey, hkdfSync, verify } = require('node:crypto')
const keys = new Map()
function keyFor(raw) {
  // Keyed by the bytes read as latin1, through a view: no copy, no base64 for a key seen before.
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.length)
  const id = bytes.toString('latin1')
  let key = keys.get(id)
  if (key === undefined) {
    // JWK, as node-ed25519.ts imports keys (the same key, faster than DER).
    try { key = raw.length === 32 ? createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' }) : null }
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
// libsodium, for a count's products, loaded on the first from the path the calling thread gives.
let sodium = null
async function loadSodium(path) {
  if (sodium === null) {
    const loaded = require(path)
    await loaded.ready
    sodium = loaded
  }
  return sodium
}
// Loaded at once when the calling thread asks (\`start\`): the worker is idle then, and has it
// ready when a count's products come.
if (workerData && workerData.sodiumPath) loadSodium(workerData.sodiumPath).catch(() => {})
function multiply({ scalar, point }) {
  try { return sodium.crypto_scalarmult_ristretto255(scalar, point) }
  catch { return null }
}
// node-ballot-box.ts's nodeOpenBox, the same steps: a count's box opened by its product.
const NO_SALT = new Uint8Array(0)
function openBox(ikm, info, sealed) {
  if (sealed.length < 16) return null
  const okm = new Uint8Array(hkdfSync('sha256', ikm, NO_SALT, info, 44))
  const decipher = createDecipheriv('aes-256-gcm', okm.subarray(0, 32), okm.subarray(32), { authTagLength: 16 })
  decipher.setAuthTag(sealed.subarray(sealed.length - 16))
  try {
    const head = decipher.update(sealed.subarray(0, sealed.length - 16))
    const tail = decipher.final()
    return tail.length === 0 ? new Uint8Array(head) : new Uint8Array(Buffer.concat([head, tail]))
  } catch { return null }
}
function multiplyAndOpen({ scalar, point, info, sealed }) {
  const product = multiply({ scalar, point })
  return { product, opened: product === null || sealed === null ? null : openBox(product, info, sealed) }
}
// The predicate of sodium-ristretto.ts's isPoint: a valid encoding other than the identity.
function isPoint(bytes) {
  return bytes.length === 32 && bytes.some((b) => b !== 0) && sodium.crypto_core_ristretto255_is_valid_point(bytes)
}
// Ed25519 checks come packed in one buffer (packEd25519Checks): views into it, no copies.
function unpackEd25519(packed) {
  const bytes = new Uint8Array(packed)
  const view = new DataView(packed)
  const count = view.getUint32(0, true)
  const checks = new Array(count)
  let at = 4
  for (let i = 0; i < count; i++) {
    const keyLength = view.getUint32(at, true)
    const signatureLength = view.getUint32(at + 4, true)
    const messageLength = view.getUint32(at + 8, true)
    at += 12
    const publicKey = bytes.subarray(at, (at += keyLength))
    const signature = bytes.subarray(at, (at += signatureLength))
    const message = bytes.subarray(at, (at += messageLength))
    checks[i] = { publicKey, message, signature }
  }
  return checks
}
parentPort.on('message', async ({ id, kind, checks, packed, claims, part, sodiumPath }) => {
  if (Atomics.compareExchange(claims, part, 0, 1) !== 0) {
    parentPort.postMessage({ id, results: null })
    return
  }
  if (packed !== undefined) checks = unpackEd25519(packed)
  if (kind === 'ristretto' || kind === 'open') {
    await loadSodium(sodiumPath)
    parentPort.postMessage({ id, results: checks.map(kind === 'open' ? multiplyAndOpen : multiply) })
    return
  }
  if (kind === 'point') await loadSodium(sodiumPath)
  const check = kind === 'credential' ? checkCredential : kind === 'point' ? isPoint : checkEd25519
  const results = new Uint8Array(checks.length)
  for (let i = 0; i < checks.length; i++) {
    try { results[i] = check(checks[i]) ? 1 : 0 }
    catch { results[i] = 0 }
  }
  parentPort.postMessage({ id, results }, [results.buffer])
})
`

/**
 * What a worker does: check Ed25519 signatures or credentials already screened on this thread, or
 * ristretto255 encodings (answering 1 or 0 for each), or multiply ristretto255 points by a count's
 * scalar (answering each product, or null), and open the box each product opens.
 */
type CheckKind = 'ed25519' | 'credential' | 'point' | 'ristretto' | 'open'

/** A count's ballot to open ahead: its ephemeral point and its box (as `BoxOpener` takes them). */
export interface BallotToOpen {
  readonly point: Uint8Array
  readonly info: Uint8Array
  readonly sealed: Uint8Array | null
}

/** Its product (null for a refused point or an identity product) and its box opened (or null). */
export interface OpenedBallot {
  readonly product: Uint8Array | null
  readonly opened: Uint8Array | null
}

/** Where libsodium's CommonJS build is, for workers to load (they run from a string). */
const SODIUM_PATH = createRequire(import.meta.url).resolve('libsodium-wrappers-sumo')

interface ScreenedCredential {
  readonly publicKey: string
  readonly message: Uint8Array
  readonly signature: Uint8Array
}

/**
 * A worker's answers for one part: 1 or 0 per check, a product (or null) per point, or a product
 * and an opened box per ballot.
 */
type WorkerAnswer = Uint8Array | readonly (Uint8Array | null)[] | readonly OpenedBallot[]

interface Pending {
  resolve(results: WorkerAnswer | null): void
  reject(error: unknown): void
}

/**
 * Ed25519 checks as one buffer for a worker: their count, then per check the lengths of its key,
 * signature and message (u32, little-endian) and those bytes. Posting an array of checks had the
 * structured clone copy three small buffers and an object per check, on the thread that posts (a
 * hub's busy event loop); one buffer is transferred, not copied.
 */
function packEd25519Checks(checks: readonly SignatureCheck[]): ArrayBuffer {
  let size = 4
  for (const c of checks) size += 12 + c.publicKey.length + c.signature.length + c.message.length
  const packed = new ArrayBuffer(size)
  const bytes = new Uint8Array(packed)
  const view = new DataView(packed)
  view.setUint32(0, checks.length, true)
  let at = 4
  for (const c of checks) {
    view.setUint32(at, c.publicKey.length, true)
    view.setUint32(at + 4, c.signature.length, true)
    view.setUint32(at + 8, c.message.length, true)
    at += 12
    bytes.set(c.publicKey, at)
    at += c.publicKey.length
    bytes.set(c.signature, at)
    at += c.signature.length
    bytes.set(c.message, at)
    at += c.message.length
  }
  return packed
}

class WorkerHandle {
  readonly #worker: Worker
  readonly #pending = new Map<number, Pending>()
  #next = 0

  constructor(preloadSodium: boolean) {
    this.#worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { sodiumPath: preloadSodium ? SODIUM_PATH : null },
    })
    this.#worker.unref()
    this.#worker.on('message', ({ id, results }: { id: number; results: WorkerAnswer | null }) => {
      this.#pending.get(id)?.resolve(results)
      this.#pending.delete(id)
    })
    this.#worker.on('error', (error) => {
      for (const pending of this.#pending.values()) pending.reject(error)
      this.#pending.clear()
    })
  }

  /** Checks part `part` of a batch unless `claims[part]` is taken first; null when it was. */
  check(
    kind: CheckKind,
    checks: readonly unknown[],
    claims: Int32Array,
    part: number,
  ): Promise<WorkerAnswer | null> {
    const id = this.#next++
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject })
      if (kind === 'ed25519') {
        // One buffer moved, not three small ones copied per check (see packEd25519Checks).
        const packed = packEd25519Checks(checks as readonly SignatureCheck[])
        this.#worker.postMessage({ id, kind, packed, claims, part }, [packed])
      } else {
        this.#worker.postMessage({ id, kind, checks, claims, part, sodiumPath: SODIUM_PATH })
      }
    })
  }

  async close(): Promise<void> {
    await this.#worker.terminate()
  }
}

export interface ParallelVerifier extends SignatureVerifier {
  readonly threads: number
  /**
   * `scalar`·P for each ristretto255 point P (32-byte encodings; libsodium's
   * `crypto_scalarmult_ristretto255`, null for a refused point or an identity product), on every
   * core: a count's decryptions, computed ahead of the fold.
   */
  scalarMultAll(scalar: Uint8Array, points: readonly Uint8Array[]): Promise<(Uint8Array | null)[]>
  /**
   * Whether each 32-byte encoding is a ristretto255 point other than the identity (libsodium, the
   * predicate of `sodiumIsPoint`), on every core: held secret ballots' points, checked ahead of
   * their fold.
   */
  isPointAll(points: readonly Uint8Array[]): Promise<boolean[]>
  /**
   * A count's ballots opened on every core: each product as `scalarMultAll` gives it, and the box
   * it opens as node-ballot-box.ts's `nodeOpenBox` (null when the product or the box is null, or
   * the box does not open).
   */
  openAll(scalar: Uint8Array, ballots: readonly BallotToOpen[]): Promise<OpenedBallot[]>
  /**
   * Starts the workers now rather than on the first batch big enough to share, so that a long run
   * such as `veche verify` has them ready for its first batch; with `sodium`, each also loads
   * libsodium at once, for a count's products.
   */
  start(options?: { readonly sodium?: boolean }): void
  close(): Promise<void>
}

export interface ParallelVerifierOptions {
  /**
   * Fewer checks than this are made on the calling thread alone (default 64: a short command
   * never starts a worker). A hub takes a few events per request and its event loop is the busy
   * one, so it sends any batch to the workers (1).
   */
  readonly minParallel?: number
  /**
   * How long the calling thread leaves a batch's parts to the workers before it checks those none
   * has taken (default 0: from its next free turn). A hub's event loop is its one busy thread, and
   * a free turn there is the next request's, so a hub waits a little: a worker on an idle core takes
   * its part within a fraction of a millisecond, and on a machine with no core free the event loop
   * still gets the group through soon.
   */
  readonly callerWaitMs?: number
}

/**
 * A verifier using `threads` worker threads besides the calling one (default: one fewer than the
 * cores available; 0 checks everything on the calling thread).
 */
export function createParallelVerifier(
  threads = Math.max(0, availableParallelism() - 1),
  options: ParallelVerifierOptions = {},
): ParallelVerifier {
  const minParallel = Math.max(1, options.minParallel ?? MIN_PARALLEL)
  const callerWaitMs = options.callerWaitMs ?? 0
  // Started on the first batch big enough to share, so short commands never pay for them.
  const workers: WorkerHandle[] = []
  let preloadSodium = false
  async function spread<T, R = boolean>(
    kind: CheckKind,
    checks: readonly T[],
    checkHere: (check: T, index: number) => R,
    fromWorker: (answer: WorkerAnswer, index: number) => R = (answer, i) => (answer[i] === 1) as R,
  ): Promise<R[]> {
    if (threads === 0 || checks.length === 0 || checks.length < minParallel)
      return checks.map(checkHere)
    while (workers.length < threads) workers.push(new WorkerHandle(preloadSodium))
    const parts = Math.ceil(checks.length / PART_SIZE)
    const claims = new Int32Array(new SharedArrayBuffer(parts * Int32Array.BYTES_PER_ELEMENT))
    const results: R[] = new Array<R>(checks.length)
    const checkPartHere = (part: number): void => {
      const from = part * PART_SIZE
      const to = Math.min(checks.length, from + PART_SIZE)
      for (let i = from; i < to; i++) results[i] = checkHere(checks[i]!, i)
    }
    const remote = Array.from({ length: parts }, (_, part) =>
      workers[part % workers.length]!.check(
        kind,
        checks.slice(part * PART_SIZE, (part + 1) * PART_SIZE),
        claims,
        part,
      ).then((answer) => {
        if (answer === null) return // the calling thread checked it
        const from = part * PART_SIZE
        for (let i = 0; i < answer.length; i++) results[from + i] = fromWorker(answer, i)
      }),
    )
    // The calling thread helps from the far end, one part per turn of its event loop (after
    // `callerWaitMs`, unless the workers have checked every part by then).
    await new Promise<void>((resolve) => {
      const help = (below: number): void => {
        for (let part = below; part >= 0; part--) {
          if (Atomics.compareExchange(claims, part, 0, 2) !== 0) continue
          checkPartHere(part)
          setImmediate(help, part - 1)
          return
        }
        resolve()
      }
      if (callerWaitMs <= 0) {
        setImmediate(help, parts - 1)
        return
      }
      const timer = setTimeout(help, callerWaitMs, parts - 1)
      const done = (): void => {
        clearTimeout(timer)
        resolve()
      }
      Promise.all(remote).then(done, done)
    })
    await Promise.all(remote)
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
    async scalarMultAll(scalar, points) {
      const here = await sodiumScalarMult()
      return spread(
        'ristretto',
        points.map((point) => ({ scalar, point })),
        (c) => here(c.scalar, c.point),
        (answer, i) => (answer[i] as Uint8Array | null) ?? null,
      )
    },
    async openAll(scalar, ballots) {
      const here = await sodiumScalarMult()
      return spread(
        'open',
        ballots.map((ballot) => ({ scalar, ...ballot })),
        ({ point, info, sealed }): OpenedBallot => {
          const product = here(scalar, point)
          const opened =
            product === null || sealed === null ? null : nodeOpenBox(product, info, sealed)
          return { product, opened }
        },
        (answer, i) => (answer as readonly OpenedBallot[])[i]!,
      )
    },
    async isPointAll(points) {
      const here = await sodiumIsPoint()
      return spread('point', points, here)
    },
    start(options = {}) {
      preloadSodium ||= options.sodium === true
      while (workers.length < threads) workers.push(new WorkerHandle(preloadSodium))
    },
    async close() {
      await Promise.all(workers.splice(0).map((w) => w.close()))
    },
  }
}
