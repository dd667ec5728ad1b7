import { randomBytes } from 'node:crypto'
import { afterAll, expect, test } from 'vitest'
import {
  ballotInfo,
  signingBytes,
  decodeBase64url,
  decodePoint,
  encodeBase64url,
  encodePoint,
  encodeScalar,
  encryptVote,
  multiplyGenerator,
  scalarFromBytes,
  verifyEventsSignatures,
} from '@veche/core'
import type { SignatureCheck, SignedEvent } from '@veche/core'
import { nodeOpenBox } from './node-ballot-box.js'
import { nodeVerifier } from './node-ed25519.js'
import { createParallelVerifier } from './parallel-verifier.js'
import { sodiumIsPoint, sodiumScalarMult } from './sodium-ristretto.js'
import { newAuthor, T0 } from './test-support/assembly-fixture.js'

const parallel = createParallelVerifier(1)
afterAll(() => parallel.close())

test('parallel verifier: agrees with the single-thread verifier on good and bad signatures, in order', async () => {
  const author = newAuthor()
  const space = author.spaceFor('parallel-nonce')
  const checks: SignatureCheck[] = []
  for (let i = 0; i < 300; i++) {
    const event = await author.next(
      space,
      'proposal.submitted',
      { title: `P${i}`, text: 'x' },
      T0 + i,
    )
    const signature = decodeBase64url(event.sig)!
    // Every seventh signature is damaged; every eleventh check uses a key that is not a point.
    if (i % 7 === 0) signature[5] = signature[5]! ^ 1
    const publicKey = i % 11 === 0 ? new Uint8Array(32).fill(255) : decodeBase64url(event.author)!
    checks.push({ publicKey, message: signingBytes(event), signature })
  }
  const expected = await nodeVerifier.verifyAll(checks)
  expect(expected.filter(Boolean).length).toBe(300 - 43 - 28 + 4)
  expect(await parallel.verifyAll(checks)).toEqual(expected)
  expect(await parallel.verifyAll(checks.slice(0, 3))).toEqual(expected.slice(0, 3))
  // A hub's verifier sends even one request's few checks to the workers (minParallel 1).
  const eager = createParallelVerifier(1, { minParallel: 1 })
  try {
    expect(await eager.verifyAll(checks.slice(0, 3))).toEqual(expected.slice(0, 3))
    expect(await eager.verifyAll(checks.slice(7, 8))).toEqual([false])
    expect(await eager.verifyAll([])).toEqual([])
    expect(await eager.verifyAll(checks)).toEqual(expected)
  } finally {
    await eager.close()
  }
})

test("parallel verifier: a hub's verifier leaves the checks to the workers, which read keys, signatures and messages of any length as this thread does", async () => {
  const author = newAuthor()
  const space = author.spaceFor('workers-only-nonce')
  const checks: SignatureCheck[] = []
  for (let i = 0; i < 200; i++) {
    const event = await author.next(space, 'proposal.submitted', { title: `P${i}`, text: 'x' }, T0)
    const publicKey = decodeBase64url(event.author)!
    const signature = decodeBase64url(event.sig)!
    const message = signingBytes(event)
    // Checks are packed into one buffer for the workers: lengths other than Ed25519's must come
    // out as they went in (and fail), and a good check after them must still pass.
    if (i % 5 === 1) checks.push({ publicKey: publicKey.subarray(0, 31), message, signature })
    else if (i % 5 === 2) checks.push({ publicKey, message, signature: signature.subarray(1) })
    else if (i % 5 === 3) checks.push({ publicKey, message: new Uint8Array(0), signature })
    else if (i % 5 === 4) checks.push({ publicKey, message: message.subarray(1), signature })
    else checks.push({ publicKey, message, signature })
  }
  const expected = await nodeVerifier.verifyAll(checks)
  expect(expected.filter(Boolean).length).toBe(40)
  // Waiting a minute before helping, the calling thread leaves every part to the worker (and does
  // not wait the minute once the worker is done).
  const workersOnly = createParallelVerifier(1, { minParallel: 1, callerWaitMs: 60_000 })
  try {
    expect(await workersOnly.verifyAll(checks)).toEqual(expected)
    expect(await workersOnly.verifyAll(checks.slice(0, 2))).toEqual([true, false])
    expect(await workersOnly.verifyAll([])).toEqual([])
  } finally {
    await workersOnly.close()
  }
  // Waiting 1 ms, the calling thread takes whatever parts the worker has not reached by then.
  const patient = createParallelVerifier(1, { minParallel: 1, callerWaitMs: 1 })
  try {
    expect(await patient.verifyAll([...checks, ...checks, ...checks])).toEqual([
      ...expected,
      ...expected,
      ...expected,
    ])
  } finally {
    await patient.close()
  }
})

