import fc from 'fast-check'
import { expect, test } from 'vitest'
import { canonicalJson } from './canonical-json.js'
import type { SignedEvent } from './event-envelope.js'
import { signingBytes, signingBytesOfJson } from './signing.js'

const key = 'agIGJeS72pdzkVBycwVIqk7xlrlQOwVYTKg6lVRxOPQ'
const sig = 'S'.repeat(86)

test('signing bytes cut from the canonical text equal those encoded afresh, whatever the body holds', () => {
  fc.assert(
    fc.property(
      fc.dictionary(fc.constantFrom('sig', 'space', 'type', 'v', 'title', 'text'), fc.jsonValue()),
      fc.integer({ min: 1, max: 1e9 }),
      (body, seq) => {
        const event = {
          v: 1,
          space: '1ORZTu-k2QXzmLhd3g-Znw',
          author: key,
          seq,
          prev: null,
          type: 'proposal.submitted',
          body,
          at: 5,
          sig,
        } as unknown as SignedEvent
        expect(signingBytesOfJson(event, canonicalJson(event))).toEqual(signingBytes(event))
      },
    ),
  )
})

test('signing bytes: a text that is not the canonical form falls back to encoding the event', () => {
  const event = {
    v: 1,
    space: '1ORZTu-k2QXzmLhd3g-Znw',
    author: key,
    seq: 1,
    prev: null,
    type: 'member.left',
    body: {},
    at: 5,
    sig,
  } as unknown as SignedEvent
  expect(signingBytesOfJson(event, JSON.stringify(event))).toEqual(signingBytes(event))
})
