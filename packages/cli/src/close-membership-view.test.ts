// A close on one hub while a member leaves on another, through real processes (`veche serve`, the
// built bin, two SQLite data folders): the facilitator closes with `veche poll close` on hub 1's
// data folder while a voter's `member.left` reaches hub 2; after the hubs sync, both take both
// events, `veche verify` prints one state hash on both folders, and the closer's later events are
// taken on both. Before `poll.closed.3` (the close's membership view) hub 2 counted the quorum
// among the members it held at the fold, refused the close (`poll.result-mismatch`), and the
// closer's later events waited there for good.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventAuthor } from '@veche/core'
import type { SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import { afterAll, expect, test } from 'vitest'
import { cliOn, startHub } from './test-support/cli-processes.js'
import type { Hub } from './test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-close-view-'))
const hubs: Hub[] = []
afterAll(async () => {
  await Promise.all(hubs.map((h) => h.stop()))
  rmSync(root, { recursive: true, force: true })
})

async function started(data: string, after: readonly string[] = []): Promise<Hub> {
  const hub = await startHub(data, { after })
  hubs.push(hub)
  return hub
}

async function stopped(hub: Hub): Promise<void> {
  hubs.splice(hubs.indexOf(hub), 1)
  await hub.stop()
}

async function post(url: string, events: readonly SignedEvent[]) {
  const res = await fetch(`${url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  expect(res.status).toBe(200)
  return ((await res.json()) as { outcomes: { status: string; code?: string }[] }).outcomes
}

/** How many events a hub holds in `space` (the sum of its vector). */
async function held(url: string, space: string): Promise<number> {
  const res = await fetch(`${url}/api/sync/spaces`)
  const body = (await res.json()) as { spaces: Record<string, { vector: Record<string, number> }> }
  return Object.values(body.spaces[space]?.vector ?? {}).reduce((a, b) => a + b, 0)
}

async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`timed out waiting for ${what}`)
}

test('veche poll close on hub 1 while a member leaves on hub 2: after sync one verify hash, and the closer goes on on both', async () => {
  const [dataA, dataB] = [join(root, 'a'), join(root, 'b')]
  const [cliA, cliB] = [cliOn(root, dataA), cliOn(root, dataB)]
  const keys = new Map<string, string>()
  for (const name of ['aigerim', 'bolat', 'dana'])
    keys.set(name, (await cliA.run(['id', 'new', name])).out)
  const keyOf = (name: string) => keys.get(name)!
  // Five members, a quorum of 50 %: 3 ballots of 5 are needed, 2 of 4 once Erlan has left.
  const space = (await cliA.ok(
    'aigerim',
    'assembly',
    'create',
    '--name',
    'Depot',
    '--quorum-percent',
    '50',
  )) as SpaceId
  const erlan = new EventAuthor(nodeSigner(generateKeyPair()))
  const farida = new EventAuthor(nodeSigner(generateKeyPair()))
  for (const [name, key] of [
    ['Bolat', keyOf('bolat')],
    ['Dana', keyOf('dana')],
    ['Erlan', erlan.publicKey],
    ['Farida', farida.publicKey],
  ] as const)
    await cliA.ok('aigerim', 'admit', '--space', space, '--key', key, '--name', name)
  const poll = await cliA.ok(
    'aigerim',
    'poll',
    'open',
    '--space',
    space,
    '--question',
    'Strike?',
    '--options',
    'yes,no',
  )
  for (const [who, choice] of [
    ['aigerim', 'yes'],
    ['bolat', 'yes'],
    ['dana', 'no'],
  ] as const)
    await cliA.ok(who, 'vote', '--poll', poll, '--choice', choice)

  // Hub 2 learns everything from hub 1, then they are apart.
  let a = await started(dataA)
  expect((await cliB.run(['sync', a.url])).code).toBe(0)
  await stopped(a)
  // On hub 1's folder Aigerim closes the poll and goes on; on hub 2 Erlan leaves meanwhile.
  const closed = JSON.parse(
    await cliA.ok('aigerim', '--json', 'poll', 'close', '--poll', poll),
  ) as {
    result: { quorum: { required: number } }
  }
  expect(closed.result.quorum.required).toBe(3)
  await cliA.ok('aigerim', 'propose', '--space', space, '--title', 'Next', '--text', 'Rota.')
  let b = await started(dataB)
  expect(await post(b.url, [await erlan.next(space, 'member.left', {}, Date.now())])).toEqual([
    expect.objectContaining({ status: 'accepted' }),
  ])
  const total = (await held(b.url, space)) + 2

  // They meet: hub 2 replicates with hub 1 both ways.
  a = await started(dataA)
  await stopped(b)
  b = await started(dataB, ['--peer', a.url, '--sync-interval', '1'])
  await waitFor(
    async () => (await held(a.url, space)) === total && (await held(b.url, space)) === total,
    'both hubs to hold every event',
  )
  await Promise.all([stopped(a), stopped(b)])
  const verified = await Promise.all(
    [cliA, cliB].map(async (cli) => {
      const run = await cli.run(['--json', 'verify'])
      expect(run.code).toBe(0)
      const report = JSON.parse(run.out) as {
        spaces: { space: string; hash: string; events: number }[]
      }
      return report.spaces.find((s) => s.space === space)!
    }),
  )
  expect(verified[0]!.events).toBe(total)
  expect(verified[1]).toEqual(verified[0])
  for (const cli of [cliA, cliB]) {
    const shown = JSON.parse((await cli.run(['--json', 'show', '--space', space])).out) as {
      polls: Record<string, { status: string }>
      proposals: Record<string, unknown>
    }
    expect(shown.polls[poll]!.status).toBe('closed')
    expect(Object.keys(shown.proposals)).toHaveLength(1)
  }
}, 120_000)
