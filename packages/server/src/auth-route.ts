// POST /api/auth/challenge and POST /api/auth/token: a member of a private space proves they hold
// their key by signing a challenge (`challengeStatement`), and gets a read token bound to that
// key and space for 15 minutes. Public spaces need no token (one is still granted to members).
import { isActiveMember, PUBLIC_KEY_PATTERN, SIGNATURE_PATTERN } from '@veche/core'
import type { PublicKey, SpaceId } from '@veche/core'
import type { Ledger } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ProblemSchema, SpaceParams } from './api-schemas.js'
import { HubError } from './problem.js'
import { challengeStatement } from './read-tokens.js'
import type { ReadTokens } from './read-tokens.js'
import { unknownSpace } from './spaces-route.js'

export interface AuthRouteOptions {
  readonly ledger: Ledger
  readonly tokens: ReadTokens
}

const ChallengeBody = z.object({ space: SpaceParams.shape.id })
const TokenBody = z.object({
  space: SpaceParams.shape.id,
  key: z.string().regex(PUBLIC_KEY_PATTERN).describe("the member's public key"),
  nonce: z.string().max(200).describe('the nonce from /api/auth/challenge'),
  signature: z
    .string()
    .regex(SIGNATURE_PATTERN)
    .describe('Ed25519 signature by `key` over the challenge `statement`, base64url'),
})

export const authRoute: FastifyPluginAsyncZod<AuthRouteOptions> = (app, options) => {
  const { ledger, tokens } = options
  app.post(
    '/api/auth/challenge',
    {
      schema: {
        summary: 'A challenge to sign with a member key, for a read token of a private space',
        body: ChallengeBody,
        response: {
          200: z.object({
            nonce: z.string(),
            statement: z.string().describe('the exact UTF-8 text to sign'),
            expires: z.number().int().describe('ms since 1970; sign and ask before then'),
          }),
          400: ProblemSchema,
        },
      },
    },
    (request) => {
      const space = request.body.space as SpaceId
      const { nonce, expires } = tokens.challenge(space)
      return { nonce, statement: challengeStatement(space, nonce), expires }
    },
  )
  app.post(
    '/api/auth/token',
    {
      schema: {
        summary: 'A read token for a space, bound to a member key, for 15 minutes',
        body: TokenBody,
        response: {
          200: z.object({ token: z.string(), expires: z.number().int() }),
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request) => {
      const space = request.body.space as SpaceId
      const key = request.body.key as PublicKey
      const granted = tokens.grant(space, key, request.body.nonce, request.body.signature)
      if (!granted.ok) {
        throw granted.code === 'auth.challenge-expired'
          ? new HubError(
              401,
              granted.code,
              'Challenge expired',
              'the challenge is unknown, altered or expired; ask for a new one',
            )
          : new HubError(
              401,
              granted.code,
              'Bad signature',
              'the signature does not sign the challenge statement with this key',
            )
      }
      const state = await ledger.state(space)
      if (state === null) throw unknownSpace(space)
      if (!isActiveMember(state, key)) {
        throw new HubError(
          403,
          'auth.not-member',
          'Not a member',
          `key ${key} is not an active member of ${space}`,
        )
      }
      return granted.grant
    },
  )
  return Promise.resolve()
}
