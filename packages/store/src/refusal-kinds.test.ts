// The refusal kinds a device acts on (core's refusal-kinds.ts): every code has exactly one, and
// one this build does not know is treated as settled. The codes a device waits out are the ones a
// hub holds back in replication (the store's PARKABLE_CODES is core's WAITING_CODES).
import {
  INVALID_CODES,
  REJECTION_CODES,
  SETTLED_CODES,
  WAITING_CODES,
  refusalKind,
} from '@veche/core'
import { expect, test } from 'vitest'

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
