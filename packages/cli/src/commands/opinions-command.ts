// `veche opinions map PATH [--json] [--seed S]`: reads a Pol.is export folder (openData
// comments.csv with votes.csv or participants-votes.csv, or red-dwarf comments.json with
// votes.json) and prints its opinion map by the Pol.is method (@veche/opinions): the groups, what
// each group thinks, and what nearly everyone agrees on; with --json, the whole map. A bad export is
// a CliError naming the file and line (exit code 1), never a partial map. The commands of
// conversations held in a space (open, submit, vote, import, export…) are in
// conversation-commands.ts.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from '../commander.js'
import { mapOpinions, readOpenDataExport, readRedDwarfExport } from '@veche/opinions'
import type { ExportOutcome, OpinionMap, PolisConversation } from '@veche/opinions'
import { CliError } from '../cli-error.js'
import { jsonSafe, terminalSafe } from '../terminal-text.js'
import { addConversationCommands } from './conversation-commands.js'

/**
 * Largest export file read: a V8 string holds at most 2²⁹ − 24 characters (about 512 Mi), and a
 * votes file of 256 MiB already holds about MAX_VOTES (20,000,000) votes.
 */
export const MAX_EXPORT_FILE_BYTES = 256 * 1024 * 1024

/** The `opinions` command. */
export function opinionsCommand(): Command {
  const opinions = new Command('opinions').description(
    'opinion maps of conversations by the Pol.is method',
  )
  opinions
    .command('map')
    .description(
      'map a Pol.is export folder (openData CSV or red-dwarf JSON): groups, what each thinks, consensus',
    )
    .argument('<path>', 'the export folder')
    .option('--seed <text>', 'seed of the start vectors of the PCA', 'veche')
    .option('--json', 'print the whole map as JSON')
    .action((path: string, _options: unknown, command: Command) => {
      const options = command.optsWithGlobals<{ seed: string; json?: boolean }>()
      const conversation = readPolisFolder(path)
      const map = mapConversation(conversation, options.seed, path)
      process.stdout.write(
        options.json === true
          ? `${jsonSafe(JSON.stringify(opinionsJson(conversation, map), null, 2))}\n`
          : terminalSafe(formatOpinionMap(conversation, map)),
      )
    })
  addConversationCommands(opinions)
  return opinions
}

/** The files of the export in `folder` that readPolisFolder reads (for its digest). */
export function polisFolderFiles(folder: string): string[] {
  const has = (name: string) => existsSync(join(folder, name))
  if (has('votes.json') || has('comments.json')) return ['comments.json', 'votes.json']
  return ['comments.csv', has('votes.csv') ? 'votes.csv' : 'participants-votes.csv']
}

/** Reads a Pol.is export folder, or throws a CliError naming the file and line at fault. */
export function readPolisFolder(path: string): PolisConversation {
  let isFolder: boolean
  try {
    isFolder = statSync(path).isDirectory()
  } catch (error) {
    throw new CliError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    )
  }
  if (!isFolder) throw new CliError(`${path} is not a folder: give the folder of a Pol.is export`)
  const has = (name: string) => existsSync(join(path, name))
  let outcome: ExportOutcome
  if (has('votes.json') || has('comments.json')) {
    outcome = readRedDwarfExport({
      'comments.json': readText(path, 'comments.json'),
      'votes.json': readText(path, 'votes.json'),
    })
  } else if (has('comments.csv') || has('votes.csv') || has('participants-votes.csv')) {
    const votes = has('votes.csv') ? 'votes.csv' : 'participants-votes.csv'
    outcome = readOpenDataExport({
      'comments.csv': readText(path, 'comments.csv'),
      [votes]: readText(path, votes),
    })
  } else {
    throw new CliError(
      `${path} is not a Pol.is export: expected comments.csv with votes.csv or participants-votes.csv (openData), or comments.json with votes.json (red-dwarf)`,
    )
  }
  // a reader's message starts with the file's name: put the folder in front of it
  if (!outcome.ok)
    throw new CliError(`${path.replace(/\/+$/, '')}/${outcome.message} (${outcome.code})`)
  return outcome.report
}

