// The identifiers at the end of a statement's PDF (space, statement, content hash) are base64url,
// and a line that wraps after a "-" is read back by pdftotext (and by people copying it) without
// the "-". These tests render real PDFs with identifiers full of "-" and "_" and read them back.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import PDFDocument from 'pdfkit'
import type { StatementDocument } from '@veche/core'
import { afterAll, expect, test } from 'vitest'
import { IDENTIFIER_SIZE, oneLineSize, pdfFonts, statementPdf } from './statement-pdf.js'

const root = mkdtempSync(join(tmpdir(), 'veche-statement-pdf-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'

/**
 * Base64url of 32 bytes (43 characters: a SHA-256, an event id) or, with `length` 22, of 16 (a
 * space id), with "-" at each of `dashes` and "_" after each. The last character holds 4 (or 2)
 * bits and zeros, as every real one does, so it is never "-" or "_".
 */
function hashWith(dashes: readonly number[], salt: number, length = 43): string {
  const chars = Array.from({ length }, (_, i) => BASE64URL[(i * 11 + salt) % 62] as string)
  for (const at of dashes) {
    chars[at] = '-'
    chars[at + 1] = '_'
  }
  const zeros = length === 43 ? 4 : 16
  chars[length - 1] = BASE64URL[(salt * zeros) % 64] as string
  return chars.join('')
}

function document(statement: string, space: string): StatementDocument {
  return {
    format: 'veche/statement/1',
    space,
    spaceName: 'Assembly of the Kettle Works',
    statement,
    version: 2,
    previous: null,
    original: {
      language: 'en',
      title: 'On the working day',
      lead: ['The assembly, meeting on 1 May,'],
      paragraphs: [{ number: 1, text: 'The working day is eight hours.' }],
      closing: ['Adopted unanimously.'],
    },
    references: [{ title: 'ILO Convention C001', url: 'https://www.ilo.org/c001' }],
    notes: '',
    author: 'author',
    amendments: [],
    adopted: { event: 'event', poll: 'poll', result: null },
    translations: [],
    cosigners: [{ space: hashWith([7], 5), name: 'Seoul', event: 'e', decision: 'd', poll: 'p' }],
  }
}

/** The lines pdftotext reads from the PDF, trimmed. */
function pdfLines(bytes: Buffer, name: string): string[] {
  const path = join(root, name)
  writeFileSync(path, bytes)
  const run = spawnSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' })
  expect(run.status, 'pdftotext (apt-get install -y poppler-utils)').toBe(0)
  return run.stdout.split('\n').map((line) => line.trim())
}

test('pdf: the content hash, statement and space ids are read back whole, each on one line, wherever their "-" and "_" fall', async () => {
  // "-" at the start, next to the end, and across the places where the old layout wrapped
  const cases = [[0], [1, 20], [6, 17, 29], [11, 23, 35], [14, 26, 38], [3, 40], [41]]
  for (const [i, dashes] of cases.entries()) {
    const hash = hashWith(dashes, i)
    const statement = hashWith(
      dashes.map((d) => 41 - d),
      i + 17,
    )
    const space = hashWith([(dashes[0] ?? 0) % 20], i + 29, 22)
    const lines = pdfLines(
      await statementPdf(document(statement, space), hash, new Date(0)),
      `${i}.pdf`,
    )
    expect(lines, `hash ${hash}`).toContain(hash)
    expect(lines, `statement ${statement}`).toContain(statement)
    expect(lines, `space ${space}`).toContain(space)
    const label = lines.indexOf('Content hash (SHA-256):')
    expect(lines.slice(label + 1).find((line) => line !== '')).toBe(hash)
  }
})

test('pdf: an identifier too long for the line is set smaller so it still fits on one line', async () => {
  const long = `${hashWith([5], 1)}${hashWith([9], 2)}${hashWith([30], 3)}`
  const lines = pdfLines(
    await statementPdf(document(long, hashWith([], 4, 22)), long, new Date(0)),
    'long.pdf',
  )
  expect(lines.filter((line) => line === long)).toHaveLength(2)
})

test('pdf layout: oneLineSize keeps the preferred size when the text fits and shrinks it to fit otherwise', () => {
  const fonts = pdfFonts()
  const pdf = new PDFDocument({ size: 'A4', margin: 56 })
  const width = pdf.page.width - 112
  const measure = (text: string, size: number) =>
    pdf.font(fonts.mono).fontSize(size).widthOfString(text)
  const hash = hashWith([0, 14, 28, 41], 3)
  expect(oneLineSize(hash, width, measure)).toBe(IDENTIFIER_SIZE)
  const long = hash.repeat(3)
  const size = oneLineSize(long, width, measure)
  expect(size).toBeLessThan(IDENTIFIER_SIZE)
  expect(measure(long, size)).toBeLessThanOrEqual(width)
  expect(measure(long, size + 0.02)).toBeGreaterThan(width)
  // a monospace stand-in: 0.6 em per character
  expect(oneLineSize('x'.repeat(100), 300, (t, s) => t.length * 0.6 * s, 10)).toBe(5)
})
