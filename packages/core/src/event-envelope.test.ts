// The size limits of an event: 64 KiB, except the events that list a whole poll's ballots or
// carry a whole count (a 10,000-member poll's seal is about 450 KB), open or secret.
import { expect, test } from 'vitest'
import { encodeBase64url } from './base64url.js'
import { parseEvent } from './event-envelope.js'
import { WELL_FORMED_CHECKS } from './well-formed-events.js'

const key = 'agIGJeS72pdzkVBycwVIqk7xlrlQOwVYTKg6lVRxOPQ'
const sig = 'S'.repeat(86)
const someId = (): string => encodeBase64url(crypto.getRandomValues(new Uint8Array(32)))

function event(type: string, body: unknown) {
  return {
    v: 1,
    space: '1ORZTu-k2QXzmLhd3g-Znw',
    author: key,
    seq: 9,
    prev: someId(),
    type,
    body,
    at: 5,
    sig,
  }
}

test('a seal of 10,000 ballots is not too large, open or secret; any other event over 64 KiB is', () => {
  const poll = someId()
  const ballots = Array.from({ length: 10_000 }, someId).sort()
  for (const type of ['poll.closed', 'secret.poll-sealed']) {
    const body = type === 'poll.closed' ? { poll, ballots, result: null } : { poll, ballots }
    const parsed = parseEvent(event(type, body))
    expect(parsed.ok || parsed.code, type).toBe(true)
  }
  const big = parseEvent(event('proposal.submitted', { title: 'Big', text: 'x'.repeat(70_000) }))
  expect(big.ok ? 'accepted' : big.code).toBe('event.too-large')
})

test('a record with a "__proto__" key is refused, not parsed into less than its id covers', () => {
  // JSON.parse gives "__proto__" as an own key; zod's record would pass over it in silence.
  const rsa = 'A'.repeat(342)
  const text = `{"poll":"${someId()}","blinded":{"__proto__":"${rsa}","${key}":"${rsa}"}}`
  const parsed = parseEvent(event('secret.credential-requested', JSON.parse(text)))
  expect(parsed.ok ? 'accepted' : [parsed.code, parsed.message]).toEqual([
    'event.malformed',
    expect.stringContaining('"__proto__"'),
  ])
  const plain: unknown = JSON.parse(text.replace('"__proto__"', `"${'B'.repeat(43)}"`))
  const accepted = parseEvent(event('secret.credential-requested', plain))
  expect(accepted.ok || accepted.code).toBe(true)
})

test('a key "__proto__" anywhere in a body is refused: a close\'s view, a vote, a conversation\'s view', () => {
  // Each of these passed before: zod's record and `z.unknown()` let the key through, so the body
  // a hub folded as it took the event lacked what its stored text held (proto-key.ts).
  const voter = 'B'.repeat(43)
  const texts: [string, string, string][] = [
    [
      'poll.closed.2',
      `{"poll":"${someId()}","seen":{"__proto__":7,"${voter}":1},"ballots":[],"result":null}`,
      'body.seen.__proto__',
    ],
    [
      'ballot.cast',
      `{"poll":"${someId()}","vote":{"scores":{"__proto__":{"hidden":"x"},"A":3}}}`,
      'body.vote.scores.__proto__',
    ],
    [
      'conversation.closed.2',
      `{"conversation":"${someId()}","seen":{"${voter}":1,"__proto__":2}}`,
      'body.seen.__proto__',
    ],
  ]
  for (const [type, text, path] of texts) {
    const input = event(type, JSON.parse(text))
    for (const options of [{}, { wellFormed: WELL_FORMED_CHECKS, text: JSON.stringify(input) }]) {
      const parsed = parseEvent(JSON.parse(JSON.stringify(input)), options)
      expect(parsed.ok ? 'accepted' : [parsed.code, parsed.message], type).toEqual([
        'event.malformed',
        `${type} ${path}: must not have the key "__proto__"`,
      ])
    }
    // The same body without the key is well formed (so the key alone is what is refused).
    const plain = parseEvent(
      event(type, JSON.parse(text.replace('"__proto__"', `"${'C'.repeat(43)}"`))),
    )
    expect(plain.ok || plain.code, type).not.toBe('event.malformed')
  }
  // A string that spells the key is only text.
  const said = parseEvent(
    event('proposal.submitted', { title: 'On "__proto__": keys', text: '{"__proto__":1}' }),
  )
  expect(said.ok || said.code).toBe(true)
})
