// Statements end to end with real processes: the built `veche` command drafts, amends, adopts,
// translates (Korean, Russian, Kazakh, English), co-signs and exports a resolution; the proof file
// is checked offline and refused after one changed byte; the PDF's text is extracted with
// pdftotext; a real hub serves the public page (read in Debian's chromium with JavaScript off, a
// screenshot kept in artifacts/) and the Atom feed (parsed as XML, checked for RFC 4287's
// required elements).
import { spawn, spawnSync } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { AMENDED_THREE, ORIGINAL, TRANSLATIONS } from './test-support/statement-texts.js'

const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
const BIN = join(ROOT, 'packages/cli/bin/veche.js')
const ARTIFACTS = join(ROOT, 'artifacts')
const CHROMIUM = '/usr/bin/chromium'
const WAIT = 20_000

const root = mkdtempSync(join(tmpdir(), 'veche-statement-'))
const data = join(root, 'data')
let hub: ChildProcess | null = null
let browser: Browser | null = null

afterAll(async () => {
  await browser?.close()
  hub?.kill('SIGKILL')
  rmSync(root, { recursive: true, force: true })
})

interface Run {
  readonly code: number
  readonly out: string
  readonly err: string
}

function veche(...args: string[]): Run {
  const run = spawnSync(process.execPath, [BIN, '--data', data, ...args], {
    encoding: 'utf8',
    cwd: root,
    timeout: WAIT,
  })
  return { code: run.status ?? -1, out: run.stdout.trim(), err: run.stderr.trim() }
}

function ok(...args: string[]): string {
  const run = veche(...args)
  expect(run.err, `veche ${args.join(' ')}`).toBe('')
  expect(run.code).toBe(0)
  return run.out
}

function json<T>(...args: string[]): T {
  return JSON.parse(ok('--json', ...args)) as T
}

function file(name: string, value: unknown): string {
  const path = join(root, name)
  writeFileSync(path, JSON.stringify(value))
  return path
}

/** Has every name vote "yes" (the first option) in `poll` and closes it; returns the poll. */
function decide(poll: string, facilitator: string, voters: string[]): string {
  for (const voter of voters) ok('--as', voter, 'vote', '--poll', poll, '--choice', 'yes')
  ok('--as', facilitator, 'poll', 'close', '--poll', poll)
  return poll
}

/** Opens the poll on `statement`'s current text (or, with `by`, on co-signing it there). */
function statementPoll(facilitator: string, statement: string, by?: string): string {
  const opened = json<{ poll: string; subject: { kind: string; statement: string } }>(
    '--as',
    facilitator,
    'statement',
    'poll',
    '--statement',
    statement,
    ...(by === undefined ? [] : ['--by', by]),
  )
  expect(opened.subject).toMatchObject({
    kind: by === undefined ? 'statement' : 'cosign',
    statement,
  })
  return opened.poll
}

/** What `veche statement adopt` says to `poll`: its error, or "" when it adopted. */
function adoptWith(poll: string): string {
  return veche('--as', 'aigerim', 'statement', 'adopt', '--statement', statement, '--poll', poll)
    .err
}

type StatementView = {
  status: string
  paragraphs: string[]
  lead: string[]
  closing: string[]
  references: { title: string; url: string }[]
  translations: Record<string, { status: string; outdated: number[] }>
  cosigners: Record<string, unknown>
}

let space = ''
let seoul = ''
let statement = ''
let beforeCosign: StatementView
let proof = ''
let hidden = ''
/** What `statement adopt` and `statement cosign` said to polls that did not decide the statement. */
const refused: Record<string, string> = {}

