// `veche demo`: fills an empty data folder with a small, real assembly (three identities, a
// proposal, a decided majority poll and an open consent poll, a statement adopted by a vote and
// translated, a conversation with enough votes for an opinion map) that has joined a district council through an elected delegate, so a newcomer sees
// Veche work at once and has something to try commands on. Running it again only shows what is
// there.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Command } from '../commander.js'
import {
  currentRevision,
  deriveSpaceId,
  describeSpace,
  draftNext,
  hashSpaceState,
  proposeClose,
  signEvent,
  RULES_VERSION,
  TEXT_RULES_VERSION,
  nextElection,
} from '@veche/core'
import type { EventBodyInput, EventId, EventType, PublicKey, SpaceId } from '@veche/core'
import { generateKeyPair, writePrivateFile } from '@veche/store'
import type { Ledger } from '@veche/store'
import { CliError } from '../cli-error.js'
import { createIdentity, listIdentities, loadIdentity } from '../identities.js'
import type { Identity } from '../identities.js'
import { withContext } from '../run-command.js'
import { randomToken } from './assembly-command.js'
import { invitationCode } from './invite-command.js'
import { terminalSafe } from '../terminal-text.js'

const PEOPLE = ['aigerim', 'bolat', 'dana'] as const

/** Signs `who`'s next event in `space` and submits it through `ledger`; throws on rejection. */
async function act<T extends EventType>(
  ledger: Ledger,
  who: Identity,
  space: SpaceId,
  type: T,
  body: EventBodyInput<T>,
): Promise<EventId> {
  const state = await ledger.state(space)
  const event = await signEvent(
    draftNext(state, space, who.publicKey, type, body, Date.now()),
    who.signer,
  )
  const outcome = (await ledger.submit([event])).outcomes[0]
  if (outcome?.status !== 'accepted') {
    throw new Error(`the demo's own ${type} was not accepted: ${JSON.stringify(outcome)}`)
  }
  return outcome.id
}

/**
 * Creates the demo assembly through `ledger` (any store), with its three identities in
 * `dataDir/identities`: three members, a proposal, a decided majority poll and an open consent
 * poll, a statement, a conversation with its opinion map, and a council. Refuses (CliError) if the folder already holds identities. Returns the space id.
 */
export async function seedDemo(
  ledger: Ledger,
  dataDir: string,
  passphrase: string | null = null,
): Promise<SpaceId> {
  if (listIdentities(dataDir).length > 0) {
    throw new CliError('this data folder has identities already; use another --data for the demo')
  }
  const [aigerim, bolat, dana] = PEOPLE.map((name) =>
    createIdentity(dataDir, name, passphrase),
  ) as [Identity, Identity, Identity]
  const nonce = randomToken()
  const space = deriveSpaceId(aigerim.publicKey, nonce)
  await act(ledger, aigerim, space, 'assembly.created', {
    nonce,
    texts: TEXT_RULES_VERSION,
    rulesVersion: RULES_VERSION,
    name: 'Riverside neighbourhood assembly',
    description: 'A demo assembly, made by the command veche demo.',
    languages: ['en', 'ru', 'kk', 'ko'],
    founderName: 'Aigerim',
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: { ballots: 0, percent: 50 },
      defaultMethod: 'majority',
      visibility: 'public',
    },
  })
  await act(ledger, aigerim, space, 'member.admitted', { member: bolat.publicKey, name: 'Bolat' })
  await act(ledger, aigerim, space, 'member.admitted', { member: dana.publicKey, name: 'Dana' })
  const proposal = await act(ledger, bolat, space, 'proposal.submitted', {
    title: 'Open a free kitchen',
    text: 'Run a free kitchen in the old library every Sunday.',
  })
  const poll = await act(ledger, aigerim, space, 'poll.opened', {
    question: 'Open a free kitchen?',
    proposal,
    method: 'majority',
    options: ['yes', 'no'],
    voters: 'members',
    threshold: { num: 1, den: 2 },
    tieBreakSeed: randomToken(),
  })
  await voteAndClose(ledger, space, aigerim, poll, [
    [aigerim, { choice: 'yes' }],
    [bolat, { choice: 'yes' }],
    [dana, { choice: 'no' }],
  ])
  await act(ledger, aigerim, space, 'poll.opened', {
    question: 'Hold the next assembly in the park?',
    proposal: null,
    method: 'consent',
    options: [],
    voters: 'members',
    threshold: { num: 0, den: 1 },
    tieBreakSeed: randomToken(),
  })
  await seedStatement(ledger, space, aigerim, bolat, dana)
  await seedConversation(ledger, space, aigerim, bolat, dana)
  await seedCouncil(ledger, space, aigerim, bolat, dana)
  return space
}

