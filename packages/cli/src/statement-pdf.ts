// PDF export of a statement with pdfkit. Fonts come from Debian packages at run time: DejaVu Sans
// (Latin, Cyrillic including Kazakh letters) and Nanum Gothic (Hangul); each run of text is set in
// the font that has its script, so a line mixing scripts still renders every glyph.
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
export function pdfFonts(): { latin: string; latinBold: string; hangul: string } {
  const latin = findFont('DejaVuSans.ttf')
  const latinBold = findFont('DejaVuSans-Bold.ttf')
  const hangul = findFont('NanumGothic.ttf')
  if (latin === null || latinBold === null || hangul === null) {
    throw new CliError(
      `PDF export needs the fonts DejaVu Sans and Nanum Gothic under ${FONT_ROOT}; ` +
        'install them with: apt-get install -y fonts-dejavu-core fonts-nanum',
    )
  }
  return { latin, latinBold, hangul }
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
  write(`Adopted by ${document.spaceName} (${document.space}), version ${document.version}.`, 10)
  write(`Statement ${document.statement}; content hash (SHA-256) ${hash}`, 9)
  pdf.end()
  return done
}
