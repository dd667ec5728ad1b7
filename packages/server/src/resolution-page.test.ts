import type { StatementDocument } from '@veche/core'
import { expect, test } from 'vitest'
import { renderResolutionPage } from './resolution-page.js'
import { CONTENT_SECURITY_POLICY, styleHash } from './security-headers.js'

const ID = 'A'.repeat(43)
const DOCUMENT: StatementDocument = {
  format: 'veche/statement/1',
  space: 'S'.repeat(22),
  spaceName: 'Hall <assembly>',
  statement: ID,
  version: 1,
  previous: null,
  original: {
    language: 'ru',
    title: 'Заявление',
    lead: [],
    paragraphs: [
      { number: 1, text: 'Первый.' },
      { number: 2, text: 'Второй <script>alert(1)</script>.' },
    ],
    closing: [],
  },
  references: [{ title: 'Link "one"', url: 'https://example.org/?a=1&b=2' }],
  notes: '',
  author: 'K'.repeat(43),
  amendments: [],
  adopted: { event: ID, poll: ID, result: null },
  translations: [
    {
      language: 'en',
      title: 'Statement',
      lead: [],
      paragraphs: [
        { number: 1, text: 'First.' },
        { number: 2, text: 'Second.' },
      ],
      closing: [],
      translator: 'K'.repeat(43),
      event: ID,
      status: 'draft',
      outdated: [2],
      frameOutdated: false,
    },
  ],
  cosigners: [],
}

test('resolution page: a translation marks the paragraphs whose original changed after it', () => {
  const html = renderResolutionPage(DOCUMENT, 'en')
  expect(html).toContain('<html lang="en">')
  expect(html).toContain('<li value="1" dir="auto">First.</li>')
  expect(html).toMatch(/<li value="2" class="outdated"><bdi>Second\.<\/bdi> <small>/)
  expect(html).toContain('Outdated: the original changed after this translation (paragraphs 2)')
})

test("resolution page: a translation names its translator and says its status is theirs, not the assembly's", () => {
  // Any member may translate an adopted statement and mark it reviewed (docs/statements.md).
  const reviewed = {
    ...DOCUMENT,
    translations: [
      { ...DOCUMENT.translations[0]!, status: 'reviewed', translator: 'T'.repeat(43) },
    ],
  } as StatementDocument
  const html = renderResolutionPage(reviewed, 'en')
  expect(html).toContain(
    `Translation of the ru original, marked reviewed by its translator (the member with key <code>${'T'.repeat(43)}</code>), not by the assembly: the ru original is the text it adopted.`,
  )
  expect(renderResolutionPage(reviewed, 'ru')).not.toContain('Translation of')
})

test('resolution page: the original for an unknown language, and every text escaped', () => {
  const html = renderResolutionPage(DOCUMENT, 'xx')
  expect(html).toContain('<html lang="ru">')
  expect(html).not.toContain('<script>')
  expect(html).toContain('Второй &lt;script&gt;alert(1)&lt;/script&gt;.')
  expect(html).toContain('Hall &lt;assembly&gt;')
  expect(html).toContain('href="https://example.org/?a=1&amp;b=2"')
  expect(html).not.toContain('class="outdated"')
})

test('resolution page: every text a member wrote is isolated, so a right-to-left one cannot reorder the page around it', () => {
  const html = renderResolutionPage(DOCUMENT, 'en')
  expect(html).toContain('<h1 dir="auto">Statement</h1>')
  expect(html).toMatch(/Resolution of <strong><bdi>Hall &lt;assembly&gt;<\/bdi><\/strong>/)
  expect(html).toMatch(/<a rel="noreferrer" href="https:\/\/example\.org\/\?a=1&amp;b=2"><bdi>/)
})

test('resolution page: every link is rel="noreferrer", and its only inline style is the one the CSP allows', () => {
  const html = renderResolutionPage(DOCUMENT, 'en')
  const anchors = [...html.matchAll(/<a\b[^>]*>/g)].map((m) => m[0])
  expect(anchors.length).toBeGreaterThanOrEqual(4)
  for (const anchor of anchors) expect(anchor).toContain('rel="noreferrer"')
  expect(html).not.toMatch(/<script\b/i)
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!)
  expect(styles).toHaveLength(1)
  expect(CONTENT_SECURITY_POLICY).toContain(styleHash(styles[0]!))
})

test('resolution page: a council close that left ballots out because their keys held no seat says how many', () => {
  const html = renderResolutionPage(DOCUMENT, 'ru', { counted: 2, late: 0, unseated: 1 })
  expect(html).toContain(
    '<p>The poll counted 2 ballot(s); 1 ballot(s) not counted: their keys no longer held a seat at the close (recalled, replaced or at the end of the term), and they are kept in the log.</p>',
  )
  expect(renderResolutionPage(DOCUMENT, 'ru', { counted: 3, late: 0, unseated: 0 })).toContain(
    '<p>The poll counted 3 ballot(s).</p>',
  )
})
