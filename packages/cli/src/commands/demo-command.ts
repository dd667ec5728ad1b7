// `veche demo`: fills an empty data folder with a small, real assembly (three identities, a
// proposal, a decided majority poll and an open consent poll), so a newcomer sees Veche work at
// once and has something to try commands on. Running it again only shows what is there.
import { Command } from 'commander'
import {
  computePollResult,
  countActiveMembers,
  deriveSpaceId,
  describeSpace,
  draftNext,
  hashSpaceState,
  proposeSeal,
  quorumFor,
  signEvent,
} from '@veche/core'
import type { EventBodyInput, EventId, EventType, SpaceId } from '@veche/core'
import { generateKeyPair } from '@veche/store'
import type { Ledger } from '@veche/store'
import { CliError } from '../cli-error.js'
import { createIdentity, listIdentities, loadIdentity } from '../identities.js'
import type { Identity } from '../identities.js'
import { withContext } from '../run-command.js'
import { randomToken } from './assembly-command.js'
import { invitationCode } from './invite-command.js'

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
 * poll. Refuses (CliError) if the folder already holds identities. Returns the space id.
 */
export async function seedDemo(ledger: Ledger, dataDir: string): Promise<SpaceId> {
  if (listIdentities(dataDir).length > 0) {
    throw new CliError('this data folder has identities already; use another --data for the demo')
  }
  const [aigerim, bolat, dana] = PEOPLE.map((name) => createIdentity(dataDir, name)) as [
    Identity,
    Identity,
    Identity,
  ]
  const nonce = randomToken()
  const space = deriveSpaceId(aigerim.publicKey, nonce)
  await act(ledger, aigerim, space, 'assembly.created', {
    nonce,
    name: 'Riverside neighbourhood assembly',
    description: 'A demo assembly made by `veche demo`.',
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
  for (const [who, choice] of [
    [aigerim, 'yes'],
    [bolat, 'yes'],
    [dana, 'no'],
  ] as const) {
    await act(ledger, who, space, 'ballot.cast', { poll, vote: { choice } })
  }
  const state = (await ledger.state(space))!
  const record = state.polls.get(poll)!
  const ballots = proposeSeal(record) as EventId[]
  const result = computePollResult(
    record,
    ballots.map((b) => record.ballots.get(b)!.vote),
    { quorum: quorumFor(state.assembly!.rules.quorum, countActiveMembers(state)) },
  )
  if (!result.ok) throw new Error(result.message)
  await act(ledger, aigerim, space, 'poll.closed', { poll, ballots, result: result.value })
  await act(ledger, aigerim, space, 'poll.opened', {
    question: 'Hold the next assembly in the park?',
    proposal: null,
    method: 'consent',
    options: [],
    voters: 'members',
    threshold: { num: 0, den: 1 },
    tieBreakSeed: randomToken(),
  })
  return space
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('create a demo assembly in the data folder (once) and show it')
    .action(
      withContext(async (ctx) => {
        const ledger = await ctx.ledger()
        const existing = await ledger.store.spaces()
        let space: SpaceId
        if (existing.length > 0) {
          space = existing[0]!
        } else {
          try {
            space = await seedDemo(ledger, ctx.dataDir)
          } catch (error) {
            if (!(error instanceof CliError)) throw error
            process.stderr.write(`veche: ${error.message}\n`)
            process.exitCode = 1
            return
          }
        }
        const state = await ctx.space(space)
        const view = describeSpace(state)
        const open = Object.entries(view.polls).find(([, p]) => p.status === 'open')?.[0]
        ctx.print(
          {
            space,
            hash: hashSpaceState(state),
            openPoll: open ?? null,
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
              '  npx veche verify',
              `  npx veche export --space ${space} --out assembly.veche`,
            ].join('\n'),
        )
      }),
    )
}

/**
 * A fresh invitation to the demo assembly, made by its facilitator, so phones can join it from
 * the hub's web app; null when this data folder holds no demo facilitator.
 */
export async function demoInvitation(
  ledger: Ledger,
  dataDir: string,
  space: SpaceId,
): Promise<string | null> {
  if (!listIdentities(dataDir).includes('aigerim')) return null
  const aigerim = loadIdentity(dataDir, 'aigerim')
  if ((await ledger.state(space))?.assembly?.founder !== aigerim.publicKey) return null
  const invitation = generateKeyPair()
  await act(ledger, aigerim, space, 'member.invited', {
    invitation: invitation.publicKey,
    uses: 1000,
    note: 'veche serve --demo',
  })
  return invitationCode(space, invitation)
}
