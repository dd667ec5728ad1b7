// Readers of Pol.is conversation exports, text in, map input out (the caller reads the files):
//
// - openData (github.com/compdemocracy/openData): comments.csv and either votes.csv (every vote
//   event, with times; the latest vote of a participant on a statement counts) or
//   participants-votes.csv (each participant's current votes, one row each);
// - red-dwarf (github.com/polis-community/red-dwarf) fixtures, as the Pol.is API gives them:
//   comments.json and votes.json (one current vote per participant and statement).
//
// Statements moderated out (moderated -1) or marked meta are excluded from the map, as Pol.is
// does. Every failure names the file and line. The exports carry their own totals, and the readers
// check them, so a file cut short at a line boundary is caught too: comments.csv counts every agree
// and disagree event of votes.csv; each participants-votes.csv row counts its votes; comments.json
// counts the votes of votes.json.
import { jsonErrorOffset } from '@veche/tally'
import { parseCsv } from './csv-records.js'
import type { CsvRecord } from './csv-records.js'
import { fail, succeed } from './outcome.js'
import type { OpinionsFailure, OpinionsOutcome } from './outcome.js'
import type { OpinionStatement, OpinionsInput } from './vote-matrix.js'

/** A conversation read from an export, ready to map. */
export interface PolisConversation {
  readonly format: 'opendata-votes' | 'opendata-participants-votes' | 'red-dwarf'
  readonly input: OpinionsInput & {
    readonly votes: {
      readonly participants: readonly string[]
      readonly voter: Int32Array
      readonly statement: Int32Array
      readonly vote: Int8Array
      readonly castAt: Float64Array | null
    }
  }
  /** The text of each statement, by id. */
  readonly texts: ReadonlyMap<string, string>
  /** Where vote `i` was read: `voteFile` line `voteLines[i]` (for naming a vote in an error). */
  readonly voteFile: string
  readonly voteLines: Int32Array
  /** Pol.is's own opinion group of each participant, when the export has one (openData). */
  readonly polisGroups: ReadonlyMap<string, number | null> | null
}

/** The files of an openData export (names as in the export). */
export interface OpenDataFiles {
  readonly 'comments.csv': string
  readonly 'votes.csv'?: string | undefined
  readonly 'participants-votes.csv'?: string | undefined
}

/** The files of a red-dwarf fixture. */
export interface RedDwarfFiles {
  readonly 'comments.json': string
  readonly 'votes.json': string
}

type Failure = OpinionsFailure & { readonly file: string }

function failIn(
  file: string,
  line: number | undefined,
  message: string,
  code: OpinionsFailure['code'] = 'opinions.parse-error',
): Failure {
  return {
    ...fail(
      code,
      line === undefined ? `${file}: ${message}` : `${file} line ${line}: ${message}`,
      line === undefined ? {} : { line },
    ),
    file,
  }
}

/** Result of a reader: a conversation, or a failure naming `file` and `line`. */
export type ExportOutcome = OpinionsOutcome<PolisConversation> | Failure

interface Statements {
  readonly list: OpinionStatement[]
  readonly index: Map<string, number>
  readonly texts: Map<string, string>
}

/** Reads an openData export: comments.csv with votes.csv (preferred) or participants-votes.csv. */
export function readOpenDataExport(files: OpenDataFiles): ExportOutcome {
  const comments = readCsvTable('comments.csv', files['comments.csv'], [
    'comment-id',
    'moderated',
    'comment-body',
  ])
  if (!comments.ok) return comments
  const statements: Statements = { list: [], index: new Map(), texts: new Map() }
  const totals = new Map<string, { agrees: number; disagrees: number; line: number }>()
  for (const row of comments.rows) {
    const id = row.get('comment-id')
    if (id === '') return failIn('comments.csv', row.line, 'the comment-id is empty')
    if (statements.index.has(id))
      return failIn(
        'comments.csv',
        row.line,
        `comment ${id} is listed twice`,
        'opinions.duplicate-statement',
      )
    const moderated = row.get('moderated')
    if (!['-1', '0', '1'].includes(moderated)) {
      return failIn(
        'comments.csv',
        row.line,
        `moderated is "${moderated}"; it is 1 (accepted), 0 (not moderated) or -1 (rejected)`,
      )
    }
    const meta =
      comments.columns.has('is-meta') && ['1', 'true', 'TRUE'].includes(row.get('is-meta'))
    statements.index.set(id, statements.list.length)
    statements.list.push({ id, excluded: moderated === '-1' || meta })
    statements.texts.set(id, row.get('comment-body'))
    if (comments.columns.has('agrees') && comments.columns.has('disagrees')) {
      const agrees = wholeNumber(row.get('agrees'))
      const disagrees = wholeNumber(row.get('disagrees'))
      if (agrees === null || disagrees === null) {
        return failIn('comments.csv', row.line, 'agrees and disagrees must be whole numbers')
      }
      totals.set(id, { agrees, disagrees, line: row.line })
    }
  }
  if (files['votes.csv'] !== undefined)
    return readVoteEvents(files['votes.csv'], statements, totals)
  if (files['participants-votes.csv'] !== undefined) {
    return readParticipantsVotes(files['participants-votes.csv'], statements)
  }
  return failIn(
    'votes.csv',
    undefined,
    'missing: an openData export needs votes.csv or participants-votes.csv',
  )
}

