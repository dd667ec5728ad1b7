// Vector files between hubs of two releases: on a blackout hubs are not upgraded together, so a
// file this release writes must be read by the previous release's reader (kept as it was in
// test-support/previous-vector-file.ts), and the reverse.
import { randomBytes } from 'node:crypto'
import type { EventId } from '@veche/core'
import { expect, test } from 'vitest'
import * as previous from './test-support/previous-vector-file.js'
import { HEADS_ENTRY, namesHead, parseVectorFile, vectorFileText } from './vector-file.js'

/** Base64url text of `bytes` random bytes: a space id (16), a key or an event id (32). */
const random = (bytes: number): string => randomBytes(bytes).toString('base64url')

const space = random(16)
const council = random(16)
const aigerim = random(32)
const bolat = random(32)
const vector = { [space]: { [aigerim]: 12, [bolat]: 4 }, [council]: { [aigerim]: 1 } }
const heads = new Map([
  [random(32) as EventId, 12],
  [random(32) as EventId, 4],
])

test('vector file: one written here is read by the previous release, as the same vector of every space it holds', () => {
  const text = vectorFileText(vector, heads)
  const read = previous.parseVectorFile(text)
  // The heads are one more entry, a space no hub holds, which its export passes over.
  expect(read).toEqual({
    ok: true,
    vector: { ...vector, [HEADS_ENTRY]: Object.fromEntries(heads) },
  })
  expect(parseVectorFile(text)).toEqual({ ok: true, vector, heads: new Set(heads.keys()) })
})

test('vector file: one written by the previous release is read here, naming no heads', () => {
  expect(parseVectorFile(previous.vectorFileText(vector))).toEqual({
    ok: true,
    vector,
    heads: null,
  })
})

test('vector file: version 2 (heads beside spaces, which the previous release refused) is still read', () => {
  const [first, second] = [...heads.keys()]
  const text = JSON.stringify({
    format: 'veche-vector',
    version: 2,
    spaces: vector,
    heads: { [space]: { [aigerim]: first!.slice(0, 12), [bolat]: second!.slice(0, 12) } },
  })
  expect(previous.parseVectorFile(text).ok).toBe(false)
  const read = parseVectorFile(text)
  if (!read.ok || read.heads === null) throw new Error(`not read: ${JSON.stringify(read)}`)
  expect(read.vector).toEqual(vector)
  expect(namesHead(read.heads, first!)).toBe(true)
  expect(namesHead(read.heads, random(32) as EventId)).toBe(false)
})

test('vector file: heads that are not event ids are refused, as an author key that is not one', () => {
  const text = vectorFileText(vector, new Map([['not-an-id' as EventId, 1]]))
  expect(parseVectorFile(text)).toMatchObject({ ok: false })
})
