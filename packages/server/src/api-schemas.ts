// The zod schemas of the HTTP API: requests are parsed with them at the edge, and the OpenAPI
// document at /api/openapi.json is generated from them.
import { EVENT_ID_PATTERN, REJECTION_CODES, SPACE_ID_PATTERN } from '@veche/core'
import { z } from 'zod'

/** The most events one request may carry. */
export const MAX_BATCH = 1_000

export const SpaceParams = z.object({
  id: z.string().regex(SPACE_ID_PATTERN).describe('the space id (22 base64url characters)'),
})

export const EventParams = z.object({
  id: z.string().regex(EVENT_ID_PATTERN).describe('the event id (43 base64url characters)'),
})

export const EventResponse = z
  .object({
    id: z.string(),
    space: z.string().describe('the space the event belongs to'),
    position: z.number().int().describe("the event's position in this hub's store"),
    event: z.record(z.string(), z.unknown()).describe('the signed event, as stored'),
  })
  .describe('an accepted event; check its signature and id before trusting it')

export const SubmitQuery = z.object({
  atomic: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: write nothing unless every event is accepted or a duplicate'),
})

export const SubmitBody = z
  .looseObject({
    events: z
      .array(z.unknown())
      .optional()
      .describe(
        `a batch of signed events (at most ${MAX_BATCH}); absent when the body is one event`,
      ),
  })
  .describe('one signed event (docs/events.md), or `{ "events": [...] }`')

export const Outcome = z.union([
  z.object({ status: z.enum(['accepted', 'duplicate']), id: z.string().regex(EVENT_ID_PATTERN) }),
  z.object({
    status: z.literal('rejected'),
    code: z.enum(REJECTION_CODES),
    message: z.string(),
    id: z.string().optional(),
  }),
])

export const SubmitResponse = z.object({
  outcomes: z.array(Outcome).describe('one per submitted event, in order'),
  accepted: z.number().int(),
  duplicate: z.number().int(),
  rejected: z.number().int(),
})

export const ProblemSchema = z
  .looseObject({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().describe("a stable code: the core's rejection codes or the hub's own"),
  })
  .describe('RFC 9457 problem details (application/problem+json)')

export const EventsQuery = z.object({
  after: z.coerce.number().int().min(0).default(0).describe('a store position (exclusive)'),
  limit: z.coerce.number().int().min(1).max(1_000).default(100),
})

export const EventsPage = z.object({
  events: z.array(
    z.object({
      position: z.number().int(),
      id: z.string(),
      event: z.record(z.string(), z.unknown()),
    }),
  ),
  next: z
    .number()
    .int()
    .nullable()
    .describe('pass as `after` for the next page; null when this page reached the end'),
})

export const SpaceResponse = z
  .looseObject({
    space: z.string(),
    hash: z.string(),
    events: z.number().int(),
    heldBallots: z
      .record(z.string(), z.number().int())
      .describe(
        'per secret poll, how many ballots this hub holds apart from the log (never what they say)',
      ),
  })
  .describe('describeSpace(state) (docs/events.md, "The state hash") plus its hash')

/** Held ballots one page answers at most (a hall of 2,000 with recasts fits in one). */
export const MAX_BALLOTS_PAGE = 5_000

export const BallotsQuery = z.object({
  poll: z.string().regex(EVENT_ID_PATTERN).describe('the secret poll (its opening event id)'),
  after: z
    .string()
    .regex(EVENT_ID_PATTERN)
    .optional()
    .describe('only ballots whose id sorts after this one (the `next` of the page before)'),
  limit: z.coerce.number().int().min(1).max(MAX_BALLOTS_PAGE).default(MAX_BALLOTS_PAGE),
})

export const BallotsPage = z.object({
  poll: z.string(),
  ballots: z
    .array(z.object({ id: z.string(), event: z.record(z.string(), z.unknown()) }))
    .describe('the held secret.ballot events, sorted by id (byte order)'),
  next: z
    .string()
    .nullable()
    .describe('pass as `after` for the next page; null when this page reached the end'),
})
