// The event file of `veche export` / `veche import`: a header line
//   {"format":"veche-events","version":1,"space":"…","events":N}
// then one event per line in canonical JSON, in the order the exporting hub accepted them.
import { z } from 'zod'
import { SPACE_ID_PATTERN } from '@veche/core'
import type { SpaceId } from '@veche/core'

const header = z.strictObject({
  format: z.literal('veche-events'),
  version: z.literal(1),
  space: z.string().regex(SPACE_ID_PATTERN),
  events: z.number().int().min(0),
})

export function eventFileHeader(space: SpaceId, events: number): z.infer<typeof header> {
  return { format: 'veche-events', version: 1, space, events }
}

export type ParsedEventFile =
  | { readonly ok: true; readonly space: SpaceId; readonly events: unknown[] }
  | { readonly ok: false; readonly message: string }

/** Splits and decodes an event file; the events themselves are checked by the ledger. */
export function parseEventFile(text: string): ParsedEventFile {
  const lines = text.split('\n')
  if (lines[lines.length - 1] === '') lines.pop()
  // gzip's magic bytes, as UTF-8 decoding leaves them: the other way of carrying events.
  if (text.startsWith('\u001f\ufffd'))
    return {
      ok: false,
      message: 'a bundle, not an event file: import it with `veche bundle import FILE`',
    }
  let first: unknown
  try {
    first = JSON.parse(lines[0] ?? '')
  } catch {
    return { ok: false, message: 'line 1: not a Veche event file (the header is not JSON)' }
  }
  const head = header.safeParse(first)
  if (!head.success)
    return {
      ok: false,
      message: 'line 1: not a Veche event file header (format veche-events, version 1)',
    }
  const events: unknown[] = []
  for (let i = 1; i < lines.length; i++) {
    try {
      events.push(JSON.parse(lines[i]!))
    } catch {
      return { ok: false, message: `line ${i + 1}: not JSON (the file is damaged or truncated)` }
    }
  }
  if (events.length !== head.data.events) {
    return {
      ok: false,
      message: `the header announces ${head.data.events} events but the file holds ${events.length} (truncated?)`,
    }
  }
  return { ok: true, space: head.data.space as SpaceId, events }
}
