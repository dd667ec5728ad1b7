// The bundle file, for carrying events between hubs by hand: gzip of a header line
//   {"format":"veche-bundle","version":1,"events":N,"spaces":{"<space>":n,…},"sha256":"…"}
// then one canonical event per line, space by space in the exporting store's order. The SHA-256
// (base64url) covers every byte after the header line, so a damaged file is refused before any
// event is looked at (gzip's own CRC catches most damage even earlier). The events themselves
// are signed: the checksum only says the file is whole, the ledger says whether it is true.
// Version 2 adds `"held":{"<space>":h,…}`: the last h events of that space's lines are events the
// exporting hub holds back (parked until what they depend on arrives), not events it accepted.
// Version 3 adds `"ballots":{"<space>":b,…}`: the b lines of that space right before its held-back
// ones are the secret ballots the exporting hub holds apart from its log (docs/secret-ballot.md,
// "Storage"), sorted by id, never in the order they arrived. A bundle is written in the lowest
// version that says what it carries (no held events and no ballots: version 1), so older hubs
// still read what they can; every version is read.
import { createHash } from 'node:crypto'
import { gunzipSync, gzipSync } from 'node:zlib'
import { z } from 'zod'
import { MAX_EVENT_MEMBERS, SPACE_ID_PATTERN, countJsonMembers } from '@veche/core'

export const BUNDLE_FORMAT = 'veche-bundle'
/** The version written when a bundle carries no held events (readable by every hub). */
export const BUNDLE_VERSION = 1
/** The version written when it does (the header adds `held`). */
export const BUNDLE_VERSION_HELD = 2
/** The version written when it carries held secret ballots (the header adds `ballots`). */
export const BUNDLE_VERSION_BALLOTS = 3
// Bundles come from strangers, so what one may cost is bounded before it is looked at: a file of
// a few KB once inflated to 1 GB, and one of 39 KB held 20 million lines.
/** Largest bundle content accepted once decompressed (about 400,000 ordinary events). */
export const MAX_BUNDLE_BYTES = 256 * 1024 * 1024
/**
 * How many times its own size a bundle may inflate to. Signed events (ids, keys and signatures in
 * base64url) compress about 3 times; a decompression bomb, a thousand times.
 */
export const MAX_BUNDLE_RATIO = 64
/** Most events (lines) in one bundle. */
export const MAX_BUNDLE_EVENTS = 1_000_000
/** Longest line: the largest event (a poll's seal, 10 MiB) and room for its envelope. */
export const MAX_BUNDLE_LINE = 11 * 1024 * 1024

const SpaceCounts = z.record(z.string().regex(SPACE_ID_PATTERN), z.number().int().min(1))
const common = {
  format: z.literal(BUNDLE_FORMAT),
  events: z.number().int().min(0).max(MAX_BUNDLE_EVENTS),
  spaces: SpaceCounts,
  sha256: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
}
const headerSchema = z.discriminatedUnion('version', [
  z.strictObject({ ...common, version: z.literal(BUNDLE_VERSION) }),
  z.strictObject({
    ...common,
    version: z.literal(BUNDLE_VERSION_HELD),
    held: SpaceCounts.describe(
      'per space, how many of its lines (its last) the exporter holds back',
    ),
  }),
  z.strictObject({
    ...common,
    version: z.literal(BUNDLE_VERSION_BALLOTS),
    held: SpaceCounts,
    ballots: SpaceCounts.describe(
      'per space, how many of its lines (right before its held-back ones) are secret ballots the exporter holds, sorted by id',
    ),
  }),
])

export type BundleHeader = z.infer<typeof headerSchema>

/** One event going into a bundle: its space and canonical text. */
export interface BundleEvent {
  readonly space: string
  readonly json: string
  /** The exporting hub holds it back (parked), it did not accept it. */
  readonly held?: boolean
  /** A secret ballot the exporting hub holds apart from its log. */
  readonly ballot?: boolean
}

/**
 * Encodes events (already in the order the receiver should apply them, space by space, each
 * space's held secret ballots sorted by id and then its held-back events last) as a bundle.
 */
