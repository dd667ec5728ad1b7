// What a newcomer meets on a first walk through the README's tour and docs/cli.md, with real
// processes of the built `veche` on real data folders: an empty folder says how to begin, a
// mistyped command line names the help to read, a majority poll needs no options to ask yes or no,
// delegates and candidates are named rather than shown as bare keys (and a council's `show` lists
// its delegates, the voters), a statement's Markdown says its title once and whether each
// translation was reviewed, and a reader that stops early (`| head`) ends the command quietly.
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { vecheIn } from './test-support/cli-processes.js'

const BIN = fileURLToPath(new URL('../bin/veche.js', import.meta.url))

const root = mkdtempSync(join(tmpdir(), 'veche-new-user-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const { veche, ok } = vecheIn(root)

interface Demo {
  readonly space: string
  readonly statement: string
  readonly council: string
}

const demoData = join(root, 'demo')
let demo: Demo

beforeAll(() => {
  demo = JSON.parse(ok(demoData, '--json', 'demo')) as Demo
})

test('id list: an empty data folder says it holds no identity, and the command that makes one', () => {
  const data = join(root, 'empty')
  const run = veche(data, 'id', 'list')
  expect(run.code).toBe(0)
  expect(run.out).toBe(`no identity in ${data} yet; make one with \`veche id new NAME\``)
  expect(JSON.parse(ok(data, '--json', 'id', 'list'))).toEqual([])
  // Acting as a name the folder does not hold (often: the --data was left out) says the same.
  const acting = veche(data, '--as', 'aigerim', 'assembly', 'create', '--name', 'Hall')
  expect(acting.code).toBe(1)
  expect(acting.err).toBe(
    `veche: no identity "aigerim" in ${data}, which holds none: make it with \`veche id new aigerim\`, or name the folder that holds it with --data DIR`,
  )
})

test('a refused command line: one `veche:` line that names the --help to run', () => {
  const data = join(root, 'empty')
  const cases: readonly (readonly [readonly string[], string])[] = [
    [
      ['shw'],
      "veche: unknown command 'shw' (Did you mean show?); run `veche --help` to see every command",
    ],
    [
      ['poll', 'opne'],
      "veche: unknown command 'opne' (Did you mean open?); run `veche poll --help` to see its commands",
    ],
    [
      ['poll', 'open', '--question', 'Q'],
      "veche: required option '--space <id>' not specified; run `veche poll open --help` to see what it takes",
    ],
    [
      ['id', 'new'],
      "veche: missing required argument 'name'; run `veche id new --help` to see what it takes",
    ],
    [
      ['show', '--space', 'x', '--spcae', 'y'],
      "veche: unknown option '--spcae' (Did you mean --space?); run `veche show --help` to see what it takes",
    ],
    [
      ['--jsno', 'show'],
      "veche: unknown option '--jsno' (Did you mean --json?); run `veche --help` to see every command and the global options",
    ],
  ]
  for (const [args, line] of cases) {
    const run = veche(data, ...args)
    expect(run.code, args.join(' ')).toBe(1)
    expect(run.err, args.join(' ')).toBe(line)
    expect(run.out).toBe('')
  }
})

test('poll open: a majority poll opened with no --options asks yes or no', () => {
  const data = join(root, 'hall')
  ok(data, 'id', 'new', 'aigerim')
  const space = ok(data, 'assembly', 'create', '--name', "Workers' assembly")
  const poll = ok(data, 'poll', 'open', '--space', space, '--question', 'Strike on Monday?')
  const shown = JSON.parse(ok(data, '--json', 'show', '--space', space)) as {
    polls: Record<string, { method: string; options: string[] }>
  }
  expect(shown.polls[poll]).toMatchObject({ method: 'majority', options: ['yes', 'no'] })
  ok(data, 'vote', '--poll', poll, '--choice', 'yes')
  expect(ok(data, 'poll', 'close', '--poll', poll)).toContain('result: adopted — "yes"')
  // Other methods need their options, and the refusal says how to give them.
  const irv = veche(data, 'poll', 'open', '--space', space, '--question', 'Who?', '--method', 'irv')
  expect(irv.code).toBe(1)
  expect(irv.err).toContain('poll.bad-options: an irv poll needs at least two options')
  expect(irv.err).toContain('give the choices with --options, e.g. --options A,B,C')
})

test('a secret ballot: bundle export counts it in words that read, show gives the phase once', () => {
  const data = join(root, 'secret')
  ok(data, 'id', 'new', 'aigerim')
  const space = ok(data, 'assembly', 'create', '--name', 'Hall')
  const poll = ok(data, 'poll', 'open', '--space', space, '--secret', '--question', 'Strike?')
  ok(data, 'vote', '--poll', poll, '--choice', 'yes')
  expect(ok(data, 'bundle', 'export', '--out', join(root, 'secret.bundle'))).toMatch(
    /; 1 of them held secret ballot\(s\)$/,
  )
  // Once counted, `show` gives the phase on the poll's line, and not again below it.
  ok(data, 'poll', 'close', '--poll', poll)
  const shown = ok(data, 'show', '--space', space)
  expect(shown).toContain(`${poll}  "Strike?" (majority) secret vote, counted: 1 asked for`)
  expect(shown).toContain('\n    1 ballot(s) sealed and counted\n')
  expect(shown).not.toContain('    counted: ')
})

test('a space the folder does not hold: where else to look, and how to bring it', () => {
  const data = join(root, 'secret')
  const space = 'AAAAAAAAAAAAAAAAAAAAAA'
  const run = veche(data, 'show', '--space', space)
  expect(run.code).toBe(1)
  expect(run.err).toBe(
    `veche: no space ${space} in ${data}: name the folder that holds it with --data DIR, or bring it here with \`veche sync URL --space ${space}\` or \`veche import FILE\``,
  )
})

test('an event file given to bundle import, or a bundle to import: each names the other command', () => {
  const data = join(root, 'carry')
  ok(data, 'id', 'new', 'aigerim')
  const space = ok(data, 'assembly', 'create', '--name', 'Hall')
  const events = join(root, 'hall.veche')
  const bundle = join(root, 'hall.bundle')
  ok(data, 'export', '--space', space, '--out', events)
  ok(data, 'bundle', 'export', '--out', bundle)
  const elsewhere = join(root, 'elsewhere')
  expect(veche(elsewhere, 'bundle', 'import', events).err).toBe(
    `veche: ${events}: an event file, not a bundle: import it with \`veche import FILE\`; nothing was imported`,
  )
  expect(veche(elsewhere, 'import', bundle).err).toBe(
    `veche: ${bundle}: a bundle, not an event file: import it with \`veche bundle import FILE\`; nothing was imported`,
  )
  // And an id that is not one says which it should have been, in words that read.
  expect(veche(data, 'vote', '--poll', 'nope', '--choice', 'yes').err).toBe(
    'veche: "nope" is not a poll id (43 characters)',
  )
})

test('council show and an election result name the delegates and candidates, keys shortened', () => {
  const keys = Object.fromEntries(
    (JSON.parse(ok(demoData, '--json', 'id', 'list')) as { name: string; publicKey: string }[]).map(
      (i) => [i.name, i.publicKey],
    ),
  )
  const bolat = `Bolat (${keys.bolat!.slice(0, 8)}…)`
  const dana = `Dana (${keys.dana!.slice(0, 8)}…)`
  const council = ok(demoData, 'council', 'show', '--council', demo.council)
  expect(council).toContain(
    `  Riverside neighbourhood assembly (space ${demo.space}) member, 1 seat(s): ${bolat}; alternates: ${dana}`,
  )
  expect(council).toContain(`seated delegates (the voters): 1: ${bolat}`)
  expect(council).not.toContain(keys.bolat!)
  const shown = ok(demoData, 'show', '--space', demo.space)
  expect(shown).toContain(`result: adopted — ${bolat}\n      ${bolat} 3, ${dana} 0, abstain 0`)
  // --json keeps the keys whole.
  const json = JSON.parse(ok(demoData, '--json', 'council', 'show', '--council', demo.council)) as {
    seated: string[]
  }
  expect(json.seated).toEqual([keys.bolat])
})

test('show on a council lists its seated delegates, the voters, with the space each sits for', () => {
  const keys = Object.fromEntries(
    (JSON.parse(ok(demoData, '--json', 'id', 'list')) as { name: string; publicKey: string }[]).map(
      (i) => [i.name, i.publicKey],
    ),
  )
  const bolat = `Bolat (${keys.bolat!.slice(0, 8)}…)`
  const shown = ok(demoData, 'show', '--space', demo.council)
  // Its only member is the convenor; the delegates who vote there are named apart.
  expect(shown).toContain(
    `Seated delegates, the voters (1):\n  ${bolat} for Riverside neighbourhood assembly (space ${demo.space})\n`,
  )
  expect(shown).not.toContain(keys.bolat!)
  // An assembly has no such list.
  expect(ok(demoData, 'show', '--space', demo.space)).not.toContain('Seated delegates')
  const json = JSON.parse(ok(demoData, '--json', 'show', '--space', demo.council)) as {
    seated: unknown
  }
  expect(json.seated).toEqual([{ key: keys.bolat, space: demo.space }])
})

test('statement export as Markdown: the title once, and each translation says it was reviewed', () => {
  const out = join(root, 'statement.md')
  ok(demoData, 'statement', 'export', '--statement', demo.statement, '--format', 'md', '--out', out)
  const markdown = readFileSync(out, 'utf8')
  expect(markdown.split('Clean water for every yard').length - 1).toBe(1)
  expect(markdown).toMatch(
    /^# Clean water for every yard\n\nAdopted by .*\n\n\*en \(original\)\*\n/,
  )
  expect(markdown).toContain('## Чистая вода в каждый двор\n\n*ru (translation, reviewed)*\n')
})

test('a reader that stops early (`veche log | head`): the command ends quietly, no stack trace', async () => {
  const child = spawn(process.execPath, [BIN, '--data', demoData, 'log', '--space', demo.space], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // The reader goes before the command prints a line.
  child.stdout.destroy()
  let err = ''
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  expect(err).toBe('')
  expect(code).toBe(0)
})
