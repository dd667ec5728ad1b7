// A conversation of a space written as a Pol.is openData export (github.com/compdemocracy/openData),
// the files and columns Pol.is writes, so Pol.is tools and `veche opinions map` read it:
//
// - comments.csv: timestamp, datetime, comment-id, author-id, agrees, disagrees, moderated
//   (1 accepted, -1 rejected, 0 waiting), comment-body;
// - votes.csv: timestamp, datetime, comment-id, voter-id, vote: each voter's latest vote (the fold
//   keeps nothing else), oldest first; without times (a conversation imported from an export
//   without them) the two time columns are left out, as the reader then expects;
// - participants-votes.csv: participant, group-id (the map's group, empty when not grouped),
//   n-comments, n-votes, n-agree, n-disagree, then one column per statement;
// - summary.csv: topic.
//
// Ids are the conversation's own: a statement's event id or Pol.is comment id, a member's key or a
// Pol.is participant id. comments.csv's agrees and disagrees count votes.csv's rows, which the
// readers check. Every row is in a fixed order, so the same state writes the same bytes.
import { compareIds } from '@veche/opinions'
import type { OpinionMap } from '@veche/opinions'
import type { ConversationRecord } from '@veche/core'

/** One CSV field, quoted when it holds a comma, a quote or a line break (RFC 4180). */
function field(value: string | number): string {
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

function csv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((row) => row.map(field).join(',')).join('\n') + '\n'
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Pol.is's `datetime` column ("Tue Jun 30 15:49:52 WIB 2015"), in UTC. */
export function polisDatetime(ms: number): string {
  const d = new Date(ms)
  const two = (n: number) => String(n).padStart(2, '0')
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`
}

interface Vote {
  readonly statement: string
  readonly voter: string
  readonly vote: -1 | 0 | 1
  readonly at: number | null
}

/**
 * The export's files. `statementTimes` gives when each statement's event was signed (by event id);
 * `map` gives the groups of participants-votes.csv (or null when there is no map yet).
 */
export function openDataFiles(
  record: ConversationRecord,
  statementTimes: ReadonlyMap<string, number>,
  map: OpinionMap | null,
): Record<'comments.csv' | 'votes.csv' | 'participants-votes.csv' | 'summary.csv', string> {
  const statements = [...record.statements.values()].sort((a, b) => compareIds(a.id, b.id))
  const votes: Vote[] = []
  for (const [statement, byVoter] of record.votes)
    for (const [voter, v] of byVoter) votes.push({ statement, voter, vote: v.vote, at: v.at })
  const timed = votes.every((v) => v.at !== null)
  votes.sort(
    (a, b) =>
      (a.at ?? 0) - (b.at ?? 0) ||
      compareIds(a.statement, b.statement) ||
      compareIds(a.voter, b.voter),
  )

  const agrees = new Map<string, number>()
  const disagrees = new Map<string, number>()
  for (const v of votes) {
    if (v.vote === 1) agrees.set(v.statement, (agrees.get(v.statement) ?? 0) + 1)
    if (v.vote === -1) disagrees.set(v.statement, (disagrees.get(v.statement) ?? 0) + 1)
  }
  const comments = csv([
    [
      'timestamp',
      'datetime',
      'comment-id',
      'author-id',
      'agrees',
      'disagrees',
      'moderated',
      'comment-body',
    ],
    ...statements.map((s) => {
      const at = statementTimes.get(s.event) ?? 0
      return [
        at,
        polisDatetime(at),
        s.id,
        s.imported ? '' : s.author,
        agrees.get(s.id) ?? 0,
        disagrees.get(s.id) ?? 0,
        s.status === 'accepted' ? 1 : s.status === 'rejected' ? -1 : 0,
        s.text,
      ]
    }),
  ])
  const votesCsv = csv([
    timed
      ? ['timestamp', 'datetime', 'comment-id', 'voter-id', 'vote']
      : ['comment-id', 'voter-id', 'vote'],
    ...votes.map((v) =>
      timed
        ? [v.at as number, polisDatetime(v.at as number), v.statement, v.voter, v.vote]
        : [v.statement, v.voter, v.vote],
    ),
  ])

  const groupOf = new Map(map?.participants.map((p) => [p.id, p.group]) ?? [])
  const authored = new Map<string, number>()
  for (const s of statements)
    if (!s.imported) authored.set(s.author, (authored.get(s.author) ?? 0) + 1)
  const byVoter = new Map<string, Map<string, number>>()
  for (const v of votes) {
    let mine = byVoter.get(v.voter)
    if (mine === undefined) byVoter.set(v.voter, (mine = new Map<string, number>()))
    mine.set(v.statement, v.vote)
  }
  const participants = [...byVoter.keys()].sort(compareIds)
  const participantsVotes = csv([
    [
      'participant',
      'group-id',
      'n-comments',
      'n-votes',
      'n-agree',
      'n-disagree',
      ...statements.map((s) => s.id),
    ],
    ...participants.map((p) => {
      const mine = byVoter.get(p)!
      let agree = 0
      let disagree = 0
      for (const v of mine.values()) {
        if (v === 1) agree++
        if (v === -1) disagree++
      }
      const group = groupOf.get(p)
      return [
        p,
        group === undefined || group === null ? '' : group,
        authored.get(p) ?? 0,
        mine.size,
        agree,
        disagree,
        ...statements.map((s) => mine.get(s.id) ?? ''),
      ]
    }),
  ])
  return {
    'comments.csv': comments,
    'votes.csv': votesCsv,
    'participants-votes.csv': participantsVotes,
    'summary.csv': csv([['topic', record.question]]),
  }
}
