// The previous release's vector-file.ts (git show 5f696bd^:packages/cli/src/vector-file.ts), kept
// byte for byte below this header so tests can check that what this release writes is read by
// hubs not yet upgraded, and the reverse (vector-file.test.ts). Do not edit: it is what they run.
//
// The version-vector file of `veche bundle vector`: what a hub holds, per space the highest seq
// per author, so another hub can export only what is missing (`veche bundle export --since`).
//   {"format":"veche-vector","version":1,"spaces":{"<space>":{"<author>":seq,…},…}}
import { z } from 'zod'
import { PUBLIC_KEY_PATTERN, SPACE_ID_PATTERN } from '@veche/core'
import type { VersionVector } from '@veche/store'

const vectorSchema = z.strictObject({
  format: z.literal('veche-vector'),
  version: z.literal(1),
  spaces: z.record(
    z.string().regex(SPACE_ID_PATTERN),
    z.record(z.string().regex(PUBLIC_KEY_PATTERN), z.number().int().min(1)),
  ),
})

/** The file text for `vector`. */
export function vectorFileText(vector: VersionVector): string {
  return `${JSON.stringify({ format: 'veche-vector', version: 1, spaces: vector }, null, 1)}\n`
}

/** Parses a vector file, or says what is wrong with it. */
export function parseVectorFile(
  text: string,
): { ok: true; vector: VersionVector } | { ok: false; message: string } {
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
  return { ok: true, vector: parsed.data.spaces }
}
