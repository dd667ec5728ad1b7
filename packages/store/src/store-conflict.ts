// The two ways an append can break the log's uniqueness, worded the same by every adapter: an
// event id already stored (or repeated in the batch), and a second event for an author's seq in a
// space (a fork). Both reject the whole batch with `StoreConflictError`.
import { StoreConflictError } from './event-store.js'

/** An event with this id is already stored, or the batch holds it twice. */
export function duplicateIdConflict(id: string, cause: unknown): StoreConflictError {
  return new StoreConflictError(
    'id',
    `event ${id} is already stored, or appears twice in the batch`,
    {
      cause,
    },
  )
}

/** The author already has an event with this seq in this space. */
export function duplicateSeqConflict(
  where: { readonly space: string; readonly author: string; readonly seq: number | string },
  cause: unknown,
): StoreConflictError {
  return new StoreConflictError(
    'seq',
    `author ${where.author} already has an event with seq ${where.seq} in space ${where.space}`,
    { cause },
  )
}