function readVoteEvents(
  text: string,
  statements: Statements,
  totals: ReadonlyMap<string, { agrees: number; disagrees: number; line: number }>,
): ExportOutcome {
  const file = 'votes.csv'
  const table = readCsvTable(file, text, ['comment-id', 'voter-id', 'vote'])
  if (!table.ok) return table
  const timed = table.columns.has('timestamp')
  const n = table.rows.length
  const votes = newColumns(n, timed)
  const participants = new Map<string, number>()
  const agrees = new Map<string, number>()
  const disagrees = new Map<string, number>()
  for (let i = 0; i < n; i++) {
    const row = table.rows[i] as TableRow
    const comment = row.get('comment-id')
    const s = statements.index.get(comment)
    if (s === undefined) {
      return failIn(
        file,
        row.line,
        `a vote on comment ${comment}, which comments.csv does not list`,
        'opinions.unknown-statement',
      )
    }
    const voter = row.get('voter-id')
    if (voter === '') return failIn(file, row.line, 'the voter-id is empty')
    const vote = voteValue(row.get('vote'))
    if (vote === null) {
      return failIn(
        file,
        row.line,
        `the vote is "${row.get('vote')}"; it is 1 (agree), -1 (disagree) or 0 (pass)`,
        'opinions.invalid-vote',
      )
    }
    if (votes.castAt !== null) {
      const at = wholeNumber(row.get('timestamp'))
      if (at === null)
        return failIn(
          file,
          row.line,
          `the timestamp "${row.get('timestamp')}" is not a whole number of milliseconds`,
          'opinions.invalid-time',
        )
      votes.castAt[i] = at
    }
    votes.voter[i] = participantNumber(participants, voter)
    votes.statement[i] = s
    votes.vote[i] = vote
    votes.lines[i] = row.line
    if (vote === 1) agrees.set(comment, (agrees.get(comment) ?? 0) + 1)
    if (vote === -1) disagrees.set(comment, (disagrees.get(comment) ?? 0) + 1)
  }
  for (const [comment, total] of totals) {
    const a = agrees.get(comment) ?? 0
    const d = disagrees.get(comment) ?? 0
    if (a !== total.agrees || d !== total.disagrees) {
      return failIn(
        'comments.csv',
        total.line,
        `comment ${comment} counts ${total.agrees} agree and ${total.disagrees} disagree votes, but votes.csv holds ${a} and ${d}: one of the two files is incomplete (cut short?)`,
      )
    }
  }
  return conversation('opendata-votes', statements, participants, votes, file, null)
}

