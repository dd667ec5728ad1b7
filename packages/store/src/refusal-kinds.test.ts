// The refusal kinds a device acts on (core's refusal-kinds.ts) against what a hub does: the codes
// a device waits out are exactly those a hub holds back in replication, so "waiting" on a phone
// and "held" on a hub are one list.
import {
  INVALID_CODES,
  REJECTION_CODES,
  SETTLED_CODES,
  WAITING_CODES,
  refusalKind,
} from '@veche/core'
import { expect, test } from 'vitest'
import { PARKABLE_CODES } from './ledger.js'

test('refusal kinds: the waiting codes are exactly the codes a hub holds back', () => {
  expect(new Set(WAITING_CODES)).toEqual(new Set(PARKABLE_CODES))
})

test('refusal kinds: every code has exactly one kind', () => {
  const listed = [...INVALID_CODES, ...WAITING_CODES, ...SETTLED_CODES]
  expect([...listed].sort()).toEqual([...REJECTION_CODES].sort())
})

test('refusal kinds: a code this build does not know is settled, never invalid', () => {
  expect(refusalKind('request.too-many-events')).toBe('settled')
  expect(refusalKind('toString')).toBe('settled')
  expect(refusalKind('event.bad-signature')).toBe('invalid')
  expect(refusalKind('ballot.unknown-poll')).toBe('waiting')
})