/** Casts `votes` in an open poll and closes it (by `closer`) with the result every hub checks. */
async function voteAndClose(
  ledger: Ledger,
  space: SpaceId,
  closer: Identity,
  poll: EventId,
  votes: readonly (readonly [Identity, unknown])[],
): Promise<void> {
  for (const [who, vote] of votes) await act(ledger, who, space, 'ballot.cast', { poll, vote })
  const state = (await ledger.state(space))!
  const record = state.polls.get(poll)!
  const close = proposeClose(state, record)
  if (!close.ok) throw new Error(close.message)
  await act(ledger, closer, space, 'poll.closed.3', close.value)
}

/**
 * A conversation (docs/opinions.md) with enough votes for an opinion map of two groups and one
 * statement everyone agrees with: Aigerim's three statements, Bolat's (accepted) and Dana's
 * (rejected with a reason); all three vote on the four accepted ones.
 */
async function seedConversation(
  ledger: Ledger,
  space: SpaceId,
  aigerim: Identity,
  bolat: Identity,
  dana: Identity,
): Promise<void> {
  const conversation = await act(ledger, aigerim, space, 'conversation.opened', {
    question: 'What would make the river path better?',
    source: null,
  })
  const submit = (who: Identity, text: string): Promise<EventId> =>
    act(ledger, who, space, 'conversation.statement-submitted', { conversation, text })
  const trees = await submit(aigerim, 'Plant trees along the river path.')
  const cars = await submit(aigerim, 'Close the embankment road to cars on Sundays.')
  const benches = await submit(aigerim, 'Put more benches by the water.')
  const lights = await submit(bolat, 'Light the river path at night.')
  await act(ledger, aigerim, space, 'conversation.statement-accepted', {
    conversation,
    statement: lights,
  })
  const fines = await submit(dana, 'Fine everyone who parks badly!')
  await act(ledger, aigerim, space, 'conversation.statement-rejected', {
    conversation,
    statement: fines,
    reason: 'Fines are the city council’s, not something this assembly decides.',
  })
  const votes: [Identity, EventId, -1 | 0 | 1][] = [
    [aigerim, trees, 1],
    [aigerim, cars, 1],
    [aigerim, benches, 1],
    [aigerim, lights, 1],
    [bolat, trees, 1],
    [bolat, cars, -1],
    [bolat, benches, 1],
    [bolat, lights, -1],
    [dana, trees, 1],
    [dana, cars, -1],
    [dana, benches, -1],
    [dana, lights, 0],
  ]
  for (const [who, statement, vote] of votes)
    await act(ledger, who, space, 'conversation.voted', { conversation, statement, vote })
}

/** A statement drafted by Bolat, adopted by the assembly's vote, translated into Russian. */
async function seedStatement(
  ledger: Ledger,
  space: SpaceId,
  aigerim: Identity,
  bolat: Identity,
  dana: Identity,
): Promise<void> {
  const statement = await act(ledger, bolat, space, 'statement.drafted', {
    language: 'en',
    title: 'Clean water for every yard',
    lead: ['Water is not a privilege.'],
    paragraphs: [
      'Since March the tap water in the yards along the river has been brown for days at a time.',
      'We, the Riverside neighbourhood assembly, ask the water board to test the water in every yard and publish the results.',
      'Until the pipes are mended, we ask for a water tanker at the old library every morning.',
    ],
    closing: ['We will meet again in one month to hear the answer.'],
    references: [
      {
        title: 'WHO guidelines for drinking-water quality',
        url: 'https://www.who.int/publications/i/item/9789241549950',
      },
    ],
    notes: 'A demo statement, made by the command veche demo.',
  })
  const record = (await ledger.state(space))!.statements.documents.get(statement)!
  const poll = await act(ledger, aigerim, space, 'poll.opened.3', {
    question: 'Adopt the statement "Clean water for every yard"?',
    subject: { kind: 'statement', statement, revision: currentRevision(record) },
    method: 'majority',
    options: ['adopt', 'do not adopt'],
    voters: 'members',
    threshold: { num: 1, den: 2 },
    seats: 1,
    scoreRange: null,
    tieBreakSeed: randomToken(),
  })
  await voteAndClose(ledger, space, aigerim, poll, [
    [aigerim, { choice: 'adopt' }],
    [bolat, { choice: 'adopt' }],
    [dana, { choice: 'adopt' }],
  ])
  await act(ledger, aigerim, space, 'statement.adopted', { statement, poll })
  await act(ledger, dana, space, 'statement.translated', {
    statement,
    language: 'ru',
    title: 'Чистая вода в каждый двор',
    lead: ['Вода — не привилегия.'],
    paragraphs: [
      'С марта вода из кранов во дворах у реки по нескольку дней бывает бурой.',
      'Мы, собрание района Риверсайд, просим водоканал проверить воду в каждом дворе и опубликовать результаты.',
      'Пока трубы не починят, мы просим каждое утро присылать водовоз к старой библиотеке.',
    ],
    closing: ['Мы соберёмся снова через месяц, чтобы услышать ответ.'],
    status: 'reviewed',
  })
}