export function encodeBundle(events: readonly BundleEvent[]): {
  bytes: Buffer
  header: BundleHeader
} {
  const content = events.map((e) => `${e.json}\n`).join('')
  const spaces: Record<string, number> = {}
  const held: Record<string, number> = {}
  const ballots: Record<string, number> = {}
  for (const event of events) {
    spaces[event.space] = (spaces[event.space] ?? 0) + 1
    if (event.held === true) held[event.space] = (held[event.space] ?? 0) + 1
    else if (event.ballot === true) ballots[event.space] = (ballots[event.space] ?? 0) + 1
  }
  const format = BUNDLE_FORMAT
  const count = events.length
  const sum = sha256(content)
  // Keys in the documented order: format, version, events, spaces, held, ballots, sha256.
  const header: BundleHeader =
    Object.keys(ballots).length > 0
      ? {
          format,
          version: BUNDLE_VERSION_BALLOTS,
          events: count,
          spaces,
          held,
          ballots,
          sha256: sum,
        }
      : Object.keys(held).length === 0
        ? { format, version: BUNDLE_VERSION, events: count, spaces, sha256: sum }
        : { format, version: BUNDLE_VERSION_HELD, events: count, spaces, held, sha256: sum }
  return { bytes: gzipSync(`${JSON.stringify(header)}\n${content}`), header }
}

/** How many of a bundle's events its exporter held back, per space (none in version 1). */
export function heldCounts(header: BundleHeader): Readonly<Record<string, number>> {
  return header.version === BUNDLE_VERSION ? {} : header.held
}

/** How many held secret ballots a bundle carries, per space (none before version 3). */
export function ballotCounts(header: BundleHeader): Readonly<Record<string, number>> {
  return header.version === BUNDLE_VERSION_BALLOTS ? header.ballots : {}
}

export type DecodedBundle =
  | { readonly ok: true; readonly header: BundleHeader; readonly events: unknown[] }
  | { readonly ok: false; readonly message: string }

