// Ids through node:crypto are core's ids: the hub and `veche verify` must name every event as a
// browser or any other replica does.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { eventIdOfJson } from '@veche/core'
import { nodeEventIdOfJson } from './node-event-id.js'

test('node event ids equal core event ids for any text', () => {
  fc.assert(
    fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 3000 }), fc.json()), (text) => {
      expect(nodeEventIdOfJson(text)).toBe(eventIdOfJson(text))
    }),
    { numRuns: 2000 },
  )
})
