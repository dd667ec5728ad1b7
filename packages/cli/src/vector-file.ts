// The version-vector file of `veche bundle vector`: what a hub holds, per space the highest seq
// per author, so another hub can export only what is missing (`veche bundle export --since`).
//   {"format":"veche-vector","version":1,"spaces":{"<space>":{"<author>":seq,…},…,
//    "heads-of-authors______":{"<event id>":seq,…}}}
// The last entry is no space: it names each author's event at the seq given (its head), so that
// the exporter also carries its own event there when it is another, a fork the seqs alone cannot
// show (docs/sync.md, "Bundles"). It sits inside `spaces`, and the file stays version 1, because
// earlier releases read the file strictly (format, version 1, spaces of space ids to author keys
// to seqs, nothing else) and refuse any other shape, and hubs are not upgraded together: to them
// the entry is a space they do not hold, passed over (an event id has the form of an author key;
// no space has that id, as a space id is the start of a SHA-256). Read too: version 1 without the
// entry (an older hub's: no heads), and version 2 (`heads` beside `spaces`, 12 characters a
// head), which hubs built from main for a few hours wrote and earlier releases refuse.
import { z } from 'zod'
import { PUBLIC_KEY_PATTERN, SPACE_ID_PATTERN } from '@veche/core'
import type { EventId } from '@veche/core'
import type { VersionVector } from '@veche/store'

/** The key under `spaces` that names the heads: the form of a space id, but no space's. */
export const HEADS_ENTRY = 'heads-of-authors______'

/** How many characters of an event id a version 2 file names per author (72 bits, as sync's). */
const V2_HEAD_LENGTH = 12

/**
 * The events the file's writer holds at the seqs it gives (ids, or their first 12 characters in a
 * version 2 file); null when it names none (an older hub's file).
 */
export type VectorHeads = ReadonlySet<string> | null

const spacesSchema = z.record(
  z.string().regex(SPACE_ID_PATTERN),
  z.record(z.string().regex(PUBLIC_KEY_PATTERN), z.number().int().min(1)),
)

const vectorSchema = z.discriminatedUnion('version', [
  z.strictObject({
    format: z.literal('veche-vector'),
    version: z.literal(1),
    spaces: spacesSchema,
  }),
  z.strictObject({
    format: z.literal('veche-vector'),
    version: z.literal(2),
    spaces: spacesSchema,
    heads: z.record(
      z.string().regex(SPACE_ID_PATTERN),
      z.record(
        z.string().regex(PUBLIC_KEY_PATTERN),
        z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${V2_HEAD_LENGTH}}$`)),
      ),
    ),
  }),
])

/** The file text for `vector`, naming `heads`: the id of each author's event at its seq. */
export function vectorFileText(vector: VersionVector, heads: ReadonlyMap<EventId, number>): string {
  const spaces = { ...vector, [HEADS_ENTRY]: Object.fromEntries(heads) }
  return `${JSON.stringify({ format: 'veche-vector', version: 1, spaces }, null, 1)}\n`
}

/** Whether `heads` names the event `id` as the writer's own at its seq. */
export function namesHead(heads: ReadonlySet<string>, id: EventId): boolean {
  return heads.has(id) || heads.has(id.slice(0, V2_HEAD_LENGTH))
}

/** Parses a vector file, or says what is wrong with it. */
export function parseVectorFile(
  text: string,
): { ok: true; vector: VersionVector; heads: VectorHeads } | { ok: false; message: string } {
  let input: unknown
  try {
    input = JSON.parse(text)
  } catch {
    return { ok: false, message: 'not JSON' }
  }
  const parsed = vectorSchema.safeParse(input)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    return {
      ok: false,
      message: `not a Veche vector file (${issue?.path.join('.') ?? ''}: ${issue?.message ?? ''})`,
    }
  }
  const { [HEADS_ENTRY]: named, ...vector } = parsed.data.spaces
  if (parsed.data.version === 2) {
    const prefixes = Object.values(parsed.data.heads).flatMap((h) => Object.values(h))
    return { ok: true, vector, heads: new Set(prefixes) }
  }
  // An event id has the form the schema checks of an author key.
  return { ok: true, vector, heads: named === undefined ? null : new Set(Object.keys(named)) }
}
