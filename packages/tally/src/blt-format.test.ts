import fc from 'fast-check'
import { expect, test } from 'vitest'
import { readBlt, writeBlt } from './blt-format.js'
import { buildRankedElection } from './ranked-election.js'
import { tallyScottishStv } from './scottish-stv.js'
import { readElectionBytes, readElectionJson } from './test-data.js'

const utf8 = (text: string) => new TextEncoder().encode(text)

interface Manifest {
  readonly wards: readonly { readonly ballots: string; readonly validVotes: number }[]
}

test('blt: reads a Scottish ward file: header, grouped ballots, names and the title', () => {
  const outcome = readBlt(readElectionBytes('scotland-2017/glasgow-2017-ward1.blt'))
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  const e = outcome.report
  expect(e.candidates).toHaveLength(12)
  expect(e.candidates[0]).toBe('Euan BLOCKLEY (C)')
  expect(e.seats).toBe(4)
  expect(e.title).toBe('Ward 1 Linn')
  expect(e.ballots.totalWeight).toBe(8800)
  expect(e.ballots.groups).toBeLessThan(8800)
})

test('blt: withdrawn candidates (negative ids) are skipped on every ballot', () => {
  const text = '3 1\n-2\n4 2 1 0\n3 3 0\n0\n"A"\n"B"\n"C"\n"withdrawn B"\n'
  const outcome = readBlt(text)
  expect(outcome.ok && outcome.report.withdrawn).toEqual([1])
  if (!outcome.ok) return
  const count = tallyScottishStv(outcome.report, { tieBreakSeed: 'w' })
  expect(count.ok && count.report.stages[0]?.totals).toEqual([400000, 0, 300000])
  expect(count.ok && count.report.withdrawn).toEqual(['B'])
  expect(count.ok && count.report.winners).toEqual(['A'])
})

test('blt: ballot ids in brackets are ignored, "a=b" ranks equal, comments and blank lines skipped', () => {
  const outcome = readBlt('# a comment\n2 1\n\n(v1) 1 1=2 0\n0\nA\nB\nt\n')
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  expect(Array.from(outcome.report.ballots.tiers ?? [])).toEqual([0, 0])
})

test.each([
  ['', 1, 'the file is empty'],
  ['x 1\n', 1, 'expected "<candidates> <seats>"'],
  ['2 1\n1 1 2\n0\nA\nB\n', 2, 'must end with 0'],
  ['2 1\n0 1 0\n0\nA\nB\n', 2, 'weight, a whole number > 0'],
  ['2 1\n-1 1 0\n0\nA\nB\n', 2, '"1" is not a withdrawn candidate number'],
  ['2 1\n1 3 0\n0\nA\nB\n', 2, '"3" is not a candidate number between 1 and 2'],
  ['2 1\n1 1 1 0\n0\nA\nB\n', 2, 'candidate 1 is ranked twice'],
  ['2 1\n1 1 0\n', 2, 'the file ends before the "0" line'],
  ['2 1\n1 1 0\n0\nA\n', 4, 'the file ends after 1 of the 2 candidate names'],
  ['2 1\n1 1 0\n0\nA\nA\n', 5, 'candidate name "A" is used twice'],
  ['2 1\n1 0 1 0\n0\nA\nB\n', 2, '"0" is not a candidate number between 1 and 2'],
  ['2 1\n1 1 00\n0\nA\nB\n', 2, 'a ballot line must end with 0'],
  ['2 1\n1 2 1 2 0\n0\nA\nB\n', 2, 'candidate 2 is ranked twice'],
  ['2 1\n1 1 0\n1\t0x 2 0\n0\nA\nB\n', 3, '"0x" is not a candidate number'],
  ['2 1\n1 1 0\n00\nA\nB\n', 3, 'weight, a whole number > 0; got "00"'],
  ['2 1\n1 1 0\n1 \uff12 2 0\nA\nB\n', 3, '"\uff12" is not a candidate number'],
])('blt: malformed file %j fails on line %i', (text, line, message) => {
  for (const input of [text, utf8(text)]) {
    const outcome = readBlt(input)
    expect(outcome).toMatchObject({ ok: false, code: 'tally.parse-error', line })
    expect(!outcome.ok && outcome.message).toContain(`line ${line}: `)
    expect(!outcome.ok && outcome.message).toContain(message)
  }
})

test('blt: one weight past 2^53 - 1 is refused as a total too large to count exactly, not as a bad number', () => {
  for (const text of [
    '2 1\n9007199254740992 1 0\n0\nA\nB\n',
    '2 1\n1 1 0\n90071992547409930 2 0\n0\nA\nB\n',
  ]) {
    for (const input of [text, utf8(text)]) {
      const outcome = readBlt(input)
      expect(outcome).toMatchObject({ ok: false, code: 'tally.total-too-large' })
      expect(!outcome.ok && outcome.message).toMatch(
        /^line [23]: the ballot weight \d+ is more than 9007199254740991 \(2\^53 - 1\)/,
      )
    }
  }
})

