// Look-alike poll options (poll-rules.ts, docs/events.md "Texts"): in a space under text rules 2 a
// poll whose options a voter could not tell apart is refused, whichever poll type opens it; a log
// signed before that rule, in a space under text rules 0 or 1, still folds to the hash it had.
import { beforeAll, expect, test } from 'vitest'
import { applyEvent } from './apply-event.js'
import type { EventBodyInput } from './event-bodies.js'
import { EventAuthor } from './event-author.js'
import { parseEvent } from './event-envelope.js'
import type { SignedEvent } from './event-envelope.js'
import type { SpaceId } from './ids.js'
import type { Rejection } from './result.js'
import { computeEventId } from './signing.js'
import { createSpaceState } from './space-state.js'
import { hashSpaceState } from './state-view.js'
import { LOOK_ALIKE_OPTION_LOGS } from './test-support/look-alike-option-logs.js'
import { generateWebCryptoSigner } from './webcrypto-ed25519.js'

const T0 = 1_700_000_000_000
let founder: EventAuthor
let teller: EventAuthor

beforeAll(async () => {
  founder = new EventAuthor(await generateWebCryptoSigner())
  teller = new EventAuthor(await generateWebCryptoSigner())
})

let spaces = 0

/** A new space under text rules `texts`, with a second member; its events so far. */
async function space(texts: 0 | 1 | 2): Promise<{ id: SpaceId; events: SignedEvent[] }> {
  const nonce = `look-alike-${spaces++}`
  const id = founder.spaceFor(nonce)
  const body: EventBodyInput<'assembly.created'> = {
    nonce,
    name: 'Hall',
    description: '',
    languages: ['en'],
    founderName: 'Dana',
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: { ballots: 0, percent: 0 },
      defaultMethod: 'majority',
      visibility: 'public',
    },
    ...(texts === 0 ? {} : { texts }),
  }
  return {
    id,
    events: [
      await founder.next(id, 'assembly.created', body, T0),
      await founder.next(id, 'member.admitted', { member: teller.publicKey, name: 'Bolat' }, T0),
    ],
  }
}

/** Folds `events`: each one's rejection, or null. */
function fold(id: SpaceId, events: readonly SignedEvent[]): (Rejection | null)[] {
  const state = createSpaceState(id)
  return events.map((event) => applyEvent(state, event, computeEventId(event)))
}

const open = {
  question: 'Strike on Monday?',
  method: 'majority' as const,
  voters: 'members' as const,
  threshold: { num: 1, den: 2 },
  tieBreakSeed: 'look-alike-seed',
}
const later = { ...open, subject: null, seats: 1, scoreRange: null }

/** The poll types that carry options. */
const OPENINGS = ['poll.opened', 'poll.opened.2', 'poll.opened.3', 'secret.poll-opened'] as const

/** Signs a poll of `type` with `options`. */
function signOpening(
  id: SpaceId,
  type: (typeof OPENINGS)[number],
  options: string[],
): Promise<SignedEvent> {
  switch (type) {
    case 'poll.opened':
      return founder.next(id, type, { ...open, proposal: null, options }, T0 + 1)
    case 'poll.opened.2':
      return founder.next(
        id,
        type,
        { ...open, proposal: null, options, seats: 1, scoreRange: null },
        T0 + 1,
      )
    case 'poll.opened.3':
      return founder.next(id, type, { ...later, options, closesAt: T0 + 1_000 }, T0 + 1)
    case 'secret.poll-opened':
      return founder.next(
        id,
        type,
        {
          ...later,
          options,
          secret: { issuers: [founder.publicKey], tellers: [teller.publicKey], tellerQuorum: 1 },
        },
        T0 + 1,
      )
  }
}

async function openIn(texts: 0 | 1 | 2, type: (typeof OPENINGS)[number], options: string[]) {
  const { id, events } = await space(texts)
  return fold(id, [...events, await signOpening(id, type, options)])
}

