// GET /api/spaces/:id (the readable state, its hash and how many secret ballots the hub holds per
// poll) and GET /api/spaces/:id/events (the space's signed events after a store position, paged). Event pages are written from the stored
// canonical text, byte for byte, without parsing and re-encoding each event.
import { describeSpace, hashSpaceState, markLookAlikes } from '@veche/core'
import type { SpaceId } from '@veche/core'
import type { Ledger } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import type { z } from 'zod'
import {
  EventsPage,
  EventsQuery,
  ProblemSchema,
  SpaceParams,
  SpaceResponse,
} from './api-schemas.js'
import { HubError } from './problem.js'

export const spacesRoute: FastifyPluginAsyncZod<{ readonly ledger: Ledger }> = (app, options) => {
  const { ledger } = options
  app.get(
    '/api/spaces/:id',
    {
      schema: {
        summary: "A space's state and state hash",
        params: SpaceParams,
        response: { 200: SpaceResponse, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request) => {
      const space = request.params.id as SpaceId
      const described = await ledger.withState(space, (state) =>
        state.events === 0 ? null : { ...describeSpace(state), hash: hashSpaceState(state) },
      )
      if (described === null) throw unknownSpace(space)
      // `looksLike` on a member whose name looks like another's (not part of the hash).
      return {
        ...described,
        members: markLookAlikes(described.members),
        heldBallots: await heldBallotCounts(ledger, space),
      }
    },
  )
  app.get(
    '/api/spaces/:id/events',
    {
      schema: {
        summary: "A space's signed events after a store position, in position order",
        params: SpaceParams,
        querystring: EventsQuery,
        response: { 200: EventsPage, 400: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (request, reply) => {
      const space = request.params.id as SpaceId
      const { after, limit } = request.query
      const parts: string[] = []
      let last = after
      for await (const stored of ledger.store.read(space, { after, limit })) {
        parts.push(`{"position":${stored.position},"id":"${stored.id}","event":${stored.json}}`)
        last = stored.position
      }
      if (parts.length === 0 && after === 0) throw unknownSpace(space)
      const next = parts.length === limit ? last : null
      // Sent as text: the stored events are already canonical JSON (typed as the page it is).
      const page = `{"events":[${parts.join(',')}],"next":${next}}`
      return reply
        .type('application/json; charset=utf-8')
        .serializer((text: unknown) => text as string)
        .send(page as unknown as z.infer<typeof EventsPage>)
    },
  )
  return Promise.resolve()
}

/** Per secret poll of `space` with held ballots, how many (never the ballots). */
export async function heldBallotCounts(
  ledger: Ledger,
  space: SpaceId,
): Promise<Record<string, number>> {
  const boxes = await ledger.store.ballotBoxes(space)
  return Object.fromEntries(boxes.map((box) => [box.poll, box.count]))
}

export function unknownSpace(space: string): HubError {
  return new HubError(404, 'space.unknown', 'Unknown space', `this hub holds no space ${space}`)
}
