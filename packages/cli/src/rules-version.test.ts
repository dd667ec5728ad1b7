// Rules version 3 (docs/events.md, "Rules versions"): `veche assembly create` and `veche council
// create` found every space under it, and there an event type a newer version superseded, signed
// by hand with the founder's own key, is refused by a hub (`veche serve`) and by `veche verify`
// alike, each naming the type to sign instead.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson, computeEventId, EventAuthor } from '@veche/core'
import type { SignedEvent, SpaceId } from '@veche/core'
import { openSqliteStore } from '@veche/store'
import { afterAll, expect, test } from 'vitest'
import { loadIdentity } from './identities.js'
import { cliOn, startHub, veche } from './test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-rules-version-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('rules version: the CLI founds spaces under rules version 3, where a hand-signed superseded type is refused by the hub and by veche verify', async () => {
  const data = join(root, 'data')
  const cli = cliOn(root, data)
  await cli.ok('aigerim', 'id', 'new', 'aigerim')
  const space = (await cli.ok('aigerim', 'assembly', 'create', '--name', 'Hall')) as SpaceId
  const council = (await cli.ok(
    'aigerim',
    'council',
    'create',
    '--name',
    'City council',
    '--seats-per-space',
    '1',
  )) as SpaceId

  const store = await openSqliteStore(join(data, 'veche.db'))
  const creations: SignedEvent[] = []
  for (const where of [space, council])
    for await (const stored of store.read(where)) {
      creations.push(JSON.parse(stored.json) as SignedEvent)
      break
    }
  await store.close()
  expect(
    creations.map((e) => [e.type, (e.body as { rulesVersion?: number }).rulesVersion]),
  ).toEqual([
    ['assembly.created', 3],
    ['council.created', 3],
  ])

  // The founder signs an old-type count by hand, right after the creation.
  const aigerim = new EventAuthor(loadIdentity(data, 'aigerim').signer)
  aigerim.follow(space, { seq: 1, head: computeEventId(creations[0]!) })
  const counted = await aigerim.next(space, 'space.counted', { members: 1 }, Date.now())

  const hub = await startHub(data)
  try {
    const response = await fetch(`${hub.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(counted),
    })
    const problem = (await response.json()) as { code: string; detail: string }
    expect(response.status).toBe(422)
    expect(problem.code).toBe('event.superseded-type')
    expect(problem.detail).toContain('sign space.counted.2 instead')
  } finally {
    await hub.stop()
  }

  // Written straight into the store (as a hub that let it in would), `veche verify` refuses it.
  const tampered = await openSqliteStore(join(data, 'veche.db'))
  await tampered.append([
    {
      id: computeEventId(counted),
      space,
      author: counted.author,
      seq: counted.seq,
      type: counted.type,
      json: canonicalJson(counted),
    },
  ])
  await tampered.close()
  const run = await veche(root, data, ['verify'])
  expect(run.code).toBe(1)
  expect(run.out).toContain(
    `${space} FAULT at event ${computeEventId(counted)}: event.superseded-type`,
  )
  expect(run.out).toContain('sign space.counted.2 instead')
})