test('signature verdicts for a batch of events keep their order and catch a flipped byte', async () => {
  const author = newAuthor()
  const space = author.spaceFor('verdict-nonce')
  const events = []
  for (let i = 0; i < 100; i++)
    events.push(await author.next(space, 'proposal.submitted', { title: `P${i}`, text: 'y' }, T0))
  const damaged = events.map((event, i): SignedEvent =>
    i === 42 ? ({ ...event, body: { title: 'P42', text: 'z' } } as SignedEvent) : event,
  )
  const verdicts = await verifyEventsSignatures(
    damaged.map((event) => ({ event })),
    parallel,
  )
  expect(verdicts.filter((v) => v !== 'ok')).toHaveLength(1)
  expect(verdicts[42]).toBe('bad-signature')
})

test("parallel verifier: a count's products on workers equal libsodium's on this thread, refused points included, in order", async () => {
  const multiply = await sodiumScalarMult()
  const scalar = decodeBase64url(encodeScalar(scalarFromBytes(randomBytes(64))))!
  // 300 points (several parts, so the worker takes some): every fifth is not a point, every
  // thirteenth is the identity.
  const points = Array.from({ length: 300 }, (_, i) => {
    if (i % 13 === 0) return new Uint8Array(32)
    if (i % 5 === 0) return new Uint8Array(32).fill(0xff)
    return multiplyGenerator(scalarFromBytes(randomBytes(64))).toBytes()
  })
  const expected = points.map((point) => multiply(scalar, point))
  expect(expected.filter((p) => p === null)).toHaveLength(24 + 60 - 5)
  expect(await parallel.scalarMultAll(scalar, points)).toEqual(expected)
  expect(await parallel.scalarMultAll(scalar, points.slice(0, 3))).toEqual(expected.slice(0, 3))
})

test("parallel verifier: held ballots' points checked on workers get libsodium's answers on this thread, the identity refused, in order", async () => {
  const isPoint = await sodiumIsPoint()
  const fieldPrime = 2n ** 255n - 19n
  const nonCanonical = Uint8Array.from({ length: 32 }, (_, i) =>
    Number(((fieldPrime + 2n) >> BigInt(8 * i)) & 0xffn),
  )
  // 3,000 encodings (many parts, so the worker takes some once started): every thirteenth the
  // identity, every fifth not a point, every seventh a non-canonical encoding.
  const valid = Array.from({ length: 20 }, () =>
    multiplyGenerator(scalarFromBytes(randomBytes(64))).toBytes(),
  )
  const points = Array.from({ length: 3_000 }, (_, i) => {
    if (i % 13 === 0) return new Uint8Array(32)
    if (i % 5 === 0) return new Uint8Array(32).fill(0xff)
    if (i % 7 === 0) return nonCanonical
    return valid[i % valid.length]!
  })
  const expected = points.map((point) => isPoint(point))
  // decodePoint's predicate: exactly the points other than the identity.
  expect(expected).toEqual(points.map((point) => decodePoint(encodeBase64url(point)) !== null))
  const notPoints = points.filter((_, i) => i % 13 === 0 || i % 5 === 0 || i % 7 === 0)
  expect(expected.filter((valid) => !valid)).toHaveLength(notPoints.length)
  const started = createParallelVerifier(1, { minParallel: 1 })
  try {
    started.start({ sodium: true })
    // The second time the worker is surely running, with libsodium loaded.
    expect(await started.isPointAll(points)).toEqual(expected)
    expect(await started.isPointAll(points)).toEqual(expected)
    expect(await started.isPointAll(points.slice(0, 3))).toEqual(expected.slice(0, 3))
  } finally {
    await started.close()
  }
})

