// The bodies an import signs: every event fits its size limit and batch limits whatever the texts
// and ids, texts are made fit to sign, and votes go in time order.
import { expect, test } from 'vitest'
import {
  computeEventId,
  EventAuthor,
  generateWebCryptoSigner,
  MAX_CONVERSATION_STATEMENT_CHARS,
  MAX_EVENT_BYTES,
  MAX_IMPORTED_STATEMENTS,
  MAX_IMPORTED_VOTES,
  parseEvent,
} from '@veche/core'
import type { EventId, SignedEvent } from '@veche/core'
import type { PolisConversation } from '@veche/opinions'
import { importBodies, statementTextFrom } from './polis-import.js'

/** A conversation of `statements` long texts and `votes` votes by participants with long ids. */
function conversation(statements: number, votes: number, timed: boolean): PolisConversation {
  const ids = Array.from({ length: statements }, (_, i) => String(i))
  const participants = Array.from({ length: 50 }, (_, i) => `p${i}`.padEnd(40, 'x'))
  return {
    format: 'opendata-votes',
    input: {
      statements: ids.map((id, i) => ({ id, excluded: i % 7 === 0 })),
      votes: {
        participants,
        voter: Int32Array.from({ length: votes }, (_, i) => i % participants.length),
        statement: Int32Array.from({ length: votes }, (_, i) => i % statements),
        vote: Int8Array.from({ length: votes }, (_, i) => (i % 3) - 1),
        // backwards in time, so the import must reorder them
        castAt: timed ? Float64Array.from({ length: votes }, (_, i) => 1e12 - i) : null,
      },
    },
    texts: new Map(ids.map((id) => [id, '議'.repeat(MAX_CONVERSATION_STATEMENT_CHARS + 5)])),
    voteFile: 'votes.csv',
    voteLines: new Int32Array(votes),
    polisGroups: null,
  }
}

test('polis import: every batch event is a valid event under 64 KiB, statements and votes all kept in time order', async () => {
  const target = 'A'.repeat(43) as EventId
  const bodies = importBodies(conversation(2500, 9000, true), target)
  const author = new EventAuthor(await generateWebCryptoSigner())
  const space = author.spaceFor('polis-import-test')
  const events: SignedEvent[] = []
  for (const body of bodies.statements)
    events.push(await author.next(space, 'conversation.statements-imported', body, 1))
  for (const body of bodies.votes)
    events.push(await author.next(space, 'conversation.votes-imported', body, 1))
  for (const event of events) {
    const parsed = parseEvent(JSON.parse(JSON.stringify(event)))
    if (!parsed.ok) throw new Error(`${parsed.code}: ${parsed.message}`)
    expect(new TextEncoder().encode(parsed.value.json).length).toBeLessThanOrEqual(MAX_EVENT_BYTES)
    expect(parsed.value.id).toBe(computeEventId(event))
  }
  const statements = bodies.statements.flatMap((b) => b.statements)
  expect(statements).toHaveLength(2500)
  expect(bodies.statements.every((b) => b.statements.length <= MAX_IMPORTED_STATEMENTS)).toBe(true)
  expect(statements[7]).toMatchObject({ source: '7', excluded: true })
  expect([...statements[1]!.text]).toHaveLength(MAX_CONVERSATION_STATEMENT_CHARS)
  expect(statements[1]!.text.endsWith('…')).toBe(true)
  const votes = bodies.votes.flatMap((b) => b.votes)
  expect(votes).toHaveLength(9000)
  expect(bodies.votes.every((b) => b.votes.length <= MAX_IMPORTED_VOTES)).toBe(true)
  expect(votes.map((v) => v[3])).toEqual(
    [...votes.map((v) => v[3] as number)].sort((a, b) => a - b),
  )
})

test('polis import: texts lose control and bidi characters, get NFC and LF, and an empty one says so', () => {
  expect(statementTextFrom('a\r\nb\u0007c\u202Ed')).toBe('a\nbcd')
  expect(statementTextFrom('Cafe\u0301')).toBe('Café')
  expect(statementTextFrom('  \u200b ')).toBe('(no text in the export)')
  expect(statementTextFrom('x\uD800y')).toBe('x\uFFFDy')
})

test('polis import: a participant id that cannot be kept is refused with the id named', () => {
  const bad = conversation(3, 3, false)
  const participants = ['has space', 'p1', 'p2']
  expect(() =>
    importBodies(
      { ...bad, input: { ...bad.input, votes: { ...bad.input.votes, participants } } },
      'A'.repeat(43) as EventId,
    ),
  ).toThrow('participant id "has space" cannot be kept')
})
