import fc from 'fast-check'
import { expect, test } from 'vitest'
import { EventAuthor } from './event-author.js'
import { parseEvent } from './event-envelope.js'
import { lookAlikeNames, markLookAlikes, nameSkeleton } from './name-skeleton.js'
import { checkNumberMarks, checkText, checkTexts, normaliseTexts } from './text-rules.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'

const KEY = 'A'.repeat(43)
const ID = 'B'.repeat(43)

/** An event envelope around `body` (parseEvent checks no signature). */
function envelope(type: string, body: Record<string, unknown>) {
  return {
    v: 1,
    space: 'C'.repeat(22),
    author: KEY,
    seq: 2,
    prev: ID,
    at: 1_750_000_000_000,
    type,
    body,
    sig: 'D'.repeat(86),
  }
}

const admit = (name: string) => envelope('member.admitted', { member: KEY, name })
const propose = (title: string, text: string) => envelope('proposal.submitted', { title, text })
const codeOf = (input: unknown) => {
  const parsed = parseEvent(input)
  return parsed.ok ? 'ok' : parsed.code
}

test('texts: NUL, escape sequences, DEL and C1 controls are refused with text.control-character', () => {
  expect(codeOf(admit('Aigerim\u0000'))).toBe('text.control-character')
  expect(codeOf(propose('Water', 'Clean \u001b[2J\u001b[31mwater'))).toBe('text.control-character')
  expect(codeOf(propose('Water\u007f', 'text'))).toBe('text.control-character')
  expect(codeOf(propose('Water', 'a \u009b31m CSI'))).toBe('text.control-character')
  expect(codeOf(propose('Water', 'line\u2028separator'))).toBe('text.control-character')
  // A note or a reason (plain strings, not `text` fields) is checked too.
  expect(codeOf(envelope('member.removed', { member: KEY, reason: 'bye\u0007' }))).toBe(
    'text.control-character',
  )
  const parsed = parseEvent(admit('Ai\u0000gerim'))
  expect(parsed.ok ? '' : parsed.message).toContain('U+0000')
})

test('texts: a multi-line text keeps its line breaks and tabs; a name or title may not', () => {
  expect(codeOf(propose('Water', 'First line\n\tsecond line\n'))).toBe('ok')
  expect(codeOf(propose('Water\nand bread', 'text'))).toBe('text.control-character')
  expect(codeOf(admit('Aigerim\tB'))).toBe('text.control-character')
  expect(codeOf(propose('Water', 'CR LF\r\nline'))).toBe('text.control-character')
})

test('texts: bidi embeddings, overrides and isolates are refused; the marks LRM and RLM are not', () => {
  for (const control of ['\u202a', '\u202b', '\u202c', '\u202d', '\u202e', '\u2066', '\u2069']) {
    expect(codeOf(admit(`Aigerim${control}nimda`)), control).toBe('text.bidi-control')
  }
  expect(codeOf(admit('שלום\u200f Aigerim'))).toBe('ok')
})

test('texts: a text not in NFC is refused (events are signed: the signer normalises)', () => {
  expect(codeOf(admit('Ai\u0301gerim'))).toBe('text.not-nfc')
  expect(codeOf(admit('Áigerim'))).toBe('ok')
  expect(codeOf(propose('Water', 'e\u0301'))).toBe('text.not-nfc')
})

test('texts: a lone surrogate is refused with text.not-unicode', () => {
  expect(codeOf(admit('Aigerim\ud800'))).toBe('text.not-unicode')
})

test('texts: a name of only invisible characters is refused with text.invisible', () => {
  for (const name of ['\u200b', '\u200b\u200c\u2060', '\u3164', ' \u00a0 ', '\u2800', '\ufeff']) {
    expect(codeOf(admit(name)), JSON.stringify(name)).toBe('text.invisible')
  }
  expect(codeOf(propose('\u200b\u200b', 'text'))).toBe('text.invisible')
  // A joiner inside a word is part of some scripts' spelling, and stays allowed.
  expect(codeOf(admit('می\u200cخواهم'))).toBe('ok')
})

