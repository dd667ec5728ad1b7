import fc from 'fast-check'
import { expect, test } from 'vitest'
import { readBlt } from './blt-format.js'
import { readDebianTallySheet } from './debian-tally-sheet.js'
import { scanJsonBallots } from './json-ballot-scanner.js'
import { readJsonBallots, readJsonBallotsByParsing } from './json-ballots.js'
import { readElectionBytes } from './test-data.js'

test('json ballots: ranking, approve and choice ballots all become rankings', () => {
  const outcome = readJsonBallots(
    JSON.stringify({
      title: 'Delegates',
      candidates: ['Ana', 'Bo', 'Cy'],
      seats: 2,
      withdrawn: ['Cy'],
      ballots: [
        { ranking: ['Ana', ['Bo', 'Cy']], weight: 3 },
        { approve: ['Ana', 'Bo'] },
        { choice: 'Bo' },
        { choice: null },
      ],
    }),
  )
  expect(outcome.ok).toBe(true)
  if (!outcome.ok) return
  const { election, scores } = outcome.report
  expect(scores).toBe(null)
  expect([election.title, election.seats, election.withdrawn]).toEqual(['Delegates', 2, [2]])
  expect(election.ballots.totalWeight).toBe(6)
  expect(Array.from(election.ballots.weights)).toEqual([3, 1, 1, 1])
})

test('json ballots: score ballots are kept as scores', () => {
  const outcome = readJsonBallots('{"candidates":["A","B"],"ballots":[{"scores":{"A":3}}]}')
  expect(outcome.ok && outcome.report.scores).toEqual([{ scores: { A: 3 }, weight: 1 }])
})

test.each([
  ['{"candidates": ["A"],\n "ballots": [,]}', 'line 2: not valid JSON'],
  ['[]', 'must be an object'],
  [
    '{"candidates":["A"],"ballots":[{"ranking":["A"],"choice":"A"}]}',
    'ballot 1 needs exactly one of',
  ],
  [
    '{"candidates":["A"],"ballots":[{"ranking":["Z"]}]}',
    'ballot 1 ranks "Z", who is not a candidate',
  ],
  [
    '{"candidates":["A","B"],"ballots":[{"ranking":["A","A"]}]}',
    'ballot 1: candidate 1 is ranked twice',
  ],
  [
    '{"candidates":["A"],"ballots":[{"ranking":["A"],"weight":0}]}',
    'ballot 1: a ballot weight must be a whole number > 0',
  ],
  ['{"candidates":["A"],"ballots":[{"ranking":["A"],"weight":-2}]}', 'got -2'],
  [
    '{"candidates":["A"],"ballots":[{"ranking":["A"],"weight":9007199254740993}]}',
    'ballot 1: a ballot weight of 9007199254740992 (as read) is more than 9007199254740991 (2^53 - 1)',
  ],
  ['{"candidates":["A"],"ballots":[{"ranking":["A"]},{"scores":{"A":1}}]}', 'cannot be mixed'],
])('json ballots: %s fails clearly', (text, message) => {
  const outcome = readJsonBallots(text)
  expect(outcome.ok).toBe(false)
  expect(!outcome.ok && outcome.message).toContain(message)
})

const utf8 = (text: string) => new TextEncoder().encode(text)

test('json ballots: the one-pass reader answers a plain file, and the same as JSON.parse', () => {
  const text = JSON.stringify({
    title: 'Delegates',
    candidates: ['Ana', 'Бо', 'Cy 🌿'],
    seats: 2,
    ballots: [
      { ranking: ['Ana', ['Бо', 'Cy 🌿']], weight: 3 },
      { approve: ['Бо', 'Ana'] },
      { choice: 'Cy 🌿', note: { kept: [1, true, null] } },
      { choice: null, weight: null },
      { ranking: [] },
    ],
  })
  const scanned = scanJsonBallots(utf8(text))
  expect(scanned).not.toBeNull()
  expect({ ok: true, report: scanned }).toEqual(readJsonBallotsByParsing(text))
})

test('json ballots: Debian 2007 (Latin-1) and 2020 sheets and a Scottish ward, written as JSON ballots, read back the same', () => {
  const elections = [
    readDebianTallySheet(readElectionBytes('debian/leader2007_tally.txt')),
    readDebianTallySheet(readElectionBytes('debian/leader2020_tally.txt')),
    readBlt(readElectionBytes('scotland-2017/glasgow-2017-ward1.blt')),
  ]
  for (const outcome of elections) {
    if (!outcome.ok) throw new Error(outcome.message)
    const election = outcome.report
    const { weights, offsets, prefs, tiers } = election.ballots
    const ballots = Array.from({ length: election.ballots.groups }, (_, g) => {
      const ranking: string[][] = []
      for (let i = offsets[g]!; i < offsets[g + 1]!; i++) {
        const level = tiers === null ? i - offsets[g]! : tiers[i]!
        ;(ranking[level] ??= []).push(election.candidates[prefs[i]!]!)
      }
      return { ranking: ranking.filter(Boolean), weight: weights[g] }
    })
    const text = JSON.stringify({ ...election, withdrawn: [], ballots }, null, 1)
    expect(scanJsonBallots(utf8(text))).not.toBeNull()
    const read = readJsonBallots(utf8(text))
    expect(read.ok && read.report.election).toEqual(election)
  }
})

