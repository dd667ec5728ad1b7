// The version-vector file of `veche bundle vector`: what a hub holds, per space the highest seq
// per author, so another hub can export only what is missing (`veche bundle export --since`).
// Version 2 also names, per space and author, the first characters of the holder's event at that
// seq (`heads`): the exporter then also carries its own event there when it is another, which
// is a fork the seqs alone cannot show (docs/sync.md, "Bundles").
//   {"format":"veche-vector","version":2,"spaces":{"<space>":{"<author>":seq,…},…},
//    "heads":{"<space>":{"<author>":"<first 12 characters of the event id>",…},…}}
// Version 1 (no heads) is still read.
import { z } from 'zod'
import { PUBLIC_KEY_PATTERN, SPACE_ID_PATTERN } from '@veche/core'
import type { VersionVector } from '@veche/store'

/** How many characters of an event id a vector file names per author (72 bits, as sync's). */
export const VECTOR_HEAD_LENGTH = 12

/** Per space, per author, the first characters of the event the holder has at its seq. */
export type VectorHeads = Record<string, Record<string, string>>

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
        z.string().regex(new RegExp(`^[A-Za-z0-9_-]{${VECTOR_HEAD_LENGTH}}$`)),
      ),
    ),
  }),
])

/** The file text for `vector` and its `heads`. */
export function vectorFileText(vector: VersionVector, heads: VectorHeads): string {
  return `${JSON.stringify({ format: 'veche-vector', version: 2, spaces: vector, heads }, null, 1)}\n`
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
  const heads = parsed.data.version === 2 ? parsed.data.heads : {}
  return { ok: true, vector: parsed.data.spaces, heads }
}