test('texts: signing normalises to NFC with LF line ends, so what a client signs is accepted', async () => {
  const author = new EventAuthor(await generateWebCryptoSigner())
  const space = author.spaceFor('text-rules-nonce')
  const event = await author.next(
    space,
    'assembly.created',
    {
      nonce: 'text-rules-nonce',
      name: 'Cafe\u0301 assembly',
      description: 'one\r\ntwo\rthree',
      languages: ['en'],
      founderName: 'Ai\u0301gerim',
      rules: {
        proposeRight: 'member',
        inviteRight: 'facilitator',
        quorum: { ballots: 0, percent: 50 },
        defaultMethod: 'majority',
        visibility: 'public',
      },
    },
    1,
  )
  const parsed = parseEvent(JSON.parse(JSON.stringify(event)))
  expect(parsed.ok).toBe(true)
  const body = event.body as { name: string; description: string; founderName: string }
  expect(body.name).toBe('Café assembly')
  expect(body.description).toBe('one\ntwo\nthree')
  expect(body.founderName).toBe('A\u00edgerim')
})

test('texts: parsing for a whole space reports what only the text rules refuse, and refuses the rest as before', () => {
  const report = (input: unknown) => {
    const parsed = parseEvent(input, { oldTexts: 'report' })
    return parsed.ok ? `ok ${parsed.value.textProblem?.code ?? 'clean'}` : parsed.code
  }
  expect(report(admit('Bolat'))).toBe('ok clean')
  expect(report(admit('Bolat\u001b[2J'))).toBe('ok text.control-character')
  expect(report(admit('Dana\u202e'))).toBe('ok text.bidi-control')
  expect(report(admit('Dana\tB.'))).toBe('ok text.control-character')
  expect(report(admit('\u200b\u200b'))).toBe('ok text.invisible')
  expect(report(propose('Title', 'Cafe\u0301'))).toBe('ok text.not-nfc')
  // Refused before the text rules too: a blank name, a name too long, a field no schema knows.
  expect(report(admit('   '))).toBe('text.invisible')
  expect(report(admit(`Bolat\u0007${'x'.repeat(80)}`))).toBe('event.malformed')
  expect(report({ ...admit('Bolat\u0007'), body: { member: KEY, name: 'B', extra: 1 } })).toBe(
    'event.malformed',
  )
  // The default, for what a client signs: refused with the code.
  expect(codeOf(admit('Dana\u202e'))).toBe('text.bidi-control')
})

test('texts: a right-to-left mark inside a number is named (text rules 3), never refused by parsing alone', () => {
  const RLM = '\u200f'
  const ALM = '\u061c'
  const inNumber = (text: string) => checkNumberMarks(text)?.code ?? 'ok'
  // Each shows its digits in another order in a browser: 105, 7202, 19, "20-10", "5 1".
  expect(inNumber(`1${RLM}5${RLM}0`)).toBe('text.bidi-mark-in-number')
  expect(inNumber(`2${RLM}0${RLM}2${RLM}7`)).toBe('text.bidi-mark-in-number')
  expect(inNumber(`${RLM}9${RLM}1${RLM} votes`)).toBe('text.bidi-mark-in-number')
  expect(inNumber(`10${ALM}-20`)).toBe('text.bidi-mark-in-number')
  expect(inNumber(`1 ${RLM} 5`)).toBe('text.bidi-mark-in-number')
  // Arabic-Indic digits too; a Hangul filler (a letter that shows nothing) does not part them.
  expect(inNumber(`\u0661${RLM}\u0665`)).toBe('text.bidi-mark-in-number')
  expect(inNumber(`1${RLM}\u3164${RLM}5`)).toBe('text.bidi-mark-in-number')
  // Where no digit follows, a letter stands between, or the mark is LRM: as before.
  expect(inNumber(`50${RLM}%`)).toBe('ok')
  expect(inNumber(`3${RLM} תשלומים, 4 חודשים`)).toBe('ok')
  expect(inNumber(`1${RLM}א${RLM}5`)).toBe('ok')
  expect(inNumber('050\u200e-1234567')).toBe('ok')
  expect(inNumber('150')).toBe('ok')
  // A long text is one pass: 100,000 marks after a digit take no time to say no.
  expect(inNumber(`1${RLM.repeat(100_000)}a`)).toBe('ok')

  // Parsing names it (in both modes) and refuses nothing: the space's version decides.
  const bent = propose('Dues', `Dues rise by 1${RLM}5${RLM}0`)
  expect(codeOf(bent)).toBe('ok')
  const parsed = parseEvent(bent, { oldTexts: 'report' })
  expect(parsed.ok && parsed.value.textProblem).toMatchObject({
    code: 'text.bidi-mark-in-number',
    message: expect.stringContaining('body.text') as unknown,
  })
  // A problem every version refuses comes first.
  const both = propose('Dues\u202e', `1${RLM}5`)
  expect(parseEvent(both, { oldTexts: 'report' })).toMatchObject({
    ok: true,
    value: { textProblem: { code: 'text.bidi-control' } },
  })
})