test('blt: every Scottish 2017 ward reads the same from its bytes, its text, and a copy with CRLF, tabs, comments and ballot ids', () => {
  const manifest = readElectionJson<Manifest>('scotland-2017/manifest.json')
  expect(manifest.wards).toHaveLength(44)
  for (const ward of manifest.wards) {
    const bytes = readElectionBytes(`scotland-2017/${ward.ballots}`)
    const fromBytes = readBlt(bytes)
    if (!fromBytes.ok) throw new Error(`${ward.ballots}: ${fromBytes.message}`)
    expect(fromBytes.report.ballots.totalWeight, ward.ballots).toBe(ward.validVotes)
    const text = new TextDecoder().decode(bytes)
    expect(readBlt(text), ward.ballots).toEqual(fromBytes)
    const reworked = text
      .split('\n')
      .map((line, i) => {
        if (!/^[\d -]+$/.test(line)) return `${line}\r`
        if (i % 3 === 0) return `\t${line.replaceAll(' ', ' \t ')}\r`
        if (i % 3 === 1 && /^\d+ .* 0$/.test(line)) return `(ballot-${i}) ${line}\n# note ${i}\n`
        return `  ${line}  `
      })
      .join('\n')
    expect(readBlt(utf8(`\ufeff${reworked}`)), ward.ballots).toEqual(fromBytes)
    expect(readBlt(writeBlt(fromBytes.report)), ward.ballots).toEqual(fromBytes)
  }
})

test('blt: names are UTF-8, or Latin-1 when the bytes are not UTF-8; a blank line of non-ASCII space is skipped', () => {
  const latin1 = Uint8Array.from('2 1\n3 1 2 0\n0\n"Rapha\u00ebl"\n"Z\u00f6e"\n"t"\n', (c) =>
    c.charCodeAt(0),
  )
  const read = readBlt(latin1)
  expect(read.ok && read.report.candidates).toEqual(['Rapha\u00ebl', 'Z\u00f6e'])
  const fromUtf8 = readBlt(utf8('2 1\n\u00a0\u2003\n3 1 2 0\n0\n"Rapha\u00ebl"\n"Z\u00f6e"\n"t"\n'))
  expect(fromUtf8).toEqual(read)
})

test('blt property: any spacing, blank lines, comments and leading zeros read as the written election', () => {
  const names = ['Ana', 'Bo', 'Cy', 'Dee', '\u0416\u0430\u043d\u0430']
  const blank = fc.constantFrom(' ', '  ', '\t', ' \t ', '\r')
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          weight: fc.integer({ min: 1, max: 1_000_000 }),
          ranking: fc.shuffledSubarray(names),
        }),
        { maxLength: 40 },
      ),
      fc.infiniteStream(fc.tuple(blank, fc.nat(3))),
      (ballots, noise) => {
        const built = buildRankedElection({ title: 'T', candidates: names, ballots })
        if (!built.ok) throw new Error(built.message)
        const lines = writeBlt(built.report).split('\n')
        const messy = lines.map((line, i) => {
          const [space, extra] = noise.next().value as [string, number]
          const tokens = line.startsWith('"') ? [line] : line.split(' ')
          const spaced = tokens
            .map((t) => (extra === 1 && /^[1-9]/.test(t) && i > 0 ? `0${t}` : t))
            .join(space === '\r' ? ' ' : space)
          return `${extra === 2 ? '\n# c\n\n' : ''}${space}${spaced}${space}`
        })
        const text = messy.join('\n')
        expect(readBlt(text)).toEqual({ ok: true, report: built.report })
        expect(readBlt(utf8(text))).toEqual({ ok: true, report: built.report })
      },
    ),
  )
})

test('blt property: write then read gives back the same election', () => {
  const names = ['Ana', 'Bo "the" Cat', 'Cy', 'Dee']
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          weight: fc.integer({ min: 1, max: 1000 }),
          ranking: fc.shuffledSubarray(names),
        }),
        { maxLength: 30 },
      ),
      fc.integer({ min: 1, max: 4 }),
      fc.subarray(names),
      (ballots, seats, withdrawn) => {
        const built = buildRankedElection({
          title: 'T',
          candidates: names,
          seats,
          withdrawn,
          ballots,
        })
        if (!built.ok) throw new Error(built.message)
        const read = readBlt(writeBlt(built.report))
        expect(read).toEqual({ ok: true, report: built.report })
      },
    ),
  )
})
