import fc from 'fast-check'
import { expect, test } from 'vitest'
import { z } from 'zod'
import {
  readApprovalVote,
  readConsentVote,
  readMajorityVote,
  readRankingVote,
  readScoreVote,
} from './vote-shapes.js'

// The zod schemas the hand checks replaced, exactly as they were: a vote accepted or refused by
// one must be accepted or refused by the other, with the same value, or old logs would replay
// differently.
const SCHEMAS = {
  majority: z.strictObject({ choice: z.string().nullable() }),
  consent: z.union([
    z.strictObject({
      position: z.enum(['agree', 'abstain', 'disagree']),
      reason: z.string().max(2000),
    }),
    z.strictObject({
      position: z.literal('block'),
      reason: z
        .string()
        .max(2000)
        .refine((s) => s.trim().length > 0, 'a block needs a reason'),
    }),
  ]),
  ranking: z.strictObject({ ranking: z.array(z.string()).max(100) }),
  approval: z.strictObject({ approve: z.array(z.string()).max(100) }),
  score: z.strictObject({ scores: z.record(z.string(), z.number().int()) }),
}

const READERS = {
  majority: readMajorityVote,
  consent: readConsentVote,
  ranking: readRankingVote,
  approval: readApprovalVote,
  score: readScoreVote,
}

const KEYS = ['choice', 'position', 'reason', 'ranking', 'approve', 'scores', '__proto__', 'a']
const POSITIONS = ['agree', 'abstain', 'disagree', 'block', 'Block', '']
const near = fc.oneof(
  fc.constantFrom(...POSITIONS, ' ', ' \n\t', 'x'.repeat(2000), 'x'.repeat(2001)),
  fc.string(),
)
const number = fc.oneof(
  fc.integer(),
  fc.constantFrom(2 ** 53 - 1, 2 ** 53, -(2 ** 53), -0, 1.5, 1e300),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const { value: vote } = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    near,
    number,
    fc.constantFrom(null, true, false),
    fc.array(fc.oneof(near, tie('value')), { maxLength: 3 }),
    fc.array(near, { minLength: 99, maxLength: 102 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...KEYS), fc.string()), tie('value'), {
      maxKeys: 3,
    }),
    fc.dictionary(fc.oneof(fc.constantFrom('a', 'b', '0', '__proto__'), fc.string()), number, {
      maxKeys: 4,
    }),
  ),
}))
// Votes come to the fold through JSON.parse, which makes `__proto__` an ordinary own key.
const parsedVote = vote.map((v) => JSON.parse(JSON.stringify(v) ?? 'null') as unknown)
const shaped = fc.oneof(
  parsedVote,
  fc
    .tuple(
      fc.constantFrom(...KEYS),
      parsedVote,
      fc.option(fc.tuple(fc.constantFrom(...KEYS), parsedVote)),
    )
    .map(([k, v, more]) => {
      const text = `{${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}${more === null ? '' : `,${JSON.stringify(more[0])}:${JSON.stringify(more[1]) ?? 'null'}`}}`
      return JSON.parse(text) as unknown
    }),
)

for (const method of Object.keys(READERS) as (keyof typeof READERS)[]) {
  test(`vote shapes: ${method} accepts exactly what its zod schema accepted, with the same value`, () => {
    fc.assert(
      fc.property(shaped, (given) => {
        const expected = SCHEMAS[method].safeParse(given)
        const got = READERS[method](given)
        if (!expected.success) expect(got).toBeNull()
        else expect(got).toEqual(expected.data)
      }),
      { numRuns: 3000 },
    )
  })
}

test('vote shapes: the edges each schema had', () => {
  const cases: [keyof typeof READERS, string][] = [
    ['majority', '{"choice":null}'],
    ['majority', '{"choice":"a","__proto__":1}'],
    ['majority', '{}'],
    ['consent', '{"position":"block","reason":" \\n "}'],
    ['consent', `{"position":"agree","reason":"${'x'.repeat(2001)}"}`],
    ['consent', '{"position":"block","reason":"we have a reason"}'],
    ['ranking', `{"ranking":${JSON.stringify(Array.from({ length: 101 }, () => 'a'))}}`],
    ['ranking', '{"ranking":["a",1]}'],
    ['approval', '{"approve":[]}'],
    ['score', '{"scores":{"__proto__":"not checked","a":1}}'],
    ['score', '{"scores":{"a":9007199254740992}}'],
    ['score', '{"scores":{"a":-0,"1":2}}'],
    ['score', '{"scores":[]}'],
  ]
  for (const [method, text] of cases) {
    const given = JSON.parse(text) as unknown
    const expected = SCHEMAS[method].safeParse(given)
    expect(READERS[method](given), `${method} ${text}`).toEqual(
      expected.success ? expected.data : null,
    )
  }
})