function readParticipantsVotes(text: string, statements: Statements): ExportOutcome {
  const file = 'participants-votes.csv'
  const parsed = parseCsv(text)
  if (!parsed.ok) return failIn(file, parsed.line, parsed.message)
  const [header, ...records] = parsed.records.filter((r) => !isBlank(r))
  if (header === undefined) return failIn(file, 1, 'the file is empty')
  const fixed = new Set([
    'participant',
    'group-id',
    'n-comments',
    'n-votes',
    'n-agree',
    'n-disagree',
    'xid',
  ])
  const position = new Map<string, number>()
  const voteColumns: { column: number; statement: number; id: string }[] = []
  for (const [column, name] of header.fields.entries()) {
    if (position.has(name)) return failIn(file, header.line, `the column "${name}" appears twice`)
    position.set(name, column)
    if (fixed.has(name)) continue
    const s = statements.index.get(name)
    if (s === undefined) {
      return failIn(
        file,
        header.line,
        `a column of votes on comment ${name}, which comments.csv does not list`,
        'opinions.unknown-statement',
      )
    }
    voteColumns.push({ column, statement: s, id: name })
  }
  const participantColumn = position.get('participant')
  if (participantColumn === undefined) return failIn(file, header.line, 'no "participant" column')
  const groupColumn = position.get('group-id')
  const countColumns = (['n-votes', 'n-agree', 'n-disagree'] as const).map((name) =>
    position.get(name),
  )

  let total = 0
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      return failIn(
        file,
        record.line,
        `${fieldCount(record.fields.length)} where the header has ${header.fields.length} (is the file cut short?)`,
      )
    }
    for (const { column } of voteColumns) if (record.fields[column] !== '') total++
  }
  const votes = newColumns(total, false)
  const participants = new Map<string, number>()
  const polisGroups = new Map<string, number | null>()
  let i = 0
  for (const record of records) {
    const id = record.fields[participantColumn] as string
    if (id === '') return failIn(file, record.line, 'the participant is empty')
    if (participants.has(id))
      return failIn(
        file,
        record.line,
        `participant ${id} has a second row`,
        'opinions.duplicate-vote',
      )
    const p = participantNumber(participants, id)
    if (groupColumn !== undefined) {
      const g = record.fields[groupColumn] as string
      const group = g === '' ? null : wholeNumber(g)
      if (g !== '' && group === null)
        return failIn(file, record.line, `the group-id "${g}" is not a whole number`)
      polisGroups.set(id, group)
    }
    const tally = [0, 0, 0]
    for (const { column, statement } of voteColumns) {
      const cell = record.fields[column] as string
      if (cell === '') continue
      const vote = voteValue(cell)
      if (vote === null) {
        return failIn(
          file,
          record.line,
          `the vote "${cell}" on comment ${header.fields[column]} is not 1 (agree), -1 (disagree) or 0 (pass)`,
          'opinions.invalid-vote',
        )
      }
      votes.voter[i] = p
      votes.statement[i] = statement
      votes.vote[i] = vote
      votes.lines[i] = record.line
      i++
      tally[0] = (tally[0] as number) + 1
      if (vote === 1) tally[1] = (tally[1] as number) + 1
      if (vote === -1) tally[2] = (tally[2] as number) + 1
    }
    for (const [k, column] of countColumns.entries()) {
      if (column === undefined) continue
      const stated = wholeNumber(record.fields[column] as string)
      if (stated !== tally[k]) {
        return failIn(
          file,
          record.line,
          `${header.fields[column]} says ${record.fields[column]} but the row holds ${tally[k]} (is the row cut short?)`,
        )
      }
    }
  }
  return conversation(
    'opendata-participants-votes',
    statements,
    participants,
    votes,
    file,
    polisGroups,
  )
}

