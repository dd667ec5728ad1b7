// `veche demo`: fills an empty data folder with a small, real assembly (three identities, a
// proposal, a decided majority poll and an open consent poll), so a newcomer sees Veche work at
// once and has something to try commands on. Running it again only shows what is there.
import { Command } from 'commander'
import {
  computePollResult,
  countActiveMembers,
  deriveSpaceId,
  describeSpace,
  hashSpaceState,
  proposeSeal,
  quorumFor,
} from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import { Context } from '../context.js'
import { createIdentity, listIdentities } from '../identities.js'
import { withContext } from '../run-command.js'
import { randomToken } from './assembly-command.js'

const PEOPLE = ['aigerim', 'bolat', 'dana'] as const

async function as<T>(ctx: Context, name: string, act: (c: Context) => Promise<T>): Promise<T> {
  const other = new Context({ data: ctx.dataDir, as: name })
  try {
    return await act(other)
  } finally {
    await other.close()
  }
}

export function demoCommand(): Command {
  return new Command('demo')
    .description('create a demo assembly in the data folder (once) and show it')
    .action(
      withContext(async (ctx) => {
        const existing = await (await ctx.ledger()).store.spaces()
        let space: SpaceId
        if (existing.length > 0) {
          space = existing[0]!
        } else {
          if (listIdentities(ctx.dataDir).length > 0) {
            process.stderr.write(
              'veche: this data folder has identities already; use another --data for the demo\n',
            )
            process.exitCode = 1
            return
          }
          const [aigerim, bolat, dana] = PEOPLE.map((name) => createIdentity(ctx.dataDir, name))
          space = await as(ctx, 'aigerim', async (c) => {
            const nonce = randomToken()
            const id = deriveSpaceId(aigerim!.publicKey, nonce)
            await c.act(id, 'assembly.created', {
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
            await c.act(id, 'member.admitted', { member: bolat!.publicKey, name: 'Bolat' })
            await c.act(id, 'member.admitted', { member: dana!.publicKey, name: 'Dana' })
            return id
          })
          const proposal = await as(ctx, 'bolat', (c) =>
            c.act(space, 'proposal.submitted', {
              title: 'Open a free kitchen',
              text: 'Run a free kitchen in the old library every Sunday.',
            }),
          )
          const poll = await as(ctx, 'aigerim', (c) =>
            c.act(space, 'poll.opened', {
              question: 'Open a free kitchen?',
              proposal,
              method: 'majority',
              options: ['yes', 'no'],
              voters: 'members',
              threshold: { num: 1, den: 2 },
              tieBreakSeed: randomToken(),
            }),
          )
          for (const [name, choice] of [
            ['aigerim', 'yes'],
            ['bolat', 'yes'],
            ['dana', 'no'],
          ] as const) {
            await as(ctx, name, (c) => c.act(space, 'ballot.cast', { poll, vote: { choice } }))
          }
          await as(ctx, 'aigerim', async (c) => {
            const state = await c.space(space)
            const record = state.polls.get(poll)!
            const ballots = proposeSeal(record) as EventId[]
            const result = computePollResult(
              record,
              ballots.map((b) => record.ballots.get(b)!.vote),
              {
                quorum: quorumFor(state.assembly!.rules.quorum, countActiveMembers(state)),
              },
            )
            if (!result.ok) throw new Error(result.message)
            await c.act(space, 'poll.closed', { poll, ballots, result: result.value })
            await c.act(space, 'poll.opened', {
              question: 'Hold the next assembly in the park?',
              proposal: null,
              method: 'consent',
              options: [],
              voters: 'members',
              threshold: { num: 0, den: 1 },
              tieBreakSeed: randomToken(),
            })
          })
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
