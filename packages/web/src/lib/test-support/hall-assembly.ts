// A public assembly founded by Aigerim with open rules (any member proposes, no quorum, majority),
// signed with a real WebCrypto key: the founding that the app's unit tests build their logs on.
import { EventAuthor, generateWebCryptoSigner } from '@veche/core'
import type { EventBodyInput, SignedEvent, SpaceId } from '@veche/core'

/** The body of an `assembly.created` for a public assembly founded by Aigerim. */
export function hallCreatedBody(nonce: string, name = 'Hall'): EventBodyInput<'assembly.created'> {
  return {
    nonce,
    name,
    description: '',
    languages: ['en'],
    founderName: 'Aigerim',
    rules: {
      proposeRight: 'member',
      inviteRight: 'facilitator',
      quorum: { percent: 0, ballots: 0 },
      defaultMethod: 'majority',
      visibility: 'public',
    },
  }
}

/** A new author, its space for `nonce`, and its signed `assembly.created` at time 1. */
export async function foundHall(
  nonce: string,
): Promise<{ author: EventAuthor; space: SpaceId; created: SignedEvent }> {
  const author = new EventAuthor(await generateWebCryptoSigner())
  const space = author.spaceFor(nonce)
  const created = await author.next(space, 'assembly.created', hallCreatedBody(nonce), 1)
  return { author, space, created }
}
