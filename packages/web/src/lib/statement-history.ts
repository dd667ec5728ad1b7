// A statement's history as its events tell it: each amendment's paragraph, text and note. The
// folded state keeps only the amendments' ids, so their bodies are read from the hub's log. An
// event is taken only when its recomputed id is one the checked fold accepted, and an id is a hash
// of the whole signed event, so the hub cannot alter what is shown.
import { parseEvent } from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import type { HubClient } from './hub-client.js'

/** One change of a statement's text. */
export type StatementChange =
  | {
      readonly kind: 'paragraph'
      readonly id: EventId
      readonly author: string
      readonly at: number
      readonly number: number
      readonly text: string
      readonly note: string
    }
  | {
      readonly kind: 'frame'
      readonly id: EventId
      readonly author: string
      readonly at: number
      readonly title: string
      readonly note: string
    }

/** The changes among `ids` (a statement's amendments), in the order of `ids`; null offline. */
export async function readStatementChanges(
  client: HubClient,
  space: SpaceId,
  ids: readonly EventId[],
): Promise<StatementChange[] | null> {
  if (ids.length === 0) return []
  const events = await client.readEvents(space, 0)
  if (events === null) return null
  const wanted = new Set(ids)
  const found = new Map<EventId, StatementChange>()
  for (const item of events) {
    const parsed = parseEvent(item.event)
    if (!parsed.ok || !wanted.has(parsed.value.id)) continue
    const { id, event } = parsed.value
    if (event.type === 'statement.paragraph-amended')
      found.set(id, {
        kind: 'paragraph',
        id,
        author: event.author,
        at: event.at,
        number: event.body.number,
        text: event.body.text,
        note: event.body.note,
      })
    else if (event.type === 'statement.amended')
      found.set(id, {
        kind: 'frame',
        id,
        author: event.author,
        at: event.at,
        title: event.body.title,
        note: event.body.note,
      })
  }
  return ids.flatMap((id) => {
    const change = found.get(id)
    return change === undefined ? [] : [change]
  })
}

/** The co-signers of `statement` as the hub's own fold reports them (`GET /api/spaces/:id`). */
export async function readHubCosigners(
  space: SpaceId,
  statement: EventId,
): Promise<Record<string, { event: string; decision: string; poll: string }> | null> {
  try {
    const response = await fetch(`/api/spaces/${space}`)
    if (!response.ok) return null
    const view = (await response.json()) as {
      statements?: {
        documents?: Record<
          string,
          { cosigners?: Record<string, { event: string; decision: string; poll: string }> }
        >
      }
    }
    return view.statements?.documents?.[statement]?.cosigners ?? {}
  } catch {
    return null
  }
}
