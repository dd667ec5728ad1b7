// The API's member view marks look-alike names (issue #13, hole 8), so the app can mark them.
import { afterEach, expect, test } from 'vitest'
import { newAuthor, signedAssembly, T0 } from './test-support/signed-assembly.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'

afterEach(closeTestHubs)

test('api: a member named like the founder ("FOUNDER", a Cyrillic "Fоunder") is marked on both sides', async () => {
  const { ledger, url } = await startTestHub()
  const assembly = await signedAssembly(1)
  const shouting = newAuthor()
  const cyrillic = newAuthor()
  const events = [
    ...assembly.events,
    await assembly.founder.next(
      assembly.space,
      'member.admitted',
      { member: shouting.publicKey, name: 'FOUNDER' },
      T0 + 10,
    ),
    await assembly.founder.next(
      assembly.space,
      'member.admitted',
      { member: cyrillic.publicKey, name: 'F\u043eunder' },
      T0 + 11,
    ),
  ]
  await ledger.submit(events)
  const view = (await (await fetch(`${url}/api/spaces/${assembly.space}`)).json()) as {
    members: Record<string, { name: string; looksLike?: string[] }>
    hash: string
  }
  const founder = assembly.founder.publicKey
  expect(view.members[founder]?.looksLike).toEqual([shouting.publicKey, cyrillic.publicKey].sort())
  expect(view.members[shouting.publicKey]?.looksLike).toEqual([founder, cyrillic.publicKey].sort())
  expect(view.members[assembly.members[0]!.publicKey]?.looksLike).toBeUndefined()
})