function readText(folder: string, name: string): string {
  const file = join(folder, name)
  if (!existsSync(file)) throw new CliError(`${file} is missing: this export needs it`)
  let bytes: Buffer
  try {
    const size = statSync(file).size
    if (size > MAX_EXPORT_FILE_BYTES) {
      throw new CliError(
        `${file} is ${size} bytes; an export file may be at most ${MAX_EXPORT_FILE_BYTES}`,
      )
    }
    bytes = readFileSync(file)
  } catch (error) {
    if (error instanceof CliError) throw error
    throw new CliError(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
      {
        cause: error,
      },
    )
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes)
    const at = text.indexOf('\uFFFD')
    const line = text.slice(0, Math.max(0, at)).split('\n').length
    throw new CliError(`${file} line ${line}: not UTF-8 text`)
  }
}

/** Maps a conversation read from `folder`; a failure names the file and line of the vote at fault. */
export function mapConversation(
  conversation: PolisConversation,
  seed: string,
  folder: string,
): OpinionMap {
  const outcome = mapOpinions(conversation.input, { seed })
  if (outcome.ok) return outcome.report
  const base = folder.replace(/\/+$/, '')
  const line = (vote: number) => conversation.voteLines[vote] ?? 0
  const where =
    outcome.vote === undefined
      ? base
      : `${base}/${conversation.voteFile} line ${line(outcome.vote)}${
          outcome.otherVote === undefined ? '' : ` (and line ${line(outcome.otherVote)})`
        }`
  throw new CliError(`${where}: ${outcome.message} (${outcome.code})`)
}

/** The JSON the command prints: the map, and where it was read from. */
export function opinionsJson(conversation: PolisConversation, map: OpinionMap): unknown {
  return {
    source: { format: conversation.format, votes: conversation.voteFile },
    participants: map.participants,
    groups: map.groups,
    consensus: map.consensus,
    consensusFigures: map.consensusFigures,
    statements: map.statements,
    method: map.method,
  }
}

/** The readable map: groups with their representative statements, then consensus. */
export function formatOpinionMap(
  conversation: Pick<PolisConversation, 'texts'>,
  map: OpinionMap,
): string {
  const text = (id: string) => clip(conversation.texts.get(id) ?? '', 72)
  const percent = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((100 * n) / of)}%`)
  const excluded = map.statements.filter((s) => s.excluded).length
  const lines = [
    `${map.participants.length} participants voted on ${map.statements.length - excluded} statements (${excluded} left out: moderated out, meta or without votes)`,
    `${map.method.clustered} placed in ${map.groups.length} opinion groups; ${map.participants.length - map.method.clustered} voted too little to be placed`,
  ]
  for (const group of map.groups) {
    lines.push('', `group ${group.id}: ${group.size} participants`)
    for (const r of group.representative) {
      lines.push(
        `  ${r.direction.padEnd(8)} ${percent(r.nSuccess, r.nTrials).padStart(4)} of ${String(r.nTrials).padStart(4)}  #${r.statement.padEnd(5)} ${text(r.statement)}`,
      )
    }
  }
  const votesOn = new Map(map.statements.map((s) => [s.id, s.votes]))
  for (const direction of ['agree', 'disagree'] as const) {
    lines.push('', `consensus (${direction}):`)
    const figures = map.consensusFigures[direction]
    if (figures.length === 0) lines.push('  (none)')
    for (const c of figures) {
      lines.push(
        `  ${percent(c.nSuccess, c.nTrials).padStart(4)} of ${String(votesOn.get(c.statement) ?? c.nTrials).padStart(4)}  #${c.statement.padEnd(5)} ${text(c.statement)}`,
      )
    }
  }
  const informed = map.statements
    .filter((s) => s.groupInformedConsensus !== null)
    .map((s) => ({ id: s.id, value: s.groupInformedConsensus?.agree ?? 0 }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 5)
  lines.push('', 'group-informed consensus (every group agrees):')
  for (const s of informed) lines.push(`  ${s.value.toFixed(3)}  #${s.id.padEnd(5)} ${text(s.id)}`)
  return `${lines.join('\n')}\n`
}

function clip(s: string, width: number): string {
  const one = s.replace(/\s+/g, ' ').trim()
  const chars = [...one]
  return chars.length <= width ? one : `${chars.slice(0, width - 1).join('')}…`
}