/** Checks and splits a bundle; the events are still untrusted (the ledger checks them). */
export function decodeBundle(bytes: Uint8Array): DecodedBundle {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
    // `veche export`'s file starts with its JSON header: the other way of carrying events.
    const head = Buffer.from(bytes.subarray(0, 256)).toString('utf8')
    const eventFile = head.startsWith('{') && head.includes('"format":"veche-events"')
    return {
      ok: false,
      message: eventFile
        ? 'an event file, not a bundle: import it with `veche import FILE`'
        : 'not a Veche bundle (not gzip data)',
    }
  }
  const limit = Math.min(MAX_BUNDLE_BYTES, Math.max(1024 * 1024, bytes.length * MAX_BUNDLE_RATIO))
  let text: string
  try {
    text = gunzipSync(bytes, { maxOutputLength: limit }).toString('utf8')
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') {
      return {
        ok: false,
        message:
          limit === MAX_BUNDLE_BYTES
            ? `the bundle inflates to more than ${MAX_BUNDLE_BYTES} bytes, the most one bundle may hold; export it in parts (by space)`
            : `the bundle inflates to more than ${limit} bytes, over ${MAX_BUNDLE_RATIO} times its own size: real events never compress so well, so this is refused as a decompression bomb`,
      }
    }
    return {
      ok: false,
      message: `the bundle is damaged or truncated (${(error as Error).message})`,
    }
  }
  const newline = text.indexOf('\n')
  const headerLine = newline < 0 ? text : text.slice(0, newline)
  // The header is counted before it is parsed, as every event line is: a few members in a real one.
  if (countJsonMembers(headerLine, MAX_EVENT_MEMBERS) > MAX_EVENT_MEMBERS) {
    return {
      ok: false,
      message: `the bundle header holds more than ${MAX_EVENT_MEMBERS} JSON members, more than any header holds`,
    }
  }
  let first: unknown
  try {
    first = JSON.parse(headerLine)
  } catch {
    return { ok: false, message: 'the bundle header is not JSON' }
  }
  const announced = (first as { events?: unknown } | null)?.events
  if (typeof announced === 'number' && announced > MAX_BUNDLE_EVENTS) {
    return {
      ok: false,
      message: `the header announces ${announced} events; a bundle holds at most ${MAX_BUNDLE_EVENTS}`,
    }
  }
  const parsed = headerSchema.safeParse(first)
  if (!parsed.success) {
    return {
      ok: false,
      message: `not a Veche bundle header (format ${BUNDLE_FORMAT}, version ${BUNDLE_VERSION}, ${BUNDLE_VERSION_HELD} or ${BUNDLE_VERSION_BALLOTS})`,
    }
  }
  const header = parsed.data
  const content = newline < 0 ? '' : text.slice(newline + 1)
  const actual = sha256(content)
  if (actual !== header.sha256) {
    return {
      ok: false,
      message: `the bundle content does not match its checksum (SHA-256 ${actual}, header says ${header.sha256}): the file is damaged`,
    }
  }
  // Lines are counted, and each measured, before any is split off or parsed.
  let lineCount = 0
  for (let at = 0; at < content.length; lineCount++) {
    const end = content.indexOf('\n', at)
    const stop = end < 0 ? content.length : end
    if (stop - at > MAX_BUNDLE_LINE) {
      return {
        ok: false,
        message: `line ${lineCount + 2} is ${stop - at} characters long; no event is longer than ${MAX_BUNDLE_LINE}`,
      }
    }
    if (lineCount >= header.events) {
      return {
        ok: false,
        message: `the header announces ${header.events} events but the bundle holds more lines`,
      }
    }
    at = stop + 1
  }
  const lines = content.split('\n')
  if (lines.at(-1) === '') lines.pop()
  if (lines.length !== header.events) {
    return {
      ok: false,
      message: `the header announces ${header.events} events but the bundle holds ${lines.length}`,
    }
  }
  const events: unknown[] = []
  const counted: Record<string, number> = {}
  const types: Record<string, string[]> = {}
  for (const [i, line] of lines.entries()) {
    // Counted before it is parsed (core's json-members.ts): a line of a million keys would hold
    // the importing hub's event loop for seconds, and no event holds that many.
    if (countJsonMembers(line, MAX_EVENT_MEMBERS) > MAX_EVENT_MEMBERS) {
      return {
        ok: false,
        message: `event ${i + 1}: more than ${MAX_EVENT_MEMBERS} JSON members, more than any event holds`,
      }
    }
    let event: unknown
    try {
      event = JSON.parse(line)
    } catch {
      return { ok: false, message: `event ${i + 1}: not JSON` }
    }
    const space = (event as { space?: unknown } | null)?.space
    if (typeof space === 'string') {
      counted[space] = (counted[space] ?? 0) + 1
      const type = (event as { type?: unknown }).type
      ;(types[space] ??= []).push(typeof type === 'string' ? type : '')
    }
    events.push(event)
  }
  for (const [space, n] of Object.entries(header.spaces)) {
    if (counted[space] !== n) {
      return {
        ok: false,
        message: `the header announces ${n} events of space ${space} but the bundle holds ${counted[space] ?? 0}`,
      }
    }
  }
  for (const [space, n] of Object.entries(heldCounts(header))) {
    if (n > (header.spaces[space] ?? 0)) {
      return {
        ok: false,
        message: `the header announces ${n} held-back events of space ${space} but only ${header.spaces[space] ?? 0} events of it`,
      }
    }
  }
  for (const [space, n] of Object.entries(ballotCounts(header))) {
    const held = heldCounts(header)[space] ?? 0
    const own = types[space] ?? []
    const named = own.slice(own.length - held - n, own.length - held)
    if (n + held > own.length || named.some((type) => type !== 'secret.ballot')) {
      return {
        ok: false,
        message: `the header announces ${n} held secret ballots of space ${space} before its held-back events, but those lines are not all secret ballots`,
      }
    }
  }
  return { ok: true, header, events }
}

/** SHA-256 of UTF-8 text or bytes, base64url. */
export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('base64url')
}
