// The statement form's text becomes the body core checks: lines one per line, references as
// "title URL", empty paragraphs dropped, and a bad field named in the problem.
import { expect, test } from 'vitest'
import { emptyStatementForm, parseReferences, statementBody } from './statement-form.js'

test('statement form: references are "title URL" lines; a line without a link is the problem', () => {
  expect(
    parseReferences(
      'Housing code, art. 5 — https://example.org/code#5\n\n  https://example.org/bare  ',
    ),
  ).toEqual({
    ok: true,
    references: [
      { title: 'Housing code, art. 5', url: 'https://example.org/code#5' },
      { title: 'https://example.org/bare', url: 'https://example.org/bare' },
    ],
  })
  expect(parseReferences('Housing code\nftp://example.org/x')).toEqual({
    ok: false,
    line: 'Housing code',
  })
})

test('statement form: the body has trimmed lines and only the paragraphs written', () => {
  const form = {
    ...emptyStatementForm('uk'),
    title: ' Опалення зараз ',
    lead: 'Тепло в кожну оселю!\n\n',
    paragraphs: ['Перший.', '  ', 'Другий.'],
    closing: ' Вимагаємо. ',
    references: 'Кодекс https://example.org/code',
  }
  expect(statementBody(form)).toEqual({
    ok: true,
    body: {
      language: 'uk',
      title: 'Опалення зараз',
      lead: ['Тепло в кожну оселю!'],
      paragraphs: ['Перший.', 'Другий.'],
      closing: ['Вимагаємо.'],
      references: [{ title: 'Кодекс', url: 'https://example.org/code' }],
      notes: '',
    },
  })
})

test('statement form: each bad field is named', () => {
  const form = { ...emptyStatementForm('uk'), title: 'T', paragraphs: ['One.'] }
  expect(statementBody({ ...form, language: 'Ukrainian' })).toMatchObject({
    ok: false,
    problem: { field: 'language' },
  })
  expect(statementBody({ ...form, paragraphs: ['', ' '] })).toMatchObject({
    ok: false,
    problem: { field: 'paragraph' },
  })
  expect(statementBody({ ...form, paragraphs: ['x'.repeat(10_001)] })).toMatchObject({
    ok: false,
    problem: { field: 'paragraph', number: 1 },
  })
  expect(statementBody({ ...form, references: 'no link here' })).toEqual({
    ok: false,
    problem: { field: 'references', detail: 'no link here' },
  })
})