beforeAll(() => {
  const keys = ['aigerim', 'bolat', 'seoyeon'].map((name) => ok('id', 'new', name))
  space = ok(
    '--as',
    'aigerim',
    'assembly',
    'create',
    '--name',
    'Алматы жұмысшылар жиналысы',
    '--languages',
    'uk,ko,ru,kk,en',
  )
  ok('--as', 'aigerim', 'admit', '--space', space, '--key', keys[1]!, '--name', 'Bolat')
  statement = ok(
    '--as',
    'bolat',
    'statement',
    'draft',
    '--space',
    space,
    '--file',
    file('draft.json', ORIGINAL),
  )
  const kk = TRANSLATIONS.find((t) => t.language === 'kk')!
  ok(
    '--as',
    'bolat',
    'statement',
    'translate',
    '--statement',
    statement,
    '--file',
    file('kk.json', kk),
  )
  // Opened before the amendment, this poll decides the text before it.
  const early = statementPoll('aigerim', statement)
  ok(
    '--as',
    'bolat',
    'statement',
    'amend',
    '--statement',
    statement,
    '--paragraph',
    '3',
    '--text',
    AMENDED_THREE,
    '--note',
    'a paid break',
  )
  refused['older text'] = adoptWith(decide(early, 'aigerim', ['aigerim', 'bolat']))
  const kettle = ok(
    ...['--as', 'aigerim', 'poll', 'open', '--space', space],
    ...['--question', 'Buy a kettle?', '--method', 'majority', '--options', 'yes,no'],
  )
  refused['unrelated'] = adoptWith(decide(kettle, 'aigerim', ['aigerim', 'bolat']))
  const other = ok(
    ...['--as', 'bolat', 'statement', 'draft', '--space', space],
    ...['--file', file('other.json', { ...ORIGINAL, title: 'Інша заява' })],
  )
  const onOther = statementPoll('aigerim', other)
  refused['other statement'] = adoptWith(decide(onOther, 'aigerim', ['aigerim', 'bolat']))
  refused['other statement id'] = other
  const poll = decide(statementPoll('aigerim', statement), 'aigerim', ['aigerim', 'bolat'])
  expect(adoptWith(poll)).toBe('')
  const translate = (t: (typeof TRANSLATIONS)[number]) =>
    ok(
      '--as',
      'bolat',
      'statement',
      'translate',
      '--statement',
      statement,
      '--file',
      file(`${t.language}.json`, t),
      '--status',
      'reviewed',
    )
  for (const t of TRANSLATIONS) if (t !== kk) translate(t)
  beforeCosign = json<StatementView>('statement', 'show', '--statement', statement)
  // The Kazakh draft was made before paragraph 3 changed; a reviewed one replaces it.
  translate(kk)

  seoul = ok(
    '--as',
    'seoyeon',
    'assembly',
    'create',
    '--name',
    '서울 노동자 총회',
    '--languages',
    'ko',
  )
  const unrelated = ok(
    ...['--as', 'seoyeon', 'poll', 'open', '--space', seoul],
    ...['--question', 'Buy a kettle?', '--method', 'majority', '--options', 'yes,no'],
  )
  decide(unrelated, 'seoyeon', ['seoyeon'])
  refused['unrelated co-signing'] = veche(
    ...['--as', 'seoyeon', 'statement', 'cosign', '--statement', statement],
    ...['--by', seoul, '--poll', unrelated],
  ).err
  const theirs = decide(statementPoll('seoyeon', statement, seoul), 'seoyeon', ['seoyeon'])
  // Seoyeon, a facilitator of the Seoul assembly and no member of the statement's, co-signs.
  const decided = json<{ decision: string; cosigned: string }>(
    '--as',
    'seoyeon',
    'statement',
    'cosign',
    '--statement',
    statement,
    '--by',
    seoul,
    '--poll',
    theirs,
  )
  expect(decided.cosigned).toMatch(/^[A-Za-z0-9_-]{43}$/)
  const again = veche(
    '--as',
    'aigerim',
    'statement',
    'cosign',
    '--statement',
    statement,
    '--decision',
    decided.decision,
  )
  expect(again.err).toContain('statement.already-cosigned')
  proof = join(root, 'statement.json')
  ok('statement', 'export', '--statement', statement, '--format', 'json', '--out', proof)
  hidden = ok(
    '--as',
    'seoyeon',
    'assembly',
    'create',
    '--name',
    'Closed shop',
    '--visibility',
    'private',
  )
}, 120_000)

test('statement: only a poll opened on the statement at its current text adopts it', () => {
  expect(refused['older text']).toContain('statement.poll-before-change')
  expect(refused['unrelated']).toContain('statement.wrong-poll')
  expect(refused['unrelated']).toContain('a plain question that names no subject')
  expect(refused['unrelated']).toContain('`veche statement poll`, then vote and close that poll')
  expect(refused['other statement']).toContain('statement.wrong-poll')
  expect(refused['other statement']).toContain(
    `was about statement ${refused['other statement id']}`,
  )
  expect(refused['unrelated co-signing']).toContain('statement.wrong-poll')
})

