// The join screen's preview against a real hub: a public assembly's name, the invitation's maker and
// the member count; a private assembly, a space the hub does not hold and a hub that cannot be
// reached each give their own answer, never a guess.
import { EventAuthor, generateWebCryptoSigner } from '@veche/core'
import type { PublicKey, SignedEvent, SpaceId } from '@veche/core'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { fetchInvitationPreview } from './invitation-preview.js'
import { startSqliteHub } from './test-support/sqlite-hub.js'
import type { RunningHub } from './test-support/sqlite-hub.js'

let hub: RunningHub
beforeAll(async () => {
  hub = await startSqliteHub()
})
afterAll(() => hub.stop())

const T0 = 1_780_000_000_000

/** An assembly founded by Aigerim (who invites) with Bolat admitted, sent to the hub. */
async function founded(
  nonce: string,
  visibility: 'public' | 'private',
): Promise<{ space: SpaceId; invitation: PublicKey; bolat: PublicKey }> {
  const aigerim = new EventAuthor(await generateWebCryptoSigner())
  const bolat = await generateWebCryptoSigner()
  const invitation = (await generateWebCryptoSigner()).publicKey
  const space = aigerim.spaceFor(nonce)
  const rules = {
    proposeRight: 'member',
    inviteRight: 'facilitator',
    quorum: { ballots: 0, percent: 0 },
    defaultMethod: 'majority',
    visibility,
  } as const
  const events: SignedEvent[] = [
    await aigerim.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Riverside',
        description: '',
        languages: ['en'],
        founderName: 'Aigerim',
        rules,
      },
      T0,
    ),
    await aigerim.next(
      space,
      'member.admitted',
      { member: bolat.publicKey, name: 'Bolat' },
      T0 + 1,
    ),
    await aigerim.next(
      space,
      'member.invited.2',
      { invitation, uses: 5, note: '', expires: null },
      T0 + 2,
    ),
  ]
  const answer = await fetch(`${hub.url}/api/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  })
  const { outcomes } = (await answer.json()) as { outcomes: { status: string }[] }
  expect(outcomes.map((o) => o.status)).toEqual(['accepted', 'accepted', 'accepted'])
  return { space, invitation, bolat: bolat.publicKey }
}

test('invitation preview: the name, the inviter and the members, or why they are unknown', async () => {
  const open = await founded('preview-open-01', 'public')
  expect(await fetchInvitationPreview(open.space, open.invitation, hub.url)).toEqual({
    kind: 'known',
    name: 'Riverside',
    inviter: 'Aigerim',
    members: 2,
    memberAlready: false,
  })
  // Bolat, a member already, reading the same invitation.
  expect(
    await fetchInvitationPreview(open.space, open.invitation, hub.url, open.bolat),
  ).toMatchObject({ kind: 'known', memberAlready: true })
  const stranger = (await generateWebCryptoSigner()).publicKey
  expect(await fetchInvitationPreview(open.space, stranger, hub.url)).toMatchObject({
    kind: 'known',
    inviter: null,
  })
  const closed = await founded('preview-private-01', 'private')
  expect(await fetchInvitationPreview(closed.space, closed.invitation, hub.url)).toEqual({
    kind: 'private',
  })
  const elsewhere = 'AAAAAAAAAAAAAAAAAAAAAA' as SpaceId
  expect(await fetchInvitationPreview(elsewhere, open.invitation, hub.url)).toEqual({
    kind: 'unknown-space',
  })
  expect(await fetchInvitationPreview(open.space, open.invitation, 'http://127.0.0.1:1')).toEqual({
    kind: 'offline',
  })
})