/** JSON text from fragments chosen at random, often invalid; built as text so spacing varies. */
const jsonBallotFile = (() => {
  const names = ['Ana', 'Bo', 'Cy', 'Ж', 'A\\u006ea', 'B\\"o', '']
  const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n ', '\u00a0')
  const name = fc.constantFrom(...names.map((n) => `"${n}"`), '"Zed"', '7', 'null', '"\t"')
  const list = (item: fc.Arbitrary<string>) =>
    fc.tuple(fc.array(item, { maxLength: 4 }), space).map(([xs, s]) => `[${s}${xs.join(`,${s}`)}]`)
  const tier = fc.oneof(name, list(name))
  const weight = fc.constantFrom(
    '1',
    '3',
    '0',
    '-2',
    '1.5',
    '2e3',
    'null',
    '"2"',
    '01',
    '9007199254740993',
  )
  const member = fc.oneof(
    list(tier).map((v) => `"ranking":${v}`),
    list(name).map((v) => `"approve":${v}`),
    name.map((v) => `"choice":${v}`),
    weight.map((v) => `"weight":${v}`),
    fc.constant('"scores":{"Ana":2}'),
    fc.constant('"note":{"a":[true,false,null,-0.5e-3]}'),
    fc.constant('"rank\\u0069ng":["Ana"]'),
  )
  const messy = fc
    .tuple(fc.array(member, { minLength: 1, maxLength: 3 }), space)
    .map(([members, s]) => `{${s}${members.join(`,${s}`)}${s}}`)
  const good = fc.constantFrom('"Ana"', '"Bo"', '"Cy"', '"Ж"')
  const tidy = fc
    .tuple(
      fc.oneof(
        fc.uniqueArray(good, { maxLength: 4 }).map((xs) => `"ranking":[${xs.join(',')}]`),
        fc.uniqueArray(good, { maxLength: 4 }).map((xs) => `"approve":[${xs.join(', ')}]`),
        good.map((v) => `"choice":${v}`),
      ),
      fc.option(fc.constantFrom('1', '4', 'null', '12345'), { nil: undefined }),
      space,
    )
    .map(([kind, w, s]) => (w === undefined ? `{${kind}}` : `{${s}"weight":${w},${s}${kind}}`))
  const ballot = fc.oneof({ arbitrary: tidy, weight: 9 }, { arbitrary: messy, weight: 1 })
  const candidates = list(fc.constantFrom(...names.map((n) => `"${n}"`))).map(
    (v) => `"candidates":${v}`,
  )
  const plain = fc.constant('"candidates":["Ana","Bo","Cy","Ж"]')
  const ballots = fc.array(ballot, { maxLength: 6 }).map((bs) => `"ballots":[${bs.join(',')}]`)
  const other = fc.oneof(
    fc.constantFrom(
      '"seats":2',
      '"seats":"2"',
      '"title":"T"',
      '"title":null',
      '"format":"veche-ballots/1"',
    ),
    list(name).map((v) => `"withdrawn":${v}`),
    candidates,
  )
  return fc
    .tuple(
      fc.oneof({ arbitrary: plain, weight: 4 }, { arbitrary: candidates, weight: 1 }),
      fc.array(other, { maxLength: 1 }),
      ballots,
      fc.nat(4).map((n) => n === 0),
      space,
      fc.nat(200),
      fc.constantFrom('', ',', '}', '"', 'x'),
    )
    .map(([first, rest, last, reversed, s, cut, junk]) => {
      const members = reversed ? [last, ...rest, first] : [first, ...rest, last]
      const text = `${s}{${members.join(`,${s}`)}}${s}`
      const at = cut % text.length
      return cut < 180 ? text : text.slice(0, at) + junk + text.slice(at)
    })
})()

test('json ballots property: the one-pass reader and JSON.parse give the same ballots or the same error, from text and bytes', () => {
  let answered = 0
  fc.assert(
    fc.property(jsonBallotFile, (text) => {
      const reference = readJsonBallotsByParsing(text)
      expect(readJsonBallots(text)).toEqual(reference)
      expect(readJsonBallots(utf8(text))).toEqual(reference)
      if (scanJsonBallots(text) !== null) answered += 1
    }),
    { numRuns: 2000 },
  )
  // the property is about the one-pass reader: make sure it answered a good share of the files
  expect(answered).toBeGreaterThan(200)
})