test('texts: normalising is idempotent and gives NFC (property)', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme-composite' }), (s) => {
      const once = normaliseTexts(s)
      expect(normaliseTexts(once)).toBe(once)
      expect(once.normalize('NFC')).toBe(once)
      if (checkText(s) === null) expect(checkText(once)).toBeNull()
    }),
  )
})

test('look-alike names: the same after NFKC, case folding and Latin/Cyrillic look-alikes', () => {
  // "Аigerim" with a Cyrillic А; "AIGERIM"; "Aigerim" with a zero-width space; full-width letters.
  const members = [
    { key: 'founder', name: 'Aigerim' },
    { key: 'cyrillic', name: '\u0410igerim' },
    { key: 'shouting', name: 'AIGERIM' },
    { key: 'hidden', name: 'Ai\u200bgerim' },
    { key: 'wide', name: 'Ａｉｇｅｒｉｍ' },
    { key: 'bolat', name: 'Bolat' },
    { key: 'b0lat', name: 'B0lat' },
    { key: 'dana', name: 'Dana' },
  ]
  const alike = lookAlikeNames(members)
  expect(alike.get('founder')).toEqual(['cyrillic', 'hidden', 'shouting', 'wide'])
  expect(alike.get('bolat')).toEqual(['b0lat'])
  expect(alike.has('dana')).toBe(false)
  // Whole Cyrillic spellings of a Latin name: "Норе" (Cyrillic) and "Hope".
  expect(nameSkeleton('\u041d\u043e\u0440\u0435')).toBe(nameSkeleton('Hope'))
  expect(nameSkeleton('Мария')).not.toBe(nameSkeleton('Maria'))
})

test('look-alike names: only active members are marked', () => {
  const marked = markLookAlikes({
    a: { name: 'Aigerim', status: 'active' },
    b: { name: 'AIGERIM', status: 'active' },
    c: { name: 'Aigerim', status: 'removed' },
    d: { name: 'Dana', status: 'active' },
  })
  expect(marked['a']).toEqual({ name: 'Aigerim', status: 'active', looksLike: ['b'] })
  expect(marked['b']).toEqual({ name: 'AIGERIM', status: 'active', looksLike: ['a'] })
  expect(marked['c']).toEqual({ name: 'Aigerim', status: 'removed' })
  expect(marked['d']).toEqual({ name: 'Dana', status: 'active' })
})

test('text rules: a refused text is named by its path, or by the object holding a refused key', () => {
  expect(checkTexts({ a: [{ b: 'x\u0000' }] })).toEqual({
    code: 'text.control-character',
    message: 'holds the control character U+0000',
    path: 'body.a.0.b',
  })
  expect(checkTexts({ a: { 'k\n': 'v' } })?.path).toBe('body.a (a key)')
  expect(checkTexts(['ok', 'x\u202E'], 'p')?.path).toBe('p.1')
  expect(checkTexts({ a: 'fine', b: [1, null, { c: ['', 'e\u0301'] }] })?.path).toBe('body.b.2.c.1')
  expect(checkTexts({ a: ['fine', { b: 'plain' }] })).toBeNull()
})
