// A statement's proof file: its canonical document, the document's content hash, and the signed
// events that prove it (the whole log of the statement's space and of every space it references:
// the co-signers, and any space their events reference in turn). The file is one canonical JSON
// text and a newline, so any change to any byte is either a change of form (refused), of an
// event (its signature or the replay fails) or of the document (it no longer equals the replay).
//
// Checking needs nothing but the file: every signature is verified, every space's log is replayed
// by the same fold a hub uses (each event must be accepted), and the document is rebuilt from the
// replayed state and compared with the one in the file and with its hash.
import { z } from 'zod'
import { record } from './body-fields.js'
import { canonicalJson } from './canonical-json.js'
import { parseEvent } from './event-envelope.js'
import type { ParsedEvent, SignedEvent } from './event-envelope.js'
import { applyEvent } from './apply-event.js'
import { textRulesRefusal } from './fold.js'
import type { EventId, SpaceId } from './ids.js'
import { SPACE_ID_PATTERN } from './ids.js'
import { verifyEventsSignatures } from './signing.js'
import type { SignatureVerifier } from './signing.js'
import { createSpaceState } from './space-state.js'
import type { SpaceState } from './space-state.js'
import { hashStatementDocument, statementDocument } from './statement-view.js'
import type { StatementDocument } from './statement-view.js'

export const STATEMENT_PROOF_FORMAT = 'veche/statement-proof/1'

/** A proof file, parsed. */
export interface StatementProof {
  readonly format: typeof STATEMENT_PROOF_FORMAT
  readonly hash: string
  readonly document: StatementDocument
  /** Each space's signed events, in an order its fold accepts them (the store's order). */
  readonly spaces: Readonly<Record<string, readonly unknown[]>>
}

const proofSchema = z.strictObject({
  format: z.literal(STATEMENT_PROOF_FORMAT),
  hash: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  document: record(z.string(), z.unknown()),
  spaces: record(z.string().regex(SPACE_ID_PATTERN), z.array(z.unknown()).max(10_000_000)),
})

/** The text of a proof file: canonical JSON and a newline. */
export function formatStatementProof(
  document: StatementDocument,
  spaces: Readonly<Record<string, readonly SignedEvent[]>>,
): string {
  const proof: StatementProof = {
    format: STATEMENT_PROOF_FORMAT,
    hash: hashStatementDocument(document),
    document,
    spaces,
  }
  return `${canonicalJson(proof)}\n`
}

/** What a checked proof establishes. */
export interface VerifiedStatement {
  readonly document: StatementDocument
  readonly hash: string
  /** Events whose signatures were checked, in all spaces. */
  readonly events: number
  /** The replayed states of every space in the file. */
  readonly states: ReadonlyMap<SpaceId, SpaceState>
}

export type StatementProofCheck =
  | { readonly ok: true; readonly value: VerifiedStatement }
  | { readonly ok: false; readonly reason: string }

function fail(reason: string): StatementProofCheck {
  return { ok: false, reason }
}

/** Checks a proof file's text offline (see the module header). */
export async function verifyStatementProof(
  text: string,
  verifier: SignatureVerifier,
): Promise<StatementProofCheck> {
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch (error) {
    return fail(`not JSON: ${(error as Error).message}`)
  }
  let canonical: string
  try {
    canonical = canonicalJson(input)
  } catch (error) {
    return fail(`not plain JSON: ${(error as Error).message}`)
  }
  if (`${canonical}\n` !== text)
    return fail('the file is not in canonical form (it was changed after it was written)')
  const proof = proofSchema.safeParse(input)
  if (!proof.success) return fail(`not a statement proof: ${proof.error.issues[0]?.message ?? ''}`)
  const { document, hash, spaces } = proof.data

  const parsed = new Map<SpaceId, ParsedEvent[]>()
  const all: ParsedEvent[] = []
  for (const [space, events] of Object.entries(spaces)) {
    const list: ParsedEvent[] = []
    for (const [i, raw] of events.entries()) {
      // Texts that break only the text rules are judged by their space (`textRulesRefusal`).
      const event = parseEvent(raw, { oldTexts: 'report' })
      if (!event.ok) return fail(`event ${i} of space ${space}: ${event.code}: ${event.message}`)
      if (event.value.event.space !== space)
        return fail(`event ${event.value.id} is filed under space ${space} but belongs elsewhere`)
      list.push(event.value)
      all.push(event.value)
    }
    parsed.set(space as SpaceId, list)
  }
  const verdicts = await verifyEventsSignatures(
    all.map((p) => ({ event: p.event, json: p.json })),
    verifier,
  )
  const bad = verdicts.findIndex((v) => v !== 'ok')
  if (bad >= 0) return fail(`event ${all[bad]!.id}: signature does not verify (${verdicts[bad]})`)

  const states = new Map<SpaceId, SpaceState>()
  for (const [space, events] of parsed) {
    const foreign = new Map<EventId, SignedEvent>()
    for (const p of all) if (p.event.space !== space) foreign.set(p.id, p.event)
    const state = createSpaceState(space)
    for (const p of events) {
      const rejection = textRulesRefusal(state, p) ?? applyEvent(state, p.event, p.id, { foreign })
      if (rejection !== null)
        return fail(
          `event ${p.id} of space ${space} is refused on replay: ${rejection.code}: ${rejection.message}`,
        )
    }
    states.set(space, state)
  }

  const claimed = document as unknown as StatementDocument
  const home = states.get(claimed.space as SpaceId)
  if (home === undefined) return fail(`the file holds no events of space ${String(claimed.space)}`)
  const names = new Map<SpaceId, string>()
  for (const [space, state] of states) names.set(space, state.assembly?.name ?? space)
  const rebuilt = statementDocument(home, claimed.statement as EventId, names)
  if (!rebuilt.ok) return fail(`the replay holds no such adopted statement: ${rebuilt.message}`)
  if (canonicalJson(rebuilt.value) !== canonicalJson(document))
    return fail('the document differs from what the signed events say')
  const expected = hashStatementDocument(rebuilt.value)
  if (hash !== expected) return fail(`the content hash is ${expected}, not ${hash}`)
  return { ok: true, value: { document: rebuilt.value, hash, events: all.length, states } }
}