/**
 * A district council convened by Aigerim, which the assembly joins by its own vote; the assembly
 * elects Bolat its delegate (Dana his alternate), the council takes note, and a council poll is
 * open for the delegates.
 */
async function seedCouncil(
  ledger: Ledger,
  space: SpaceId,
  aigerim: Identity,
  bolat: Identity,
  dana: Identity,
): Promise<void> {
  const nonce = randomToken()
  const council = deriveSpaceId(aigerim.publicKey, nonce)
  await act(ledger, aigerim, council, 'council.created', {
    nonce,
    texts: TEXT_RULES_VERSION,
    rulesVersion: RULES_VERSION,
    name: 'Riverside district council',
    description:
      'A demo council, made by the command veche demo: one delegate from each neighbourhood.',
    languages: ['en', 'ru', 'kk', 'ko'],
    founderName: 'Aigerim',
    rules: {
      seats: { kind: 'fixed', perSpace: 1 },
      quorum: { ballots: 0, percent: 50 },
      defaultMethod: 'majority',
    },
  })
  const everyone = [aigerim, bolat, dana]
  const join = await act(ledger, aigerim, space, 'poll.opened.3', {
    question: 'Join the Riverside district council?',
    subject: { kind: 'join', council },
    method: 'majority',
    options: ['join', 'stay out'],
    voters: 'members',
    threshold: { num: 1, den: 2 },
    seats: 1,
    scoreRange: null,
    tieBreakSeed: randomToken(),
  })
  await voteAndClose(
    ledger,
    space,
    aigerim,
    join,
    everyone.map((who) => [who, { choice: 'join' }] as const),
  )
  const decision = await act(ledger, aigerim, space, 'council.join-decided.2', {
    council,
    poll: join,
  })
  await act(ledger, aigerim, council, 'council.space-admitted', { space, decision })
  const candidates = [bolat.publicKey, dana.publicKey]
  const election = await pollOf(
    ledger,
    space,
    aigerim,
    'Who is our delegate to the district council?',
    candidates,
  )
  await voteAndClose(
    ledger,
    space,
    aigerim,
    election,
    everyone.map((who) => [who, { choice: bolat.publicKey }] as const),
  )
  const elected = await act(ledger, aigerim, space, 'delegate.elected.3', {
    council,
    delegates: [bolat.publicKey],
    alternates: [dana.publicKey],
    poll: election,
    term: 'until the autumn assembly',
    termEnds: null,
    ...nextElection((await ledger.state(space))!, council),
  })
  await act(ledger, aigerim, council, 'council.notice', { reference: elected })
  await pollOf(ledger, council, aigerim, 'Ask the city to test the river water this spring?', [
    'for',
    'against',
  ])
}

