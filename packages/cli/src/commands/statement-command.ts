// `veche statement draft|amend|translate|poll|adopt|revise|cosign|show|export` and
// `veche verify-statement FILE`. Documents and translations come from JSON files checked against
// the event body schemas, so a bad file gets the same clear message a hub would give. `poll`
// opens the only kind of poll that can adopt (or co-sign) a statement: a `poll.opened.3` whose
// subject names the statement at its current revision (or co-signing it, in the other space).
import { readFileSync } from 'node:fs'
import { writePrivateFile } from '@veche/store'
import { Command, Option } from '../commander.js'
import {
  currentRevision,
  describeStatements,
  formatStatementProof,
  hashStatementDocument,
  STATEMENT_BODY_SCHEMAS,
  TRANSLATION_STATUSES,
  verifyStatementProof,
} from '@veche/core'
import type { EventId, PollSubject, SpaceId, SpaceState } from '@veche/core'
import type { z } from 'zod'
import { CliError } from '../cli-error.js'
import type { Context } from '../context.js'
import { withContext } from '../run-command.js'
import { openSubjectPoll } from './poll-command.js'
import { collectStatement, statementMarkdown } from '../statement-export.js'

const draftFile = STATEMENT_BODY_SCHEMAS['statement.drafted']
const translationFile = STATEMENT_BODY_SCHEMAS['statement.translated'].omit({
  statement: true,
  status: true,
})

function readJsonFile<S extends z.ZodType>(path: string, schema: S, what: string): z.input<S> {
  let input: unknown
  try {
    input = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw new CliError(`cannot read ${what} ${path}: ${(error as Error).message}`, { cause: error })
  }
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new CliError(`${path} is not ${what}: ${issue?.path.join('.') ?? ''}: ${issue?.message}`)
  }
  return input as z.input<S>
}

/** The space holding statement `id`, and its state. */
async function statementSpace(ctx: Context, id: string): Promise<SpaceState> {
  const event = await ctx.event(id, 'statement')
  if (event.type !== 'statement.drafted' && event.type !== 'statement.revised')
    throw new CliError(`${id} is a ${event.type} event, not a statement`)
  return ctx.space(event.space)
}

/**
 * Refuses, before anything is signed, a decision by a poll of `state` on `statement` that is still
 * open: the rules would refuse it (`statement.decision-not-adopted`: "not closed yet") without
 * saying what to run.
 */
function refuseOpenPoll(state: SpaceState, statement: string, poll: string): void {
  const record = state.polls.get(poll as EventId)
  const subject = record?.subject
  if (record?.status !== 'open' || subject == null) return
  if (subject.kind !== 'statement' && subject.kind !== 'cosign') return
  if (subject.statement !== statement) return
  throw new CliError(
    `poll ${poll} is still open: once it is voted on, close it (\`veche poll close --poll ${poll}\`), then run this again`,
  )
}

function parseNumber(text: string): number {
  const n = Number(text)
  if (!Number.isSafeInteger(n) || n < 1)
    throw new CliError(`--paragraph must be 1 or more, not "${text}"`)
  return n
}

