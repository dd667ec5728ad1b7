import { expect, test } from 'vitest'
import { encodeBase64url } from './base64url.js'
import type { SignedEvent } from './event-envelope.js'
import { applyEvent } from './apply-event.js'
import type { EventId, PublicKey } from './ids.js'
import { deriveSpaceId } from './signing.js'
import { countActiveMembers, createSpaceState } from './space-state.js'

// The fold does not check signatures (the ledger did, on the way in), so these events carry
// well-formed placeholder keys, ids and signatures, as a replay of checked events would.
function key(n: number): string {
  const bytes = new Uint8Array(32)
  bytes[0] = n
  bytes[31] = 7
  return encodeBase64url(bytes)
}

test('the count of active members follows every join, admission, leave, removal and return', () => {
  const founder = key(1) as PublicKey
  const ana = key(2) as PublicKey
  const boris = key(3) as PublicKey
  const chen = key(4) as PublicKey
  const invitation = key(5) as PublicKey
  const space = deriveSpaceId(founder, 'count-test')
  const state = createSpaceState(space)
  const heads = new Map<string, { seq: number; head: EventId | null }>()
  let n = 100
  const apply = (author: PublicKey, type: string, body: unknown): void => {
    const head = heads.get(author) ?? { seq: 0, head: null }
    const id = key(n++) as EventId
    const event = {
      v: 1,
      space,
      author,
      seq: head.seq + 1,
      prev: head.head,
      type,
      body,
      at: n,
      sig: 'S'.repeat(86),
    } as unknown as SignedEvent
    const rejection = applyEvent(state, event, id)
    expect(rejection).toBeNull()
    heads.set(author, { seq: head.seq + 1, head: id })
    const recount = [...state.members.values()].filter((m) => m.status === 'active').length
    expect(countActiveMembers(state)).toBe(recount)
  }
  apply(founder, 'assembly.created', {
    nonce: 'count-test',
    name: 'Count',
    description: '',
    languages: ['en'],
    founderName: 'F',
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: { ballots: 0, percent: 0 },
      defaultMethod: 'majority',
      visibility: 'public',
    },
  })
  apply(founder, 'member.invited', { invitation, uses: 5, note: '' })
  apply(ana, 'member.joined', { invitation, proof: 'P'.repeat(86), name: 'Ana' })
  apply(founder, 'member.admitted', { member: boris, name: 'Boris' })
  apply(founder, 'member.admitted', { member: chen, name: 'Chen' })
  expect(countActiveMembers(state)).toBe(4)
  apply(ana, 'member.left', {})
  apply(founder, 'member.removed', { member: boris, reason: 'asked to' })
  expect(countActiveMembers(state)).toBe(2)
  apply(ana, 'member.joined', { invitation, proof: 'P'.repeat(86), name: 'Ana again' })
  apply(founder, 'member.admitted', { member: boris, name: 'Boris' })
  expect(countActiveMembers(state)).toBe(4)
  // A refused event changes nothing.
  const before = countActiveMembers(state)
  const refused = applyEvent(
    state,
    {
      v: 1,
      space,
      author: founder,
      seq: heads.get(founder)!.seq + 1,
      prev: heads.get(founder)!.head,
      type: 'member.admitted',
      body: { member: chen, name: 'Chen' },
      at: n,
      sig: 'S'.repeat(86),
    } as unknown as SignedEvent,
    key(99) as EventId,
  )
  expect(refused?.code).toBe('member.already-member')
  expect(countActiveMembers(state)).toBe(before)
})
