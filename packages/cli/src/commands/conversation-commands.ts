// `veche opinions open|submit|accept|reject|vote|close|show|import|export`: conversations held in
// a space as signed events (docs/opinions.md), and Pol.is exports brought in and written out. Each
// command signs one event as the acting identity, except `import`, which signs the whole
// conversation (the question, its statements and every vote, in batches) and submits it at once.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import { writePrivateFile } from '@veche/store'
import type { Command } from 'commander'
import {
  conversationCloseView,
  computeEventId,
  conversationOpinionMap,
  describeConversations,
  EventAuthor,
} from '@veche/core'
import type { ConversationRecord, EventId, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import type { OpinionMap, OpinionsOutcome } from '@veche/opinions'
import { CliError } from '../cli-error.js'
import type { Context } from '../context.js'
import { importBodies } from '../polis-import.js'
import { openDataFiles } from '../polis-opendata-writer.js'
import { withContext } from '../run-command.js'
import { formatOpinionMap, polisFolderFiles, readPolisFolder } from './opinions-command.js'

const VOTES: Record<string, -1 | 0 | 1> = {
  agree: 1,
  disagree: -1,
  pass: 0,
  '1': 1,
  '-1': -1,
  '0': 0,
}

/** The conversation `id` and the state of its space; a clear error when it is not one. */
async function conversationOf(
  ctx: Context,
  id: string,
): Promise<{ state: SpaceState; record: ConversationRecord }> {
  const event = await ctx.event(id, 'conversation')
  if (event.type !== 'conversation.opened')
    throw new CliError(`${id} is a ${event.type} event, not a conversation`)
  const state = await ctx.space(event.space)
  return { state, record: state.conversations.get(id as EventId)! }
}

/**
 * A conversation still open here. After a close nothing a member signs changes it (the close's view
 * leaves it late, docs/events.md), so nothing is signed for it.
 */
async function openConversationOf(
  ctx: Context,
  id: string,
): Promise<{ state: SpaceState; record: ConversationRecord }> {
  const found = await conversationOf(ctx, id)
  if (found.record.status === 'closed')
    throw new CliError(`conversation.closed: conversation ${id} is closed; nothing changes it now`)
  return found
}

function parseVote(text: string): -1 | 0 | 1 {
  const vote = VOTES[text]
  if (vote === undefined)
    throw new CliError(`--vote is agree, disagree or pass (or 1, -1, 0), not "${text}"`)
  return vote
}

/** Registers the conversation commands on `opinions`. */
export function addConversationCommands(opinions: Command): void {
  opinions
    .command('open')
    .description('open a conversation on a question (facilitators); prints its id')
    .requiredOption('--space <id>', 'the space id')
    .requiredOption('--question <text>', 'the question statements answer')
    .action(
      withContext(async (ctx, opts: { space: string; question: string }) => {
        await ctx.space(opts.space)
        const id = await ctx.act(opts.space as SpaceId, 'conversation.opened', {
          question: opts.question,
          source: null,
        })
        ctx.print({ conversation: id }, () => id)
      }),
    )
  opinions
    .command('submit')
    .description(
      "put a statement to a conversation; prints its id (a facilitator's is accepted at once)",
    )
    .requiredOption('--conversation <id>', 'the conversation')
    .requiredOption('--text <text>', 'the statement, at most 1000 characters')
    .action(
      withContext(async (ctx, opts: { conversation: string; text: string }) => {
        const { state } = await openConversationOf(ctx, opts.conversation)
        const id = await ctx.act(state.space, 'conversation.statement-submitted', {
          conversation: opts.conversation,
          text: opts.text,
        })
        const after = (await ctx.space(state.space)).conversations.get(opts.conversation as EventId)
        const status = after?.statements.get(id)?.status ?? 'submitted'
        ctx.print({ statement: id, status }, () =>
          status === 'accepted' ? id : `${id} (waits for a facilitator to accept it)`,
        )
      }),
    )
  opinions
    .command('accept')
    .description('accept a submitted statement (facilitators)')
    .requiredOption('--conversation <id>', 'the conversation')
    .requiredOption('--statement <id>', 'the statement (its id, or its Pol.is comment id)')
    .action(
      withContext(async (ctx, opts: { conversation: string; statement: string }) => {
        const { state } = await openConversationOf(ctx, opts.conversation)
        const id = await ctx.act(state.space, 'conversation.statement-accepted', {
          conversation: opts.conversation,
          statement: opts.statement,
        })
        ctx.print({ event: id }, () => `statement ${opts.statement} accepted (${id})`)
      }),
    )
  opinions
    .command('reject')
    .description('reject a statement, with the reason kept in the log (facilitators)')
    .requiredOption('--conversation <id>', 'the conversation')
    .requiredOption('--statement <id>', 'the statement')
    .requiredOption('--reason <text>', 'why, for everyone to read')
    .action(
      withContext(
        async (ctx, opts: { conversation: string; statement: string; reason: string }) => {
          const { state } = await openConversationOf(ctx, opts.conversation)
          const id = await ctx.act(state.space, 'conversation.statement-rejected', {
            conversation: opts.conversation,
            statement: opts.statement,
            reason: opts.reason,
          })
          ctx.print({ event: id }, () => `statement ${opts.statement} rejected (${id})`)
        },
      ),
    )
  opinions
    .command('vote')
    .description('agree, disagree or pass on an accepted statement; a later vote replaces it')
    .requiredOption('--conversation <id>', 'the conversation')
    .requiredOption('--statement <id>', 'the statement')
    .requiredOption('--vote <vote>', 'agree, disagree or pass')
    .action(
      withContext(async (ctx, opts: { conversation: string; statement: string; vote: string }) => {
        const vote = parseVote(opts.vote)
        const { state } = await openConversationOf(ctx, opts.conversation)
        const id = await ctx.act(state.space, 'conversation.voted', {
          conversation: opts.conversation,
          statement: opts.statement,
          vote,
        })
        ctx.print({ event: id, vote }, () => `${opts.vote} recorded (${id})`)
      }),
    )
  opinions
    .command('close')
    .description('close a conversation (facilitators); nothing changes it after')
    .requiredOption('--conversation <id>', 'the conversation')
    .action(
      withContext(async (ctx, opts: { conversation: string }) => {
        const { state, record } = await openConversationOf(ctx, opts.conversation)
        // The close states what this data folder held: what lies beyond it counts nowhere.
        const id = await ctx.act(state.space, 'conversation.closed.2', {
          conversation: opts.conversation,
          seen: conversationCloseView(state, record),
        })
        ctx.print({ event: id }, () => `conversation closed (${id})`)
      }),
    )
  opinions
    .command('show')
    .description('a conversation: its statements, their status and votes, and its opinion map')
    .requiredOption('--conversation <id>', 'the conversation')
    .action(
      withContext(async (ctx, opts: { conversation: string }) => {
        const { state, record } = await conversationOf(ctx, opts.conversation)
        const view = describeConversations(new Map([[record.id, record]]))[record.id]!
        const map = conversationOpinionMap(record)
        ctx.print(
          {
            conversation: record.id,
            space: state.space,
            ...view,
            map: map.ok ? map.report : { code: map.code, message: map.message },
          },
          () => formatConversation(record, view, map),
        )
      }),
    )
  opinions
    .command('import')
    .description(
      'bring a Pol.is export into a space, signed by you (a facilitator); prints the conversation id',
    )
    .argument('<path>', 'the export folder (openData CSV or red-dwarf JSON)')
    .requiredOption('--space <id>', 'the space id')
    .option('--question <text>', "the question (default: the export's topic, or its folder name)")
    .action(
      withContext(async (ctx, path: string, opts: { space: string; question?: string }) => {
        const state = await ctx.space(opts.space)
        const conversation = readPolisFolder(path)
        const digest = createHash('sha256')
        for (const file of polisFolderFiles(path)) digest.update(readFileSync(join(path, file)))
        const name = basename(resolve(path)).slice(0, 200)
        const me = await ctx.identity()
        const author = new EventAuthor(me.signer)
        author.follow(state.space, state.heads.get(me.publicKey) ?? null)
        const now = Date.now()
        const opened = await author.next(
          state.space,
          'conversation.opened',
          {
            question: opts.question ?? topicOf(path) ?? `Pol.is conversation ${name}`,
            source: { kind: 'polis', name, digest: digest.digest('hex') },
          },
          now,
        )
        const events: SignedEvent[] = [opened]
        const id = computeEventId(opened)
        const bodies = importBodies(conversation, id)
        for (const body of bodies.statements)
          events.push(await author.next(state.space, 'conversation.statements-imported', body, now))
        for (const body of bodies.votes)
          events.push(await author.next(state.space, 'conversation.votes-imported', body, now))
        const report = await (await ctx.ledger()).submit(events)
        const refused = report.outcomes.find((o) => o.status === 'rejected')
        if (refused !== undefined && refused.status === 'rejected')
          throw new CliError(`rejected: ${refused.code}: ${refused.message}`)
        const statements = conversation.input.statements.length
        ctx.print(
          {
            conversation: id,
            statements,
            participants: conversation.input.votes.participants.length,
            votes: bodies.voteCount,
            events: events.length,
          },
          () => id,
        )
      }),
    )
  opinions
    .command('export')
    .description('write a conversation as a Pol.is openData export (comments.csv, votes.csv, …)')
    .requiredOption('--conversation <id>', 'the conversation')
    .requiredOption('--out <folder>', 'the folder to write (made if missing)')
    .action(
      withContext(async (ctx, opts: { conversation: string; out: string }) => {
        const { record } = await conversationOf(ctx, opts.conversation)
        const times = new Map<string, number>()
        for (const s of record.statements.values()) {
          if (!times.has(s.event)) times.set(s.event, (await ctx.event(s.event, 'statement')).at)
        }
        const map = conversationOpinionMap(record)
        const files = openDataFiles(record, times, map.ok ? map.report : null)
        mkdirSync(opts.out, { recursive: true })
        for (const [file, text] of Object.entries(files))
          writePrivateFile(join(opts.out, file), text)
        ctx.print({ folder: resolve(opts.out), files: Object.keys(files) }, () =>
          Object.keys(files)
            .map((f) => join(opts.out, f))
            .join('\n'),
        )
      }),
    )
}

/** The `topic` line of an openData summary.csv, if the folder has one. */
function topicOf(folder: string): string | undefined {
  try {
    const line = readFileSync(join(folder, 'summary.csv'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('topic,'))
    const topic = line?.slice('topic,'.length).trim().replace(/^"|"$/g, '')
    return topic === undefined || topic === '' ? undefined : topic.slice(0, 1000)
  } catch {
    return undefined
  }
}

function formatConversation(
  record: ConversationRecord,
  view: ReturnType<typeof describeConversations>[string],
  map: OpinionsOutcome<OpinionMap>,
): string {
  const lines = [
    record.question,
    `${view.status}; ${record.statements.size} statements, ${view.participants} participants${record.source === null ? '' : ` (imported from Pol.is: ${record.source.name})`}`,
    '',
  ]
  for (const [id, s] of Object.entries(view.statements)) {
    const counts = `+${s.agree} -${s.disagree} =${s.pass}`
    lines.push(`${s.status.padEnd(9)} ${counts.padEnd(16)} ${id}  ${s.text.replace(/\s+/g, ' ')}`)
    if (s.reason !== null) lines.push(`          reason: ${s.reason}`)
  }
  lines.push('')
  if (!map.ok) lines.push(`no opinion map yet: ${map.message} (${map.code})`)
  else {
    const texts = new Map([...record.statements.values()].map((s) => [s.id, s.text]))
    lines.push(formatOpinionMap({ texts }, map.report).trimEnd())
  }
  return lines.join('\n')
}