test('statement: amended by paragraph, adopted, frozen, translated into four languages, co-signed', () => {
  expect(beforeCosign.status).toBe('adopted')
  expect(beforeCosign.paragraphs).toHaveLength(8)
  expect(beforeCosign.paragraphs[2]).toBe(AMENDED_THREE)
  expect(beforeCosign.lead).toHaveLength(2)
  expect(beforeCosign.closing).toHaveLength(2)
  expect(beforeCosign.references).toHaveLength(2)
  expect(Object.keys(beforeCosign.translations).sort()).toEqual(['en', 'kk', 'ko', 'ru'])
  // The Kazakh draft, made before paragraph 3 was amended, shows as outdated there …
  expect(beforeCosign.translations['kk']).toMatchObject({ status: 'draft', outdated: [3] })
  expect(beforeCosign.translations['ko']).toMatchObject({ status: 'reviewed', outdated: [] })
  const frozen = veche(
    '--as',
    'bolat',
    'statement',
    'amend',
    '--statement',
    statement,
    '--paragraph',
    '1',
    '--text',
    'Інакше.',
  )
  expect(frozen.code).toBe(1)
  expect(frozen.err).toContain('statement.frozen')
  const after = json<StatementView>('statement', 'show', '--statement', statement)
  expect(Object.keys(after.cosigners)).toEqual([seoul])
  // … until the reviewed translation made after it replaced it.
  expect(after.translations['kk']).toMatchObject({ status: 'reviewed', outdated: [] })
})

test('verify-statement: the export checks offline, and one changed byte makes it fail', () => {
  const good = json<{ ok: boolean; languages: string[]; cosigners: string[] }>(
    'verify-statement',
    proof,
  )
  expect(good).toMatchObject({ ok: true, cosigners: [seoul] })
  expect(good.languages.sort()).toEqual(['en', 'kk', 'ko', 'ru', 'uk'])
  const bytes = readFileSync(proof)
  for (const target of ['Солідарність', '연대', '"seq":3']) {
    const at = bytes.indexOf(Buffer.from(target))
    expect(at, target).toBeGreaterThan(0)
    const changed = Buffer.from(bytes)
    changed[at + target.length - 1] = changed[at + target.length - 1]! ^ 1
    const path = join(root, 'changed.json')
    writeFileSync(path, changed)
    const run = veche('verify-statement', path)
    expect(run.code, target).toBe(1)
    expect(run.out).toMatch(/^INVALID: /)
  }
})

test('export: Markdown and a PDF whose text is in every language, Hangul and Cyrillic included', () => {
  const md = join(root, 'statement.md')
  ok('statement', 'export', '--statement', statement, '--format', 'md', '--out', md)
  const markdown = readFileSync(md, 'utf8')
  expect(markdown).toContain(`3. ${AMENDED_THREE}`)
  expect(markdown).toContain('8. 총회는 매달 모인다.')
  expect(markdown).toContain('[ILO Convention C001](<https://www.ilo.org/c001>)')

  const pdf = join(root, 'statement.pdf')
  const { hash } = json<{ hash: string }>(
    'statement',
    'export',
    '--statement',
    statement,
    '--format',
    'pdf',
    '--out',
    pdf,
  )
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-')
  const again = join(root, 'again.pdf')
  ok('statement', 'export', '--statement', statement, '--format', 'pdf', '--out', again)
  expect(
    readFileSync(again).equals(readFileSync(pdf)),
    'the same statement gives the same PDF',
  ).toBe(true)
  const extracted = spawnSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {
    encoding: 'utf8',
    timeout: WAIT,
  })
  expect(extracted.status, 'pdftotext (apt-get install -y poppler-utils)').toBe(0)
  const text = extracted.stdout.replace(/\s+/g, ' ')
  for (const language of [ORIGINAL, ...TRANSLATIONS]) {
    const paragraphs =
      language === ORIGINAL
        ? ORIGINAL.paragraphs.map((p, i) => (i === 2 ? AMENDED_THREE : p))
        : language.paragraphs
    expect(text, language.language).toContain(language.title)
    for (const line of [...language.lead, ...paragraphs, ...language.closing])
      expect(text, language.language).toContain(line)
  }
  expect(text).toContain('서울 노동자 총회')
  // the identifiers come back whole, each alone on its line ("-" in base64url must not wrap)
  const lines = extracted.stdout.split('\n').map((line) => line.trim())
  for (const id of [hash, statement, space]) expect(lines).toContain(id)
})

let started: Promise<string> | null = null

/** The hub over the test's data folder, started once. */
function hubUrl(): Promise<string> {
  started ??= startHub()
  return started
}

async function startHub(): Promise<string> {
  const child = spawn(
    process.execPath,
    [BIN, '--data', data, 'serve', '--host', '127.0.0.1', '--port', '0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  hub = child
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${out}`)), WAIT)
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString()
      const port = /listening on port (\d+)/.exec(out)?.[1]
      if (port !== undefined) {
        clearTimeout(timer)
        resolve(`http://127.0.0.1:${port}`)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.on('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`hub exited with ${code}: ${out}`))
    })
  })
}

async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error('install Debian chromium: apt-get install -y chromium')
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    timeout: WAIT,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  return browser
}