test("parallel verifier: a count's boxes opened on workers give libsodium's products and node:crypto's openings here, refusals included, in order", async () => {
  const multiply = await sodiumScalarMult()
  const x = scalarFromBytes(randomBytes(64))
  const y = encodePoint(multiplyGenerator(x))
  const scalar = decodeBase64url(encodeScalar(x))!
  const ciphertexts = Array.from({ length: 60 }, (_, i) => {
    const context = {
      space: 'S'.repeat(22),
      poll: 'P'.repeat(43),
      pseudonym: `${i}`.padEnd(43, 'K'),
    }
    const c = encryptVote(y, { choice: i % 2 === 0 ? 'yes' : 'no' }, context, randomBytes(96))
    const point = decodeBase64url(c.ephemeral)!
    return { point, info: ballotInfo(point, context), sealed: decodeBase64url(c.box)! }
  })
  // 1,200 ballots (many parts, so the worker takes some once started): every seventh box altered,
  // every eleventh not base64url (null), every thirteenth point refused.
  const ballots = Array.from({ length: 1_200 }, (_, i) => {
    const c = ciphertexts[i % ciphertexts.length]!
    if (i % 13 === 0) return { ...c, point: new Uint8Array(32).fill(0xff) }
    if (i % 11 === 0) return { ...c, sealed: null }
    if (i % 7 === 0) return { ...c, sealed: c.sealed.map((b, j) => (j === 5 ? b ^ 1 : b)) }
    return c
  })
  const expected = ballots.map(({ point, info, sealed }) => {
    const product = multiply(scalar, point)
    return {
      product,
      opened: product === null || sealed === null ? null : nodeOpenBox(product, info, sealed),
    }
  })
  const refused = ballots.filter((_, i) => i % 13 === 0 || i % 11 === 0 || i % 7 === 0)
  expect(expected.filter((e) => e.opened === null)).toHaveLength(refused.length)
  const started = createParallelVerifier(1, { minParallel: 1 })
  try {
    started.start({ sodium: true })
    // The second time the worker is surely running, with libsodium loaded.
    expect(await started.openAll(scalar, ballots)).toEqual(expected)
    expect(await started.openAll(scalar, ballots)).toEqual(expected)
  } finally {
    await started.close()
  }
})

test('parallel verifier: started ahead with libsodium loaded, its workers check signatures and give the same products', async () => {
  const started = createParallelVerifier(1)
  try {
    started.start({ sodium: true })
    const multiply = await sodiumScalarMult()
    const scalar = decodeBase64url(encodeScalar(scalarFromBytes(randomBytes(64))))!
    const points = Array.from({ length: 300 }, (_, i) =>
      i % 7 === 0
        ? new Uint8Array(32).fill(0xff)
        : multiplyGenerator(scalarFromBytes(randomBytes(64))).toBytes(),
    )
    expect(await started.scalarMultAll(scalar, points)).toEqual(
      points.map((point) => multiply(scalar, point)),
    )
    const author = newAuthor()
    const space = author.spaceFor('started-nonce')
    const events = []
    for (let i = 0; i < 200; i++)
      events.push(await author.next(space, 'proposal.submitted', { title: `S${i}`, text: 'x' }, T0))
    const damaged = events.map((event, i): SignedEvent =>
      i === 150 ? ({ ...event, body: { title: 'S150', text: 'z' } } as SignedEvent) : event,
    )
    const verdicts = await verifyEventsSignatures(
      damaged.map((event) => ({ event })),
      started,
    )
    expect(verdicts.map((v, i) => (v === 'ok' ? null : i)).filter((i) => i !== null)).toEqual([150])
  } finally {
    await started.close()
  }
})
