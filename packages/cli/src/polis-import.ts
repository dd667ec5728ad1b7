// A Pol.is conversation, read by @veche/opinions, as the bodies of the events that import it into a
// space (docs/opinions.md, "Imported conversations"): statements by Pol.is comment id, votes by
// Pol.is participant id with their times, in batches that keep every event under the size limit.
// Votes go in time order (stable), so the fold's "latest vote" is the export's latest. Texts are made
// fit to sign: line ends and Unicode normalised, control and bidi characters dropped, an empty text
// named as such, a text past the limit cut with an ellipsis; the map does not read texts.
import {
  checkText,
  isInvisible,
  MAX_CONVERSATION_STATEMENT_CHARS,
  MAX_EVENT_BYTES,
  MAX_IMPORTED_STATEMENTS,
  MAX_IMPORTED_VOTES,
  SOURCE_ID_PATTERN,
} from '@veche/core'
import type { EventBodyInput, EventId } from '@veche/core'
import type { PolisConversation } from '@veche/opinions'
import { CliError } from './cli-error.js'

type StatementsBody = EventBodyInput<'conversation.statements-imported'>
type VotesBody = EventBodyInput<'conversation.votes-imported'>
type ImportedStatement = StatementsBody['statements'][number]
type ImportedVote = VotesBody['votes'][number]

/** Bytes a batch's items may take: the envelope, ids and signature need the rest of the 64 KiB. */
const BATCH_BYTES = MAX_EVENT_BYTES - 4096

const UNSIGNABLE =
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/gu
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

/** `text` as a statement may hold it (see the header). */
export function statementTextFrom(text: string): string {
  const clean = text
    .replace(/\r\n?/g, '\n')
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(UNSIGNABLE, '')
    .normalize('NFC')
    .trim()
  if (isInvisible(clean)) return '(no text in the export)'
  const chars = [...clean]
  const fitted =
    chars.length <= MAX_CONVERSATION_STATEMENT_CHARS
      ? clean
      : `${chars.slice(0, MAX_CONVERSATION_STATEMENT_CHARS - 1).join('')}…`
  const problem = checkText(fitted)
  if (problem !== null) throw new Error(`a cleaned statement text still ${problem.message}`)
  return fitted
}

function sourceId(id: string, what: string): string {
  if (!SOURCE_ID_PATTERN.test(id))
    throw new CliError(
      `the export's ${what} id "${id}" cannot be kept: ids are 1 to 40 of A-Z a-z 0-9 _ -`,
    )
  return id
}

/** Splits `items` into runs of at most `max` items and BATCH_BYTES of JSON. */
function batches<T>(items: readonly T[], max: number): T[][] {
  const out: T[][] = []
  let current: T[] = []
  let bytes = 0
  for (const item of items) {
    const size = Buffer.byteLength(JSON.stringify(item)) + 1
    if (current.length > 0 && (current.length === max || bytes + size > BATCH_BYTES)) {
      out.push(current)
      current = []
      bytes = 0
    }
    current.push(item)
    bytes += size
  }
  if (current.length > 0) out.push(current)
  return out
}

/** The bodies that import `conversation` into the conversation opened as `target`. */
export function importBodies(
  conversation: PolisConversation,
  target: EventId,
): { statements: StatementsBody[]; votes: VotesBody[]; voteCount: number } {
  const { statements, votes } = conversation.input
  const imported: ImportedStatement[] = statements.map((s) => ({
    source: sourceId(s.id, 'comment'),
    text: statementTextFrom(conversation.texts.get(s.id) ?? ''),
    excluded: s.excluded === true,
  }))
  const participants = votes.participants.map((p) => sourceId(p, 'participant'))
  const n = votes.voter.length
  const order = Array.from({ length: n }, (_, i) => i)
  const at = votes.castAt
  if (at !== null) {
    const odd = at.findIndex((t) => !Number.isSafeInteger(t) || t < 0)
    if (odd >= 0)
      throw new CliError(
        `${conversation.voteFile} line ${conversation.voteLines[odd]}: the time ${at[odd]} is not a whole number of milliseconds`,
      )
    order.sort((a, b) => (at[a] as number) - (at[b] as number) || a - b)
  }
  const cast: ImportedVote[] = order.map((i) => [
    participants[votes.voter[i] as number] as string,
    (statements[votes.statement[i] as number] as { id: string }).id,
    votes.vote[i] as number,
    at === null ? null : (at[i] as number),
  ])
  return {
    statements: batches(imported, MAX_IMPORTED_STATEMENTS).map((batch) => ({
      conversation: target,
      statements: batch,
    })),
    votes: batches(cast, MAX_IMPORTED_VOTES).map((batch) => ({
      conversation: target,
      votes: batch,
    })),
    voteCount: n,
  }
}
