// The hub's JSON API as the app uses it (docs/server: POST /api/events, GET
// /api/spaces/:id/events?after=, GET /api/spaces/:id/stream). A failed fetch means "no hub now":
// callers keep their work and try again, they never lose it.
import type { SignedEvent, SpaceId } from '@veche/core'

/** How the hub answered for one submitted event. */
export type SubmitOutcome =
  | { readonly status: 'accepted' | 'duplicate'; readonly id: string }
  | {
      readonly status: 'rejected'
      readonly code: string
      readonly message: string
      /** Seconds the hub asked to wait (a 429's Retry-After): nothing was judged, try later. */
      readonly retryAfter?: number
    }

/** The wait a 429 asks for in seconds: its Retry-After, at least 1 s and at most 5 minutes. */
export const MAX_RETRY_AFTER_S = 300

function retryAfterSeconds(response: Response): number {
  const seconds = Number(response.headers.get('retry-after') ?? '')
  return Number.isFinite(seconds) ? Math.min(MAX_RETRY_AFTER_S, Math.max(1, seconds)) : 1
}

/** One stored event as the hub sends it: its position in the hub's store and its JSON. */
export interface HubEvent {
  readonly position: number
  readonly event: unknown
}

export interface HubClient {
  /** Outcomes in order, or null when the hub could not be reached. */
  submit(events: readonly SignedEvent[]): Promise<SubmitOutcome[] | null>
  /**
   * Every event after `after`, page by page; null when unreachable, [] for an unknown space. With
   * `onPage`, pages go to it in order as they come instead (pages handed over before the hub
   * became unreachable stay handed), and the result holds no events; `more` says whether the hub
   * had more pages after that one when it was read.
   */
  readEvents(
    space: SpaceId,
    after: number,
    onPage?: (events: HubEvent[], more: boolean) => Promise<void>,
  ): Promise<HubEvent[] | null>
  /** How many events the hub holds for `space` (GET /api/spaces/:id), or null if unknown. */
  countEvents(space: SpaceId): Promise<number | null>
  /** Follows new events live from `after`; reconnects by itself with Last-Event-ID. */
  follow(space: SpaceId, after: number, handlers: StreamHandlers): () => void
}

export interface StreamHandlers {
  onEvent(event: HubEvent): void
  onConnected(connected: boolean): void
  /** How many secret ballots the hub holds per poll (never the ballots), when it changes. */
  onHeldBallots?(counts: Record<string, number>): void
}

export function createHubClient(base = ''): HubClient {
  return {
    async submit(events) {
      let response: Response
      try {
        response = await fetch(`${base}/api/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ events }),
        })
      } catch {
        return null
      }
      if (response.status >= 500) return null
      const body = (await response.json().catch(() => null)) as {
        outcomes?: SubmitOutcome[]
        code?: string
        detail?: string
      } | null
      if (body?.outcomes !== undefined) return body.outcomes
      if (response.status === 429) {
        // Asked to wait (the hub's budget for this address, an author's rate): nothing was judged.
        const refusal = {
          status: 'rejected',
          code: typeof body?.code === 'string' ? body.code : 'request.rate-limited',
          message: body?.detail ?? '',
          retryAfter: retryAfterSeconds(response),
        } as const
        return events.map(() => refusal)
      }
      if (response.status >= 400 && response.status < 500 && typeof body?.code === 'string') {
        // The whole request was refused (too large, too many events): each event carries why.
        const refusal = { status: 'rejected', code: body.code, message: body.detail ?? '' } as const
        return events.map(() => refusal)
      }
      return null
    },
    async readEvents(space, after, onPage) {
      const all: HubEvent[] = []
      // With `onPage`, each page is handed over as it comes (and the next one fetched meanwhile),
      // so a large space is checked and folded while the rest is still on the way.
      let handed = Promise.resolve()
      let cursor: number | null = after
      let reached = true
      try {
        while (cursor !== null) {
          const response = await fetch(
            `${base}/api/spaces/${space}/events?after=${cursor}&limit=1000`,
          )
          if (response.status === 404) break
          if (!response.ok) {
            reached = false
            break
          }
          const page = (await response.json()) as { events: HubEvent[]; next: number | null }
          if (onPage === undefined) all.push(...page.events)
          else {
            const more = page.next !== null
            handed = handed.then(() => onPage(page.events, more))
          }
          cursor = page.next
        }
      } catch {
        reached = false
      }
      await handed
      return reached ? all : null
    },
    async countEvents(space) {
      try {
        const response = await fetch(`${base}/api/spaces/${space}`)
        if (!response.ok) return null
        const body = (await response.json()) as { events?: unknown }
        return typeof body.events === 'number' ? body.events : null
      } catch {
        return null
      }
    },
    follow(space, after, handlers) {
      let cursor = after
      let source: EventSource | null = null
      let retry: ReturnType<typeof setTimeout> | undefined
      const open = (): void => {
        source = new EventSource(`${base}/api/spaces/${space}/stream?after=${cursor}`)
        source.onopen = () => handlers.onConnected(true)
        source.onerror = () => {
          handlers.onConnected(false)
          // The browser retries by itself, except after an HTTP error (e.g. a space the hub
          // does not hold yet because its first event is still in the outbox): retry then too.
          if (source?.readyState === EventSource.CLOSED) retry = setTimeout(open, 2_000)
        }
        source.addEventListener('ballots', (message: MessageEvent<string>) => {
          try {
            const data = JSON.parse(message.data) as { heldBallots?: Record<string, number> }
            if (data.heldBallots !== undefined) handlers.onHeldBallots?.(data.heldBallots)
          } catch {
            // Only a count: the next frame corrects it.
          }
        })
        source.addEventListener('event', (message: MessageEvent<string>) => {
          const position = Number(message.lastEventId)
          if (Number.isSafeInteger(position)) cursor = Math.max(cursor, position)
          try {
            handlers.onEvent({ position, event: JSON.parse(message.data) as unknown })
          } catch {
            // A frame that is not JSON is the hub's fault; the replica refolds from pages.
          }
        })
      }
      open()
      return () => {
        clearTimeout(retry)
        source?.close()
      }
    },
  }
}
