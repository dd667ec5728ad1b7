// GET /api/events/:id: one accepted event by its id, wherever it belongs. Events of one space refer
// to accepted events of another by id (council notices and reports, admissions, co-signings); a
// browser folding a space fetches what it references here and checks the signature and the id
// itself. An event of a private space is sent only to a reader allowed to read that space.
import type { EventId, SpaceId } from '@veche/core'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import { EventParams, EventResponse, ProblemSchema } from './api-schemas.js'
import { HubError } from './problem.js'
import { bearerToken, mayReadPrivate } from './read-access.js'
import type { ReadAccessOptions } from './read-access.js'

export const eventRoute: FastifyPluginAsyncZod<ReadAccessOptions> = (app, options) => {
  const { ledger, visibility } = options
  app.get(
    '/api/events/:id',
    {
      schema: {
        summary: 'One accepted event by id, with its space (for following references)',
        params: EventParams,
        response: {
          200: EventResponse,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (request, reply) => {
      const stored = await ledger.store.get(request.params.id as EventId)
      if (stored === null) throw unknownEvent(request.params.id)
      if ((await visibility.of(stored.space)) === 'private') {
        await checkPrivateRead(request, stored.space, options)
      }
      // The stored canonical text, byte for byte (typed as the response it is).
      const text = `{"id":"${stored.id}","space":"${stored.space}","position":${stored.position},"event":${stored.json}}`
      return reply
        .type('application/json; charset=utf-8')
        .serializer((body: unknown) => body as string)
        .send(text as unknown as z.infer<typeof EventResponse>)
    },
  )
  return Promise.resolve()
}

async function checkPrivateRead(
  request: Parameters<typeof mayReadPrivate>[0],
  space: SpaceId,
  options: ReadAccessOptions,
): Promise<void> {
  if (await mayReadPrivate(request, space, options, false)) return
  if (bearerToken(request) === null) {
    throw new HubError(
      401,
      'auth.required',
      'Private space',
      `this event belongs to private space ${space}: send a member's read token as \`Authorization: Bearer\` (POST /api/auth/challenge, then /api/auth/token)`,
      { 'www-authenticate': 'Bearer realm="veche"' },
    )
  }
  throw new HubError(
    403,
    'auth.forbidden',
    'Not allowed',
    `the token is expired, for another space, or its key is no longer an active member of ${space}`,
  )
}

function unknownEvent(id: string): HubError {
  return new HubError(
    404,
    'event.unknown',
    'Unknown event',
    `this hub holds no accepted event ${id} (it may not have arrived yet, or it was refused)`,
  )
}
