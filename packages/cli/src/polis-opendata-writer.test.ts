// The openData files written for a conversation read back through the Pol.is reader: texts with
// commas, quotes and line breaks intact, statuses as moderation, latest votes only.
import { expect, test } from 'vitest'
import type { ConversationRecord, ConversationVote, EventId, PublicKey } from '@veche/core'
import { readOpenDataExport } from '@veche/opinions'
import { openDataFiles, polisDatetime } from './polis-opendata-writer.js'

const event = 'E'.repeat(43) as EventId
const member = 'K'.repeat(43) as PublicKey

function record(at: number | null): ConversationRecord {
  const statement = (id: string, text: string, status: 'accepted' | 'rejected' | 'submitted') => ({
    id,
    author: member,
    event,
    imported: false,
    text,
    status,
    everAccepted: status === 'accepted',
    decision: null,
    reason: null,
    seq: 1,
    initial: { status, reason: null },
    decisions: [],
  })
  const cast = (vote: -1 | 0 | 1): ConversationVote => ({
    vote,
    at,
    event,
    author: member,
    seq: 2,
    replaced: null,
  })
  return {
    id: event,
    opener: member,
    question: 'Parks, "green" or grey?',
    source: null,
    status: 'open',
    closedBy: null,
    closedInView: false,
    late: new Set(),
    statements: new Map([
      ['1', statement('1', 'Trees, "many" trees\nand benches', 'accepted')],
      ['2', statement('2', 'Spam', 'rejected')],
      ['3', statement('3', 'Waiting', 'submitted')],
    ]),
    texts: new Set(),
    votes: new Map<string, Map<string, ConversationVote>>([
      [
        '1',
        new Map([
          [member, cast(1)],
          ['7', cast(-1)],
        ]),
      ],
      ['2', new Map([['7', cast(0)]])],
    ]),
    counts: new Map(),
    voters: new Map(),
    revision: 1,
  }
}

test('openData writer: the reader gets back every text, status and latest vote', () => {
  const files = openDataFiles(
    record(1_435_654_192_085),
    new Map([[event, 1_435_654_000_000]]),
    null,
  )
  const read = readOpenDataExport({
    'comments.csv': files['comments.csv'],
    'votes.csv': files['votes.csv'],
  })
  if (!read.ok) throw new Error(read.message)
  expect(read.report.texts.get('1')).toBe('Trees, "many" trees\nand benches')
  expect(read.report.input.statements).toEqual([
    { id: '1', excluded: false },
    { id: '2', excluded: true },
    { id: '3', excluded: false },
  ])
  // oldest first, then by statement and voter in canonical order (Pol.is ids before keys)
  expect(read.report.input.votes.participants).toEqual(['7', member])
  expect(Array.from(read.report.input.votes.vote)).toEqual([-1, 1, 0])
  const byRow = readOpenDataExport({
    'comments.csv': files['comments.csv'],
    'participants-votes.csv': files['participants-votes.csv'],
  })
  expect(byRow.ok).toBe(true)
  expect(files['participants-votes.csv'].split('\n')[1]).toBe('7,,0,2,0,1,-1,0,')
  expect(polisDatetime(1_435_654_192_085)).toBe('Tue Jun 30 08:49:52 UTC 2015')
})

test('openData writer: untimed votes leave out the time columns, and the reader takes them so', () => {
  const files = openDataFiles(record(null), new Map(), null)
  expect(files['votes.csv'].split('\n')[0]).toBe('comment-id,voter-id,vote')
  const read = readOpenDataExport({
    'comments.csv': files['comments.csv'],
    'votes.csv': files['votes.csv'],
  })
  if (!read.ok) throw new Error(read.message)
  expect(read.report.input.votes.castAt).toBeNull()
})