/** Reads a red-dwarf fixture (the Pol.is API's comments and votes). */
export function readRedDwarfExport(files: RedDwarfFiles): ExportOutcome {
  const comments = readJsonArray('comments.json', files['comments.json'])
  if (!comments.ok) return comments
  const statements: Statements = { list: [], index: new Map(), texts: new Map() }
  const stated = new Map<string, { counts: [number, number, number]; element: number }>()
  for (const [k, item] of comments.items.entries()) {
    const where = () => comments.line(k)
    if (!isObject(item))
      return failIn('comments.json', where(), 'a statement that is not an object')
    const id = idOf(item.tid ?? item.statement_id)
    if (id === null)
      return failIn('comments.json', where(), 'a statement without a tid (statement_id)')
    if (statements.index.has(id))
      return failIn(
        'comments.json',
        where(),
        `statement ${id} is listed twice`,
        'opinions.duplicate-statement',
      )
    const moderated = item.mod ?? item.moderated ?? 0
    if (moderated !== -1 && moderated !== 0 && moderated !== 1) {
      return failIn(
        'comments.json',
        where(),
        `statement ${id} has moderation ${JSON.stringify(moderated)}; it is 1, 0 or -1`,
      )
    }
    statements.index.set(id, statements.list.length)
    statements.list.push({ id, excluded: moderated === -1 || item.is_meta === true })
    statements.texts.set(id, typeof item.txt === 'string' ? item.txt : '')
    const counts = [item.agree_count, item.disagree_count, item.pass_count]
    if (counts.every((c) => typeof c === 'number')) {
      stated.set(id, { counts: counts as [number, number, number], element: k })
    }
  }
  const file = 'votes.json'
  const parsed = readJsonArray(file, files['votes.json'])
  if (!parsed.ok) return parsed
  const n = parsed.items.length
  const timed =
    n > 0 &&
    parsed.items.every((v) => isObject(v) && v.modified !== undefined && v.modified !== null)
  const votes = newColumns(n, timed)
  const participants = new Map<string, number>()
  const seen = new Map<string, number>()
  const counted = new Map<string, [number, number, number]>()
  for (let i = 0; i < n; i++) {
    const item = parsed.items[i]
    if (!isObject(item)) return failIn(file, parsed.line(i), 'a vote that is not an object')
    const pid = idOf(item.pid ?? item.participant_id)
    const tid = idOf(item.tid ?? item.statement_id)
    if (pid === null || tid === null)
      return failIn(file, parsed.line(i), 'a vote without its participant (pid) or statement (tid)')
    const s = statements.index.get(tid)
    if (s === undefined) {
      return failIn(
        file,
        parsed.line(i),
        `a vote on statement ${tid}, which comments.json does not list`,
        'opinions.unknown-statement',
      )
    }
    const vote = typeof item.vote === 'number' ? voteValue(String(item.vote)) : null
    if (vote === null) {
      return failIn(
        file,
        parsed.line(i),
        `the vote is ${JSON.stringify(item.vote)}; it is 1 (agree), -1 (disagree) or 0 (pass)`,
        'opinions.invalid-vote',
      )
    }
    const pair = `${pid}\u0000${tid}`
    const earlier = seen.get(pair)
    if (earlier !== undefined) {
      return failIn(
        file,
        parsed.line(i),
        `a second vote by participant ${pid} on statement ${tid} (the first is on line ${parsed.line(earlier)}); votes.json holds one vote per participant and statement`,
        'opinions.duplicate-vote',
      )
    }
    seen.set(pair, i)
    if (votes.castAt !== null) {
      const at =
        typeof item.modified === 'number' ? item.modified : wholeNumber(String(item.modified))
      if (at === null || !Number.isFinite(at)) {
        return failIn(
          file,
          parsed.line(i),
          `the time ${JSON.stringify(item.modified)} is not a number of milliseconds`,
          'opinions.invalid-time',
        )
      }
      votes.castAt[i] = at
    }
    votes.voter[i] = participantNumber(participants, pid)
    votes.statement[i] = s
    votes.vote[i] = vote
    votes.lines[i] = parsed.line(i)
    const c = counted.get(tid) ?? [0, 0, 0]
    c[vote === 1 ? 0 : vote === -1 ? 1 : 2]++
    counted.set(tid, c)
  }
  for (const [tid, { counts, element }] of stated) {
    const c = counted.get(tid) ?? [0, 0, 0]
    if (c[0] !== counts[0] || c[1] !== counts[1] || c[2] !== counts[2]) {
      return failIn(
        'comments.json',
        comments.line(element),
        `statement ${tid} counts ${counts[0]} agree, ${counts[1]} disagree and ${counts[2]} pass votes, but votes.json holds ${c[0]}, ${c[1]} and ${c[2]}: one of the two files is incomplete (cut short?)`,
      )
    }
  }
  return conversation('red-dwarf', statements, participants, votes, file, null)
}

// ---------------------------------------------------------------------------------------------

interface Columns {
  readonly voter: Int32Array
  readonly statement: Int32Array
  readonly vote: Int8Array
  readonly castAt: Float64Array | null
  readonly lines: Int32Array
}

function newColumns(n: number, timed: boolean): Columns {
  return {
    voter: new Int32Array(n),
    statement: new Int32Array(n),
    vote: new Int8Array(n),
    castAt: timed ? new Float64Array(n) : null,
    lines: new Int32Array(n),
  }
}

function conversation(
  format: PolisConversation['format'],
  statements: Statements,
  participants: ReadonlyMap<string, number>,
  votes: Columns,
  voteFile: string,
  polisGroups: ReadonlyMap<string, number | null> | null,
): ExportOutcome {
  return succeed({
    format,
    input: {
      statements: statements.list,
      votes: {
        participants: [...participants.keys()],
        voter: votes.voter,
        statement: votes.statement,
        vote: votes.vote,
        castAt: votes.castAt,
      },
    },
    texts: statements.texts,
    voteFile,
    voteLines: votes.lines,
    polisGroups,
  })
}

