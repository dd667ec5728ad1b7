// A bundle as a numbered series of QR codes, for phones with no network at all: `veche bundle
// qr/unqr` writes and reads it as images, the web app shows and scans it with the camera, and
// the two are interchangeable. Each code holds one text line:
//   veche-qr/1 <series> <index>/<count> <check> <data>
// `series` is the first 16 characters of the base64url SHA-256 of the whole bundle (so codes of
// another bundle are recognised as foreign, and the reassembled bundle is checked against it),
// `index` counts from 1, `check` is the first 8 characters of the SHA-256 of `data`, and `data`
// is a base64url slice of the bundle. Codes may be read in any order; a missing one is named.
// Codes come from strangers' screens: a series is bounded (MAX_QR_SERIES_CODES) before anything
// is kept, and a code that does not parse or check is refused without touching what was kept.
import { sha256 } from '@noble/hashes/sha2.js'
import { decodeBase64url, encodeBase64url } from './base64url.js'

export const QR_PREFIX = 'veche-qr/1'
/** Base64url characters of bundle per code by default: a version-25-or-so code, easy to scan. */
export const DEFAULT_QR_CHUNK = 1200
/**
 * Most codes one series may have: 10,000 codes of the default size carry about 9 MB of bundle,
 * far more than anyone scans by hand, and bound what a scanning phone keeps.
 */
export const MAX_QR_SERIES_CODES = 10_000

const utf8 = new TextEncoder()

/** SHA-256 of UTF-8 text or bytes, base64url. */
function sha256Text(data: string | Uint8Array): string {
  return encodeBase64url(sha256(typeof data === 'string' ? utf8.encode(data) : data))
}

export interface QrCodeText {
  readonly series: string
  readonly index: number
  readonly count: number
  readonly text: string
}

/** Splits `bundle` into the texts of a QR series. */
export function splitIntoQrTexts(bundle: Uint8Array, chunk = DEFAULT_QR_CHUNK): QrCodeText[] {
  const series = sha256Text(bundle).slice(0, 16)
  const data = encodeBase64url(bundle)
  const count = Math.max(1, Math.ceil(data.length / chunk))
  return Array.from({ length: count }, (_, i) => {
    const part = data.slice(i * chunk, (i + 1) * chunk)
    return {
      series,
      index: i + 1,
      count,
      text: `${QR_PREFIX} ${series} ${i + 1}/${count} ${sha256Text(part).slice(0, 8)} ${part}`,
    }
  })
}

const LINE =
  /^veche-qr\/1 ([A-Za-z0-9_-]{16}) (\d{1,6})\/(\d{1,6}) ([A-Za-z0-9_-]{8}) ([A-Za-z0-9_-]*)$/

/** Why one code was refused: a stable code for the interface, with the numbers it names. */
export type QrCodeRefusal =
  | { readonly code: 'qr.not-veche' }
  | { readonly code: 'qr.impossible'; readonly index: number; readonly count: number }
  | { readonly code: 'qr.too-many'; readonly count: number; readonly max: number }
  | { readonly code: 'qr.damaged'; readonly index: number; readonly count: number }
  | {
      readonly code: 'qr.other-series'
      readonly series: string
      readonly count: number
      readonly expected: { readonly series: string; readonly count: number }
    }

export type QrCodeOutcome =
  | { readonly ok: true; readonly index: number; readonly count: number; readonly repeat: boolean }
  | ({ readonly ok: false } & QrCodeRefusal)

export type QrSeriesJoin =
  | { readonly ok: true; readonly bundle: Uint8Array; readonly series: string }
  | { readonly ok: false; readonly code: 'qr.missing'; readonly missing: readonly number[] }
  | { readonly ok: false; readonly code: 'qr.mismatch'; readonly series: string }

/**
 * Codes of one series as they are read, in any order, repeats ignored. The first accepted code
 * fixes the series; a code refused (not Veche's, damaged, of another series) leaves what was
 * kept as it was.
 */
export class QrSeriesCollector {
  #series: string | null = null
  #count = 0
  readonly #parts = new Map<number, string>()

  /** The series being read, once a code was accepted. */
  get series(): string | null {
    return this.#series
  }

  /** How many codes the series has (0 before the first). */
  get count(): number {
    return this.#count
  }

  /** How many different codes of it were read. */
  get received(): number {
    return this.#parts.size
  }

  get complete(): boolean {
    return this.#series !== null && this.#parts.size === this.#count
  }

  /** The code numbers not read yet, in order. */
  missing(): number[] {
    const missing: number[] = []
    for (let i = 1; i <= this.#count; i++) if (!this.#parts.has(i)) missing.push(i)
    return missing
  }

  /** Takes one scanned text. */
  add(text: string): QrCodeOutcome {
    const match = LINE.exec(text)
    if (match === null) return { ok: false, code: 'qr.not-veche' }
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
    if (n < 1 || i < 1 || i > n) return { ok: false, code: 'qr.impossible', index: i, count: n }
    if (n > MAX_QR_SERIES_CODES)
      return { ok: false, code: 'qr.too-many', count: n, max: MAX_QR_SERIES_CODES }
    if (sha256Text(data).slice(0, 8) !== check)
      return { ok: false, code: 'qr.damaged', index: i, count: n }
    if (this.#series !== null && (series !== this.#series || n !== this.#count)) {
      return {
        ok: false,
        code: 'qr.other-series',
        series,
        count: n,
        expected: { series: this.#series, count: this.#count },
      }
    }
    this.#series = series
    this.#count = n
    const repeat = this.#parts.has(i)
    this.#parts.set(i, data)
    return { ok: true, index: i, count: n, repeat }
  }

  /** The bundle the series carries, checked against the series' own hash. */
  join(): QrSeriesJoin {
    const missing = this.missing()
    if (this.#series === null || missing.length > 0)
      return { ok: false, code: 'qr.missing', missing }
    const data = Array.from({ length: this.#count }, (_, i) => this.#parts.get(i + 1)!).join('')
    const bundle = decodeBase64url(data)
    if (bundle === null || sha256Text(bundle).slice(0, 16) !== this.#series)
      return { ok: false, code: 'qr.mismatch', series: this.#series }
    return { ok: true, bundle, series: this.#series }
  }
}