test('hub: the public page works without an account or JavaScript and switches language', async () => {
  const url = await hubUrl()
  const page = await (
    await (await openBrowser()).newContext({ javaScriptEnabled: false })
  ).newPage()
  await page.goto(`${url}/r/${space}/${statement}?lang=ko`, { timeout: WAIT })
  expect(await page.locator('html').getAttribute('lang')).toBe('ko')
  expect(await page.locator('h1').textContent()).toBe('8시간 노동제에 관하여')
  const items = page.locator('ol.paragraphs li')
  expect(await items.count()).toBe(8)
  expect(await items.nth(7).textContent()).toBe('총회는 매달 모인다.')
  expect(await page.locator('body').textContent()).toContain('서울 노동자 총회')
  mkdirSync(ARTIFACTS, { recursive: true })
  await page.screenshot({ path: join(ARTIFACTS, 'statement-page-ko.png'), fullPage: true })

  await page.getByRole('link', { name: 'kk', exact: true }).click({ timeout: WAIT })
  expect(page.url()).toContain('lang=kk')
  expect(await page.locator('h1').textContent()).toBe('Сегіз сағаттық жұмыс күні туралы')
  expect(await items.nth(2).textContent()).toBe('Әрбір қызметкер ақылы үзіліске құқылы.')
  await page.getByRole('link', { name: 'uk (original)' }).click({ timeout: WAIT })
  expect(await items.nth(2).textContent()).toBe(AMENDED_THREE)
  await page.screenshot({ path: join(ARTIFACTS, 'statement-page-uk.png'), fullPage: true })

  const missing = await fetch(`${url}/r/${space}/${'A'.repeat(43)}`)
  expect(missing.status).toBe(404)
  // The page's proof link serves the same bytes the CLI exported.
  const served = await fetch(`${url}/r/${space}/${statement}/proof.json`)
  expect(served.status).toBe(200)
  expect(await served.text()).toBe(readFileSync(proof, 'utf8'))
})

/** Runs in the browser: the feed's Atom elements, by namespace, after a real XML parse. */
const ATOM_CHECK = `(text) => {
  const ATOM = 'http://www.w3.org/2005/Atom'
  const doc = new DOMParser().parseFromString(text, 'application/xml')
  if (doc.getElementsByTagName('parsererror').length > 0) return { error: 'not well-formed XML' }
  const feed = doc.documentElement
  const child = (parent, name) =>
    [...parent.children].filter((c) => c.namespaceURI === ATOM && c.localName === name)
  const one = (parent, name) => child(parent, name)[0]?.textContent ?? null
  return {
    root: feed.namespaceURI + ' ' + feed.localName,
    feed: {
      id: one(feed, 'id'),
      title: one(feed, 'title'),
      updated: one(feed, 'updated'),
      author: child(feed, 'author').length,
    },
    entries: child(feed, 'entry').map((e) => ({
      id: one(e, 'id'),
      title: one(e, 'title'),
      updated: one(e, 'updated'),
      links: child(e, 'link').map((l) => l.getAttribute('href')),
    })),
  }
}`

test('hub: the Atom feed has the required elements of RFC 4287 and links the resolution', async () => {
  const base = await hubUrl()
  const res = await fetch(`${base}/api/spaces/${space}/feed.atom`)
  expect(res.headers.get('content-type')).toContain('application/atom+xml')
  const xml = await res.text()
  const closed = await fetch(`${base}/api/spaces/${hidden}/feed.atom`)
  expect(closed.status, 'a private space has no public feed').toBeGreaterThanOrEqual(400)
  expect(await closed.text()).not.toContain('Closed shop')
  const page = await (await openBrowser()).newPage()
  // Parsed by the browser's XML parser (the CLI's TypeScript has no DOM types, hence a string).
  const checked: unknown = await page.evaluate(`(${ATOM_CHECK})(${JSON.stringify(xml)})`)
  expect(checked).toMatchObject({
    root: 'http://www.w3.org/2005/Atom feed',
    feed: { id: `urn:veche:space:${space}`, title: 'Алматы жұмысшылар жиналысы', author: 1 },
  })
  const { feed, entries } = checked as {
    feed: { updated: string }
    entries: { id: string; title: string; updated: string; links: string[] }[]
  }
  const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/
  expect(feed.updated).toMatch(RFC3339)
  expect(entries).toHaveLength(1)
  expect(entries[0]).toMatchObject({
    id: `urn:veche:statement:${statement}`,
    title: ORIGINAL.title,
  })
  expect(entries[0]!.updated).toMatch(RFC3339)
  expect(entries[0]!.links).toContain(`${base}/r/${space}/${statement}`)
})
