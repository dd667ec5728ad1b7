// Reading a log in pages, shared by the adapters: a reader walks the positions with a cursor and
// fetches at most PAGE_SIZE rows per query, so a space of a million events never sits in memory
// at once, and a page never holds a database read transaction open while the caller works.
import type { ReadOptions, StoredEvent } from './event-store.js'

/** Rows fetched per query when reading. */
export const PAGE_SIZE = 1000

/** Fetches up to `limit` events with a position greater than `after`, in position order. */
export type PageFetcher = (after: number, limit: number) => Promise<readonly StoredEvent[]>

/** Yields the events `fetchPage` returns page by page, honouring `after` and `limit`. */
export async function* readPaged(
  fetchPage: PageFetcher,
  options: ReadOptions = {},
): AsyncGenerator<StoredEvent> {
  const { after, limit } = checkReadOptions(options)
  let cursor = after
  let remaining = limit
  while (remaining > 0) {
    const wanted = Math.min(PAGE_SIZE, remaining)
    const page = await fetchPage(cursor, wanted)
    for (const event of page) yield event
    const last = page.at(-1)
    if (last === undefined || page.length < wanted) return
    cursor = last.position
    remaining -= page.length
  }
}

function checkReadOptions(options: ReadOptions): { after: number; limit: number } {
  const after = options.after ?? 0
  const limit = options.limit ?? Number.POSITIVE_INFINITY
  if (!Number.isSafeInteger(after) || after < 0) {
    throw new RangeError(`read: \`after\` must be a position (a whole number ≥ 0), got ${after}`)
  }
  if (limit !== Number.POSITIVE_INFINITY && (!Number.isSafeInteger(limit) || limit < 0)) {
    throw new RangeError(`read: \`limit\` must be a whole number ≥ 0, got ${limit}`)
  }
  return { after, limit }
}

/** Splits `items` into consecutive chunks of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = []
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size))
  }
  return chunks
}
