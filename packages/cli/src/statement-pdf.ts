// PDF export of a statement with pdfkit. Fonts come from Debian packages at run time: DejaVu Sans
// (Latin, Cyrillic including Kazakh letters) and Nanum Gothic (Hangul); each run of text is set in
// the font that has its script, so a line mixing scripts still renders every glyph.
// Identifiers (the space, the statement, the content hash) are base64url, whose "-" is a place
// where text may wrap, and a reader such as pdftotext joins a line ending in "-" to the next and
// drops the "-". So each sits alone on its line in DejaVu Sans Mono, sized to fit, never wrapped.
// (A line ending in "-" is still joined to the label below it; no identifier ends so: the last
// character of 16 or 32 bytes in base64url carries zero bits and is never "-" or "_".)
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import PDFDocument from 'pdfkit'
import type { StatementDocument, StatementText } from '@veche/core'
import { CliError } from './cli-error.js'

const FONT_ROOT = '/usr/share/fonts'

function findFont(file: string): string | null {
  const search = (dir: string, depth: number): string | null => {
    if (depth > 4 || !existsSync(dir)) return null
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name)
      if (entry.isFile() && entry.name === file) return path
      if (entry.isDirectory()) {
        const found = search(path, depth + 1)
        if (found !== null) return found
      }
    }
    return null
  }
  return search(FONT_ROOT, 0)
}

/** The font files the PDF needs; a clear error naming the Debian packages when one is missing. */
export function pdfFonts(): { latin: string; latinBold: string; mono: string; hangul: string } {
  const latin = findFont('DejaVuSans.ttf')
  const latinBold = findFont('DejaVuSans-Bold.ttf')
  const mono = findFont('DejaVuSansMono.ttf')
  const hangul = findFont('NanumGothic.ttf')
  if (latin === null || latinBold === null || mono === null || hangul === null) {
    throw new CliError(
      `PDF export needs the fonts DejaVu Sans, DejaVu Sans Mono and Nanum Gothic under ${FONT_ROOT}; ` +
        'install them with: apt-get install -y fonts-dejavu-core fonts-nanum',
    )
  }
  return { latin, latinBold, mono, hangul }
}

/** Points an identifier is set in when it fits the line. */
export const IDENTIFIER_SIZE = 10

/**
 * The font size at which `text` fits on one line `width` points wide: `preferred`, or smaller (to
 * a hundredth of a point, rounded down) when it would not fit. `widthAt` measures the text at a
 * size, as pdfkit's `widthOfString` does.
 */
export function oneLineSize(
  text: string,
  width: number,
  widthAt: (text: string, size: number) => number,
  preferred = IDENTIFIER_SIZE,
): number {
  const wide = widthAt(text, preferred)
  if (wide <= width) return preferred
  return Math.floor(((preferred * width) / wide) * 100) / 100
}

const HANGUL = /[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+/g

/** Splits text into runs of Hangul and of everything else. */
function runs(text: string): { text: string; hangul: boolean }[] {
  const out: { text: string; hangul: boolean }[] = []
  let last = 0
  for (const match of text.matchAll(HANGUL)) {
    if (match.index > last) out.push({ text: text.slice(last, match.index), hangul: false })
    out.push({ text: match[0], hangul: true })
    last = match.index + match[0].length
  }
  if (last < text.length) out.push({ text: text.slice(last), hangul: false })
  return out
}

/**
 * Renders the statement, every language in turn, and resolves with the PDF's bytes. `created` (the
 * adopting event's claimed time) is the PDF's creation date, from which pdfkit also derives the
 * file id and font subset names, so one statement always gives the same bytes.
 */
export function statementPdf(
  document: StatementDocument,
  hash: string,
  created: Date,
): Promise<Buffer> {
  const fonts = pdfFonts()
  const pdf = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: {
      Title: document.original.title,
      Subject: `Veche statement ${document.statement}`,
      CreationDate: created,
    },
  })
  const chunks: Buffer[] = []
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('data', (chunk: Buffer) => chunks.push(chunk))
    pdf.on('end', () => resolve(Buffer.concat(chunks)))
    pdf.on('error', reject)
  })
  const write = (text: string, size: number, bold = false, gap = 0.4): void => {
    const parts = runs(text)
    parts.forEach((part, i) => {
      pdf
        .font(part.hangul ? fonts.hangul : bold ? fonts.latinBold : fonts.latin)
        .fontSize(size)
        .text(part.text, { continued: i < parts.length - 1 })
    })
    pdf.moveDown(gap)
  }
  const section = (text: StatementText, label: string): void => {
    write(text.title, 18, true)
    write(label, 9)
    for (const line of text.lead) write(line, 12, true)
    for (const p of text.paragraphs) write(`${p.number}. ${p.text}`, 11)
    for (const line of text.closing) write(line, 12, true)
  }
  section(document.original, `${document.original.language} (original)`)
  for (const t of document.translations) {
    pdf.addPage()
    const outdated = t.outdated.length > 0 || t.frameOutdated ? ', outdated' : ''
    section(t, `${t.language} (translation, ${t.status}${outdated})`)
  }
  pdf.addPage()
  if (document.references.length > 0) {
    write('References', 13, true)
    for (const r of document.references) write(`${r.title}: ${r.url}`, 10)
  }
  if (document.cosigners.length > 0) {
    write('Co-signed by', 13, true)
    for (const c of document.cosigners) write(`${c.name} (${c.space})`, 10)
  }
  /** A label, then the value alone on one line in the mono font, sized to fit and never wrapped. */
  const identifier = (label: string, value: string): void => {
    write(label, 9, false, 0.1)
    const width = pdf.page.width - pdf.page.margins.left - pdf.page.margins.right
    pdf.font(fonts.mono)
    const size = oneLineSize(value, width, (t, s) => pdf.fontSize(s).widthOfString(t))
    pdf.fontSize(size)
    // without line breaking pdfkit neither starts a new page nor returns to the margin below the
    // line: do both
    if (pdf.y + pdf.currentLineHeight(true) > pdf.page.maxY()) pdf.addPage()
    pdf.text(value, pdf.page.margins.left, pdf.y, { lineBreak: false })
    pdf.x = pdf.page.margins.left
    pdf.moveDown(1.8)
  }
  write(`Adopted by ${document.spaceName}, version ${document.version}.`, 10, false, 0.8)
  identifier('Space:', document.space)
  identifier('Statement:', document.statement)
  identifier('Content hash (SHA-256):', hash)
  pdf.end()
  return done
}