const LOOK_ALIKE: readonly (readonly [string, string, string])[] = [
  ['a Cyrillic е', 'Yes', 'Y\u0435s'],
  ['a trailing space', 'Yes', 'Yes '],
  ['a leading space', 'Yes', ' Yes'],
  ['a zero-width space', 'Yes', 'Ye\u200bs'],
  ['a left-to-right mark', 'Yes', 'Yes\u200e'],
  ['a combining grapheme joiner', 'Yes', 'Ye\u034fs'],
  ['fullwidth letters', 'Yes', '\uff39\uff45\uff53'],
  ['a no-break space', 'Stay here', 'Stay\u00a0here'],
  ['another case', 'Yes', 'YES'],
  ['Greek letters', 'Kato', 'Κατο'],
]

test('look-alike options: under text rules 2 a poll whose options look alike is refused, naming both', async () => {
  for (const [, first, second] of LOOK_ALIKE) {
    const refused = await openIn(2, 'poll.opened', [first, 'No', second])
    expect(refused.slice(0, -1)).toEqual([null, null])
    expect(refused.at(-1)).toMatchObject({ code: 'poll.look-alike-options' })
    expect(refused.at(-1)?.message).toMatch(/^options 1 \("(Yes|Stay here|Kato)"\) and 3 \(/)
  }
})

test('look-alike options: the message writes what a reader cannot see as \\uXXXX', async () => {
  const [, , refused] = await openIn(2, 'poll.opened', ['Yes', 'Ye\u200bs'])
  expect(refused?.message).toBe(
    'options 1 ("Yes") and 2 ("Ye\\u200Bs") look alike: a voter could not tell which one she picks',
  )
  const [, , trailing] = await openIn(2, 'poll.opened', ['Yes ', 'Yes'])
  expect(trailing?.message).toMatch(/^options 1 \("Yes "\) and 2 \("Yes"\)/)
})

test('look-alike options: every poll type with options refuses them, the secret one too', async () => {
  for (const type of OPENINGS) {
    const refused = await openIn(2, type, ['Roof', 'Windows', 'R\u043e\u043ef'])
    expect(refused.at(-1), type).toMatchObject({ code: 'poll.look-alike-options' })
    expect(await openIn(2, type, ['Roof', 'Windows']), type).toEqual([null, null, null])
  }
})

test('look-alike options: options that differ to the eye stay allowed', async () => {
  const apart: readonly (readonly string[])[] = [
    ['Yes', 'No', 'Abstain'],
    ['Yes', 'Yes!'],
    ['Қанат', 'Канат'],
    ['Ұлан', 'Улан'],
    ['Plan A', 'Plan B', 'Plan C'],
    ['10', '100'],
    ['Да', 'Нет'],
    ['찬성', '반대'],
  ]
  for (const options of apart) {
    expect(await openIn(2, 'poll.opened', [...options]), options.join(' / ')).toEqual([
      null,
      null,
      null,
    ])
  }
})

test('look-alike options: a space under text rules 0 or 1 takes them as it always did', async () => {
  for (const texts of [0, 1] as const) {
    for (const [, first, second] of LOOK_ALIKE) {
      expect(await openIn(texts, 'poll.opened', [first, second])).toEqual([null, null, null])
    }
  }
})

test('look-alike options: logs signed before the rule fold, event for event, to the hash they had', () => {
  for (const log of LOOK_ALIKE_OPTION_LOGS) {
    const events = log.events.map((json) => {
      const parsed = parseEvent(JSON.parse(json))
      if (!parsed.ok) throw new Error(parsed.message)
      return parsed.value.event
    })
    const state = createSpaceState(events[0]!.space)
    const refused = events.map((event) => applyEvent(state, event, computeEventId(event)))
    expect(refused, `texts ${log.texts}`).toEqual(events.map(() => null))
    expect(hashSpaceState(state), `texts ${log.texts}`).toBe(log.hash)
  }
})
