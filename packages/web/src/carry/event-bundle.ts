// The bundle file (the CLI's bundle-file.ts describes it: gzip of a header line, then one
// canonical event per line), written and read in the browser with its own gzip streams, so a
// phone's QR series reads back with `veche bundle unqr` and a hub's bundle scans into a phone.
// A phone writes version 1 (its folded events) or 3 (also the secret ballots it holds apart);
// it reads every version, leaving out the events an exporting hub held back (it never accepted
// them). What comes in is bounded before it is inflated or split, as the CLI bounds it, and each
// line's JSON members are counted before it is parsed, as the hub and the CLI count them (core's
// json-members.ts): a line of millions of keys would hold the phone's only thread for seconds.
import { countJsonMembers, MAX_EVENT_MEMBERS } from '@veche/core'

const FORMAT = 'veche-bundle'
/** Largest bundle content a phone inflates: a QR series of the largest size carries far less. */
export const MAX_CARRIED_BYTES = 64 * 1024 * 1024
/** How many times its own size a bundle may inflate to (the CLI's MAX_BUNDLE_RATIO). */
export const MAX_CARRIED_RATIO = 64

/** One space's events in a bundle: those to fold, and the secret ballots held apart. */
export interface CarriedSpace {
  readonly events: readonly unknown[]
  readonly ballots: readonly unknown[]
}

/** Why a bundle was refused whole: nothing of it is added. */
export type BundleRefusalCode = 'bundle.damaged' | 'bundle.too-large' | 'bundle.too-many-members'

export type ReadBundle =
  | { readonly ok: true; readonly spaces: ReadonlyMap<string, CarriedSpace> }
  | { readonly ok: false; readonly code: BundleRefusalCode }

/** Whether a line holds more JSON members than any event (or bundle header) holds. */
function overMemberBudget(line: string): boolean {
  return countJsonMembers(line, MAX_EVENT_MEMBERS) > MAX_EVENT_MEMBERS
}

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)),
  )
  let binary = ''
  for (const byte of digest) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

async function gzip(text: string): Promise<Uint8Array> {
  const stream = new Blob([text]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** Inflates `bytes`, or null past `limit` bytes or on damaged data. */
async function gunzip(bytes: Uint8Array, limit: number): Promise<Uint8Array | 'too-large' | null> {
  const reader = new Blob([bytes as BlobPart])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader()
  const chunks: Uint8Array[] = []
  let total = 0
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      total += value.length
      if (total > limit) {
        await reader.cancel()
        return 'too-large'
      }
      chunks.push(value)
    }
  } catch {
    return null
  }
  const out = new Uint8Array(total)
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.length
  }
  return out
}

/** A bundle of one space: its folded events in fold order, then its held ballots sorted by id. */
export async function encodeSpaceBundle(
  space: string,
  events: readonly string[],
  ballots: readonly { readonly id: string; readonly json: string }[],
): Promise<Uint8Array> {
  const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
  const lines = [...events, ...sorted.map((b) => b.json)]
  const content = lines.map((line) => `${line}\n`).join('')
  const count = lines.length
  const spaces = count > 0 ? { [space]: count } : {}
  const sum = await sha256(content)
  // Keys in the documented order: format, version, events, spaces, held, ballots, sha256.
  const header =
    sorted.length > 0
      ? {
          format: FORMAT,
          version: 3,
          events: count,
          spaces,
          held: {},
          ballots: { [space]: sorted.length },
          sha256: sum,
        }
      : { format: FORMAT, version: 1, events: count, spaces, sha256: sum }
  return gzip(`${JSON.stringify(header)}\n${content}`)
}

function counts(value: unknown): Record<string, number> | null {
  if (value === undefined) return {}
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null
  const out: Record<string, number> = {}
  for (const [key, n] of Object.entries(value)) {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return null
    out[key] = n
  }
  return out
}

/** Checks a bundle (gzip, header, checksum, counts) and groups its events by space. */
export async function readBundle(bytes: Uint8Array): Promise<ReadBundle> {
  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b)
    return { ok: false, code: 'bundle.damaged' }
  const limit = Math.min(MAX_CARRIED_BYTES, Math.max(1024 * 1024, bytes.length * MAX_CARRIED_RATIO))
  const inflated = await gunzip(bytes, limit)
  if (inflated === 'too-large') return { ok: false, code: 'bundle.too-large' }
  if (inflated === null) return { ok: false, code: 'bundle.damaged' }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated)
  } catch {
    return { ok: false, code: 'bundle.damaged' }
  }
  const newline = text.indexOf('\n')
  const content = newline < 0 ? '' : text.slice(newline + 1)
  const headerLine = newline < 0 ? text : text.slice(0, newline)
  if (overMemberBudget(headerLine)) return { ok: false, code: 'bundle.too-many-members' }
  let header: Record<string, unknown>
  try {
    header = JSON.parse(headerLine) as Record<string, unknown>
  } catch {
    return { ok: false, code: 'bundle.damaged' }
  }
  const spaces = counts(header.spaces)
  const held = counts(header.held)
  const ballots = counts(header.ballots)
  if (
    header === null ||
    header.format !== FORMAT ||
    ![1, 2, 3].includes(header.version as number) ||
    typeof header.events !== 'number' ||
    spaces === null ||
    held === null ||
    ballots === null ||
    (await sha256(content)) !== header.sha256
  )
    return { ok: false, code: 'bundle.damaged' }
  const lines = content.split('\n')
  if (lines.at(-1) === '') lines.pop()
  if (lines.length !== header.events) return { ok: false, code: 'bundle.damaged' }
  // Every line is counted before any is parsed, so a refused bundle costs one scan.
  if (lines.some(overMemberBudget)) return { ok: false, code: 'bundle.too-many-members' }
  const bySpace = new Map<string, unknown[]>()
  for (const line of lines) {
    let event: unknown
    try {
      event = JSON.parse(line)
    } catch {
      return { ok: false, code: 'bundle.damaged' }
    }
    const space = (event as { space?: unknown } | null)?.space
    if (typeof space !== 'string') return { ok: false, code: 'bundle.damaged' }
    const list = bySpace.get(space) ?? []
    list.push(event)
    bySpace.set(space, list)
  }
  const out = new Map<string, CarriedSpace>()
  for (const [space, list] of bySpace) {
    if (spaces[space] !== list.length) return { ok: false, code: 'bundle.damaged' }
    const h = held[space] ?? 0
    const b = ballots[space] ?? 0
    if (h + b > list.length) return { ok: false, code: 'bundle.damaged' }
    // A hub's held-back events (the last h) were never accepted there: a phone leaves them out.
    const end = list.length - h
    out.set(space, { events: list.slice(0, end - b), ballots: list.slice(end - b, end) })
  }
  return { ok: true, spaces: out }
}
