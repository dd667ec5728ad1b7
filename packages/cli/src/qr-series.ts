// A bundle as a numbered series of QR codes, for phones with no network at all. Each code holds
// one text line:
//   veche-qr/1 <series> <index>/<count> <check> <data>
// `series` is the first 16 characters of the base64url SHA-256 of the whole bundle (so codes of
// another bundle are recognised as foreign, and the reassembled bundle is checked against it),
// `index` counts from 1, `check` is the first 8 characters of the SHA-256 of `data`, and `data`
// is a base64url slice of the bundle. Codes may be read in any order; a missing one is named.
import { sha256 } from './bundle-file.js'

export const QR_PREFIX = 'veche-qr/1'
/** Base64url characters of bundle per code by default: a version-25-or-so code, easy to scan. */
export const DEFAULT_QR_CHUNK = 1200

export interface QrCode {
  readonly series: string
  readonly index: number
  readonly count: number
  readonly text: string
}

/** Splits `bundle` into the texts of a QR series. */
export function splitIntoQrTexts(bundle: Uint8Array, chunk = DEFAULT_QR_CHUNK): QrCode[] {
  const series = sha256(bundle).slice(0, 16)
  const data = Buffer.from(bundle).toString('base64url')
  const count = Math.max(1, Math.ceil(data.length / chunk))
  return Array.from({ length: count }, (_, i) => {
    const part = data.slice(i * chunk, (i + 1) * chunk)
    return {
      series,
      index: i + 1,
      count,
      text: `${QR_PREFIX} ${series} ${i + 1}/${count} ${sha256(part).slice(0, 8)} ${part}`,
    }
  })
}

const LINE =
  /^veche-qr\/1 ([A-Za-z0-9_-]{16}) (\d{1,6})\/(\d{1,6}) ([A-Za-z0-9_-]{8}) ([A-Za-z0-9_-]*)$/

/** One scanned code: its text and where it came from (a file name), for messages. */
export interface ScannedCode {
  readonly source: string
  readonly text: string
}

export type JoinedSeries =
  | { readonly ok: true; readonly bundle: Buffer; readonly series: string; readonly count: number }
  | { readonly ok: false; readonly message: string }

/**
 * Puts a series back together from codes read in any order (repeats are fine). Refuses, naming
 * them, codes that are not Veche codes, that are damaged, that belong to another series, or that
 * are missing.
 */
export function joinQrTexts(codes: readonly ScannedCode[]): JoinedSeries {
  if (codes.length === 0) return { ok: false, message: 'no QR codes were given' }
  const parts = new Map<number, string>()
  let first: { series: string; count: number; source: string } | null = null
  for (const code of codes) {
    const match = LINE.exec(code.text)
    if (match === null) return { ok: false, message: `${code.source}: not a Veche bundle QR code` }
    const [, series, index, count, check, data] = match as unknown as [
      string,
      string,
      string,
      string,
      string,
      string,
    ]
    const i = Number(index)
    const n = Number(count)
    if (n < 1 || i < 1 || i > n) {
      return { ok: false, message: `${code.source}: code number ${i} of ${n} is impossible` }
    }
    if (sha256(data).slice(0, 8) !== check) {
      return { ok: false, message: `${code.source}: code ${i} of ${n} is damaged (check fails)` }
    }
    first ??= { series, count: n, source: code.source }
    if (series !== first.series || n !== first.count) {
      return {
        ok: false,
        message:
          `${code.source} belongs to another series (${series}, ${n} codes) than ` +
          `${first.source} (${first.series}, ${first.count} codes): scan one bundle at a time`,
      }
    }
    parts.set(i, data)
  }
  const { series, count } = first!
  const missing: number[] = []
  for (let i = 1; i <= count; i++) if (!parts.has(i)) missing.push(i)
  if (missing.length > 0) {
    return {
      ok: false,
      message: `series ${series} is incomplete: missing code(s) ${missing.join(', ')} of ${count}`,
    }
  }
  const bundle = Buffer.from(
    Array.from({ length: count }, (_, i) => parts.get(i + 1)!).join(''),
    'base64url',
  )
  if (sha256(bundle).slice(0, 16) !== series) {
    return { ok: false, message: `series ${series}: the joined codes do not give the bundle back` }
  }
  return { ok: true, bundle, series, count }
}
