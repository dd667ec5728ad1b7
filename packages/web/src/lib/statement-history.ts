// A statement's history as its events tell it: each amendment's paragraph, text and note. The
// folded state keeps only the amendments' ids, so their bodies are fetched from the hub by id
// (GET /api/events/:id) and kept for the session. An event is taken only when its recomputed id
// is the one asked for (an id the checked fold accepted), and an id is a hash of the whole signed
// event, so the hub cannot alter what is shown.
import { parseEvent } from '@veche/core'
import type { EventId } from '@veche/core'
import type { ForeignLookup } from './foreign-events.js'

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

/** Changes read so far, by id: accepted events never change, so they are read once. */
const known = new Map<EventId, StatementChange>()

/** The changes `ids` (a statement's amendments), in that order; null if some could not be read. */
export async function readStatementChanges(
  lookup: ForeignLookup,
  ids: readonly EventId[],
): Promise<StatementChange[] | null> {
  const missing = ids.filter((id) => !known.has(id))
  if (missing.length > 0) {
    const found = await lookup(missing)
    if (found === null) return null
    for (const [id, raw] of found) {
      const parsed = parseEvent(raw)
      if (!parsed.ok || parsed.value.id !== id) continue
      const { event } = parsed.value
      const common = { id, author: event.author, at: event.at }
      if (event.type === 'statement.paragraph-amended')
        known.set(id, {
          kind: 'paragraph',
          ...common,
          number: event.body.number,
          text: event.body.text,
          note: event.body.note,
        })
      else if (event.type === 'statement.amended')
        known.set(id, { kind: 'frame', ...common, title: event.body.title, note: event.body.note })
    }
  }
  const changes = ids.flatMap((id) => {
    const change = known.get(id)
    return change === undefined ? [] : [change]
  })
  return changes.length === ids.length ? changes : null
}
