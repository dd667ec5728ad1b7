// A statement of a space: its document, amendments, translations and co-signers.
import type { EventId, SpaceId } from '@veche/core'

export function StatementScreen({
  space,
  statement,
  rest,
}: {
  readonly space: SpaceId
  readonly statement: EventId
  /** The route's segments after the statement id (for example a translation's language). */
  readonly rest: readonly string[]
}) {
  return (
    <p>
      {space} {statement} {rest.join('/')}
    </p>
  )
}