function participantNumber(participants: Map<string, number>, id: string): number {
  let p = participants.get(id)
  if (p === undefined) {
    p = participants.size
    participants.set(id, p)
  }
  return p
}

function voteValue(text: string): -1 | 0 | 1 | null {
  switch (text.trim()) {
    case '1':
    case '1.0':
      return 1
    case '-1':
    case '-1.0':
      return -1
    case '0':
    case '0.0':
    case '-0':
      return 0
    default:
      return null
  }
}

function wholeNumber(text: string): number | null {
  const t = text.trim()
  if (!/^-?[0-9]+(?:\.0*)?$/.test(t)) return null
  const n = Number(t)
  return Number.isSafeInteger(n) ? n : null
}

function idOf(value: unknown): string | null {
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  if (typeof value === 'string' && value !== '') return value
  return null
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function fieldCount(n: number): string {
  return n === 1 ? '1 field' : `${n} fields`
}

function isBlank(record: CsvRecord): boolean {
  return record.fields.length === 1 && record.fields[0] === ''
}

interface TableRow {
  readonly line: number
  get(column: string): string
}

/** A CSV file with a header naming at least `required`; every row as long as the header. */
function readCsvTable(
  file: string,
  text: string,
  required: readonly string[],
): { ok: true; columns: ReadonlyMap<string, number>; rows: TableRow[] } | Failure {
  const parsed = parseCsv(text)
  if (!parsed.ok) return failIn(file, parsed.line, parsed.message)
  const [header, ...records] = parsed.records.filter((r) => !isBlank(r))
  if (header === undefined) return failIn(file, 1, 'the file is empty')
  const columns = new Map<string, number>()
  header.fields.forEach((name, i) => {
    if (!columns.has(name)) columns.set(name, i)
  })
  const missing = required.filter((name) => !columns.has(name))
  if (missing.length > 0) {
    return failIn(file, header.line, `the header lacks ${missing.map((m) => `"${m}"`).join(', ')}`)
  }
  const rows: TableRow[] = []
  for (const record of records) {
    if (record.fields.length !== header.fields.length) {
      return failIn(
        file,
        record.line,
        `${fieldCount(record.fields.length)} where the header has ${header.fields.length} (is the file cut short?)`,
      )
    }
    const fields = record.fields
    rows.push({ line: record.line, get: (column) => fields[columns.get(column) as number] ?? '' })
  }
  return { ok: true, columns, rows }
}

/** A JSON file holding an array; `line(k)` is the line element k starts on. */
function readJsonArray(
  file: string,
  text: string,
): { ok: true; items: unknown[]; line: (k: number) => number } | Failure {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    const offset = jsonErrorOffset(text)
    const at = offset < 0 ? text.length : offset
    const line = lineAt(text, at)
    return failIn(
      file,
      line,
      at >= text.trimEnd().length
        ? 'the JSON ends too early (is the file cut short?)'
        : 'not valid JSON',
    )
  }
  if (!Array.isArray(value)) return failIn(file, 1, 'the file does not hold a JSON array')
  let lines: Int32Array | null = null
  return {
    ok: true,
    items: value,
    line: (k) => {
      lines ??= elementLines(text)
      return lines[k] ?? 1
    },
  }
}

/** The line on which each element of the top-level JSON array starts (the text is valid JSON). */
function elementLines(text: string): Int32Array {
  const lines: number[] = []
  let line = 1
  let depth = 0
  let inString = false
  let expectElement = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) line++
    if (inString) {
      if (c === 92 /* \ */) i++
      else if (c === 34) inString = false
      continue
    }
    if (c === 32 || c === 9 || c === 10 || c === 13) continue
    if (expectElement && depth === 1 && c !== 93) {
      lines.push(line)
      expectElement = false
    }
    if (c === 34) inString = true
    else if (c === 91 || c === 123) {
      depth++
      if (depth === 1) expectElement = true
    } else if (c === 93 || c === 125) depth--
    else if (c === 44 && depth === 1) expectElement = true
  }
  return Int32Array.from(lines)
}

function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++
  return line
}