export function statementCommand(): Command {
  const statement = new Command('statement').description(
    'statements and resolutions: draft, amend, adopt, translate, co-sign, export',
  )
  statement
    .command('draft')
    .description('draft a statement from a JSON file; prints the statement id')
    .requiredOption('--space <id>', 'the space id')
    .requiredOption(
      '--file <path>',
      'JSON: {language, title, lead[], paragraphs[], closing[], references[{title,url}], notes}',
    )
    .action(
      withContext(async (ctx, opts: { space: string; file: string }) => {
        await ctx.space(opts.space)
        const body = readJsonFile(opts.file, draftFile, 'a statement')
        const id = await ctx.act(opts.space as SpaceId, 'statement.drafted', body)
        ctx.print({ statement: id }, () => id)
      }),
    )
  statement
    .command('revise')
    .description('a new version of an adopted statement, from a JSON file; prints its id')
    .requiredOption('--statement <id>', 'the adopted statement')
    .requiredOption('--file <path>', 'JSON, as for draft')
    .action(
      withContext(async (ctx, opts: { statement: string; file: string }) => {
        const state = await statementSpace(ctx, opts.statement)
        const body = readJsonFile(opts.file, draftFile, 'a statement')
        const id = await ctx.act(state.space, 'statement.revised', {
          previous: opts.statement,
          ...body,
        })
        ctx.print({ statement: id, previous: opts.statement }, () => id)
      }),
    )
  statement
    .command('amend')
    .description('replace paragraph N (or add one at the end) of a draft')
    .requiredOption('--statement <id>', 'the statement')
    .requiredOption('--paragraph <n>', 'the paragraph number, from 1')
    .requiredOption('--text <text>', 'the new text of the paragraph')
    .option('--note <text>', 'why', '')
    .action(
      withContext(
        async (ctx, opts: { statement: string; paragraph: string; text: string; note: string }) => {
          const state = await statementSpace(ctx, opts.statement)
          const number = parseNumber(opts.paragraph)
          const id = await ctx.act(state.space, 'statement.paragraph-amended', {
            statement: opts.statement,
            number,
            text: opts.text,
            note: opts.note,
          })
          ctx.print({ event: id, paragraph: number }, () => `paragraph ${number} amended (${id})`)
        },
      ),
    )
  statement
    .command('translate')
    .description('record your translation, aligned with the original paragraphs')
    .requiredOption('--statement <id>', 'the statement')
    .requiredOption('--file <path>', 'JSON: {language, title, lead[], paragraphs[], closing[]}')
    .addOption(
      new Option('--status <status>', 'draft or reviewed')
        .choices(TRANSLATION_STATUSES)
        .default('draft'),
    )
    .action(
      withContext(
        async (
          ctx,
          opts: { statement: string; file: string; status: (typeof TRANSLATION_STATUSES)[number] },
        ) => {
          const state = await statementSpace(ctx, opts.statement)
          const body = readJsonFile(opts.file, translationFile, 'a translation')
          const id = await ctx.act(state.space, 'statement.translated', {
            ...body,
            statement: opts.statement,
            status: opts.status,
          })
          ctx.print(
            { event: id, language: body.language },
            () => `${body.language} translation recorded (${id})`,
          )
        },
      ),
    )
  statement
    .command('poll')
    .description(
      'open a poll on the current text of a draft (facilitators), or with --by a poll of your ' +
        'space on co-signing an adopted statement; prints the poll id',
    )
    .requiredOption('--statement <id>', 'the statement')
    .option('--by <space>', 'the co-signing space (you are its facilitator)')
    .addOption(
      new Option('--method <method>', 'majority (the first option adopts) or consent').choices([
        'majority',
        'consent',
      ]),
    )
    .option('--options <list>', 'majority: comma-separated options, the first adopts', 'yes,no')
    .option('--question <text>', 'the question (default: names the statement)')
    .option('--threshold <fraction>', 'share needed, e.g. 2/3 (majority: more than this)')
    .action(
      withContext(
        async (
          ctx,
          opts: {
            statement: string
            by?: string
            method?: 'majority' | 'consent'
            options: string
            question?: string
            threshold?: string
          },
        ) => {
          const home = await statementSpace(ctx, opts.statement)
          const record = home.statements.documents.get(opts.statement as EventId)
          if (record === undefined)
            throw new CliError(`statement ${opts.statement} is not in the state`)
          const state = opts.by === undefined ? home : await ctx.space(opts.by)
          const subject: PollSubject =
            opts.by === undefined
              ? { kind: 'statement', statement: record.id, revision: currentRevision(record) }
              : { kind: 'cosign', space: home.space, statement: record.id }
          const method =
            opts.method ??
            (state.council === null ? state.assembly!.rules.defaultMethod : 'majority')
          await openSubjectPoll(ctx, state.space, {
            question:
              opts.question ??
              (subject.kind === 'statement'
                ? `Adopt the statement "${record.title}"?`
                : `Co-sign the statement "${record.title}"?`),
            subject,
            method,
            options: opts.options,
            threshold: opts.threshold,
          })
        },
      ),
    )
  statement
    .command('adopt')
    .description('record adoption by a closed poll on its current text (facilitators)')
    .requiredOption('--statement <id>', 'the statement')
    .requiredOption('--poll <id>', 'the closed poll on it (statement poll) that adopted it')
    .action(
      withContext(async (ctx, opts: { statement: string; poll: string }) => {
        const state = await statementSpace(ctx, opts.statement)
        refuseOpenPoll(state, opts.statement, opts.poll)
        const id = await ctx.act(state.space, 'statement.adopted', {
          statement: opts.statement,
          poll: opts.poll,
        })
        ctx.print({ event: id, statement: opts.statement }, () => `adopted (${id})`)
      }),
    )
  statement
    .command('cosign')
    .description(
      "co-sign another space's statement: record your space's decision (--by, --poll) and list " +
        "it in the statement's space; --decision lists a decision recorded before",
    )
    .requiredOption('--statement <id>', 'the adopted statement')
    .option('--by <space>', 'the co-signing space (you are its facilitator)')
    .option(
      '--poll <id>',
      "the co-signing space's closed poll on co-signing it (statement poll --by)",
    )
    .option('--decision <id>', "the co-signing space's statement.cosign-decided event")
    .action(
      withContext(
        async (ctx, opts: { statement: string; by?: string; poll?: string; decision?: string }) => {
          const state = await statementSpace(ctx, opts.statement)
          let decision = opts.decision
          let by = opts.by
          if (decision === undefined) {
            if (by === undefined || opts.poll === undefined)
              throw new CliError('give --by SPACE and --poll POLL, or --decision EVENT')
            refuseOpenPoll(await ctx.space(by), opts.statement, opts.poll)
            decision = await ctx.act(by as SpaceId, 'statement.cosign-decided', {
              space: state.space,
              statement: opts.statement,
              poll: opts.poll,
            })
          } else {
            by ??= (await ctx.event(decision, 'decision')).space
          }
          const id = await ctx.act(state.space, 'statement.cosigned', {
            statement: opts.statement,
            space: by,
            decision,
          })
          ctx.print({ decision, cosigned: id }, () => `co-signed by ${by} (${id})`)
        },
      ),
    )
  statement
    .command('show')
    .description('a statement: text, versions, translations, co-signers')
    .requiredOption('--statement <id>', 'the statement')
    .action(
      withContext(async (ctx, opts: { statement: string }) => {
        const state = await statementSpace(ctx, opts.statement)
        const view = describeStatements(state.statements).documents[opts.statement]
        if (view === undefined)
          throw new CliError(`statement ${opts.statement} is not in the state`)
        ctx.print({ statement: opts.statement, ...view }, () =>
          [
            `${view.title} (${view.language}, version ${view.version}, ${view.status})`,
            ...view.lead,
            ...view.paragraphs.map((p, i) => `${i + 1}. ${p}`),
            ...view.closing,
            `translations: ${
              Object.entries(view.translations)
                .map(([l, t]) => `${l} ${t.status}${t.outdated.length > 0 ? ' (outdated)' : ''}`)
                .join(', ') || 'none'
            }`,
            `co-signers: ${Object.keys(view.cosigners).join(', ') || 'none'}`,
          ].join('\n'),
        )
      }),
    )
  statement
    .command('export')
    .description('an adopted statement as a proof file (json), Markdown or PDF')
    .requiredOption('--statement <id>', 'the adopted statement')
    .addOption(
      new Option('--format <format>', 'json: the proof file for verify-statement')
        .choices(['json', 'md', 'pdf'])
        .default('json'),
    )
    .requiredOption('--out <file>', 'where to write it')
    .action(
      withContext(async (ctx, opts: { statement: string; format: string; out: string }) => {
        const state = await statementSpace(ctx, opts.statement)
        const { document, logs } = await collectStatement(
          await ctx.ledger(),
          state.space,
          opts.statement as EventId,
        )
        const hash = hashStatementDocument(document)
        if (opts.format === 'json') writePrivateFile(opts.out, formatStatementProof(document, logs))
        else if (opts.format === 'md') writePrivateFile(opts.out, statementMarkdown(document, hash))
        else {
          // pdfkit and its fonts load only for a PDF (they would slow every other command).
          const { statementPdf } = await import('../statement-pdf.js')
          const adopted = await ctx.event(document.adopted.event, 'adoption')
          writePrivateFile(opts.out, await statementPdf(document, hash, new Date(adopted.at)))
        }
        ctx.print(
          { file: opts.out, format: opts.format, hash },
          () => `${opts.out}: content hash ${hash}`,
        )
      }),
    )
  return statement
}

export function verifyStatementCommand(): Command {
  return new Command('verify-statement')
    .description('check a statement proof file offline: every signature, the replay and the hash')
    .argument('<file>', 'the proof file (veche statement export --format json)')
    .action(
      withContext(async (ctx, file: string) => {
        let text: string
        try {
          text = readFileSync(file, 'utf8')
        } catch (error) {
          throw new CliError(`cannot read ${file}: ${(error as Error).message}`, { cause: error })
        }
        const checked = await verifyStatementProof(text, ctx.verifier())
        if (!checked.ok) {
          ctx.print({ ok: false, reason: checked.reason }, () => `INVALID: ${checked.reason}`)
          process.exitCode = 1
          return
        }
        const { document, hash, events } = checked.value
        ctx.print(
          {
            ok: true,
            hash,
            statement: document.statement,
            space: document.space,
            languages: [
              document.original.language,
              ...document.translations.map((t) => t.language),
            ],
            cosigners: document.cosigners.map((c) => c.space),
            events,
          },
          () =>
            `valid: "${document.original.title}" adopted by ${document.spaceName}; ` +
            `content hash ${hash}; ${events} signatures checked`,
        )
      }),
    )
}