/** Opens a majority poll on a question of its own; returns its id. */
function pollOf(
  ledger: Ledger,
  space: SpaceId,
  opener: Identity,
  question: string,
  options: readonly string[],
): Promise<EventId> {
  return act(ledger, opener, space, 'poll.opened.2', {
    question,
    proposal: null,
    method: 'majority',
    options: [...options],
    voters: 'members',
    threshold: { num: 1, den: 2 },
    seats: 1,
    scoreRange: null,
    tieBreakSeed: randomToken(),
  })
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('create a demo assembly in the data folder (once) and show it')
    .action(
      withContext(async (ctx) => {
        const ledger = await ctx.ledger()
        let space = await demoAssembly(ledger, ctx.dataDir, ctx.passphrase())
        if (space === null) {
          try {
            space = await seedDemo(ledger, ctx.dataDir, ctx.passphrase())
          } catch (error) {
            if (!(error instanceof CliError)) throw error
            process.stderr.write(`veche: ${terminalSafe(error.message)}\n`)
            process.exitCode = 1
            return
          }
        }
        const state = await ctx.space(space)
        const view = describeSpace(state)
        const open = Object.entries(view.polls).find(([, p]) => p.status === 'open')?.[0]
        const statement = Object.keys(view.statements?.documents ?? {})[0]
        const council = Object.keys(view.federation?.councils ?? {})[0]
        ctx.print(
          {
            space,
            hash: hashSpaceState(state),
            openPoll: open ?? null,
            statement: statement ?? null,
            council: council ?? null,
            identities: listIdentities(ctx.dataDir),
          },
          () =>
            [
              `Demo assembly "${view.assembly!.name}" in ${ctx.dataDir}`,
              `  space ${space}, state ${hashSpaceState(state)} after ${view.events} signed events`,
              `  identities on this device: ${listIdentities(ctx.dataDir).join(', ')}`,
              '',
              'Try:',
              `  npx veche show --space ${space}`,
              ...(open === undefined
                ? []
                : [
                    `  npx veche --as dana vote --poll ${open} --choice agree`,
                    `  npx veche --as aigerim poll close --poll ${open}`,
                  ]),
              ...(statement === undefined
                ? []
                : [`  npx veche statement show --statement ${statement}`]),
              ...(council === undefined ? [] : [`  npx veche show --space ${council}`]),
              '  npx veche verify',
              `  npx veche export --space ${space} --out assembly.veche`,
            ].join('\n'),
        )
      }),
    )
}

/**
 * The demo assembly of this data folder: the one its demo founder (the `aigerim` identity) founded,
 * looked for first where the kept demo invitation points; else the first assembly of the store (a
 * hub without the demo's identities shows its own); else null. Not simply the first by id: an
 * assembly a newcomer founds on the demo hub may sort first, and a restart then named that one the
 * demo assembly and printed no link to join the demo.
 */
export async function demoAssembly(
  ledger: Ledger,
  dataDir: string,
  passphrase: string | null = null,
): Promise<SpaceId | null> {
  if (listIdentities(dataDir).includes('aigerim')) {
    const founder = loadIdentity(dataDir, 'aigerim', passphrase).publicKey
    const spaces = await ledger.store.spaces()
    const kept = join(dataDir, DEMO_INVITATION_FILE)
    const invited = existsSync(kept)
      ? /^veche-invite:([A-Za-z0-9_-]+)\./.exec(readFileSync(kept, 'utf8'))?.[1]
      : undefined
    const first = spaces.filter((space) => space === invited)
    for (const space of [...first, ...spaces.filter((space) => space !== invited)]) {
      const state = await ledger.state(space)
      if (state?.assembly?.founder === founder && state.council === null) return space
    }
  }
  return firstAssembly(ledger)
}

/** The first space of the store that is an assembly (not a council), or null if none. */
export async function firstAssembly(ledger: Ledger): Promise<SpaceId | null> {
  for (const space of await ledger.store.spaces()) {
    const state = await ledger.state(space)
    if (state?.assembly !== null && state?.council === null) return space
  }
  return null
}

/**
 * A fresh invitation to the demo assembly, made by its facilitator, so phones can join it from
 * the hub's web app; null when this data folder holds no demo facilitator.
 */
export async function demoInvitation(
  ledger: Ledger,
  dataDir: string,
  space: SpaceId,
  passphrase: string | null = null,
): Promise<string | null> {
  if (!listIdentities(dataDir).includes('aigerim')) return null
  const aigerim = loadIdentity(dataDir, 'aigerim', passphrase)
  const state = await ledger.state(space)
  if (state?.assembly?.founder !== aigerim.publicKey) return null
  // A restart prints the same link while its invitation is still open, so links already handed
  // out (a printed QR code, a message) keep working and the log does not fill with invitations.
  const kept = join(dataDir, DEMO_INVITATION_FILE)
  if (existsSync(kept)) {
    const code = readFileSync(kept, 'utf8').trim()
    const key = code.split('.')[1]
    const open = key === undefined ? undefined : state.invitations.get(key as PublicKey)
    if (
      code.startsWith(`veche-invite:${space}.`) &&
      open !== undefined &&
      open.used < open.uses &&
      (open.revoked ?? null) === null &&
      (open.expires ?? null) === null
    ) {
      return code
    }
  }
  const invitation = generateKeyPair()
  await act(ledger, aigerim, space, 'member.invited', {
    invitation: invitation.publicKey,
    uses: 1000,
    note: 'veche serve --demo',
  })
  const code = invitationCode(space, invitation)
  writePrivateFile(kept, `${code}\n`)
  return code
}

/** Where `veche serve --demo` keeps its open invitation's code, in the data folder (0600). */
export const DEMO_INVITATION_FILE = 'demo-invitation.txt'
