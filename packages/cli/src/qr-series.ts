// `veche bundle qr/unqr`'s side of a bundle's QR series: the format itself lives in core
// (qr-series.ts there), shared with the web app so a series printed by the CLI scans into a phone
// and a phone's series reads back with `veche bundle unqr`. Here: the files codes were read from,
// and the messages that name them.
import { QrSeriesCollector } from '@veche/core'
import type { QrCodeText } from '@veche/core'

export { DEFAULT_QR_CHUNK, QR_PREFIX, splitIntoQrTexts } from '@veche/core'
export type QrCode = QrCodeText

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
  const collector = new QrSeriesCollector()
  let firstSource = ''
  for (const code of codes) {
    const added = collector.add(code.text)
    if (added.ok) {
      if (firstSource === '') firstSource = code.source
      continue
    }
    switch (added.code) {
      case 'qr.not-veche':
        return { ok: false, message: `${code.source}: not a Veche bundle QR code` }
      case 'qr.impossible':
        return {
          ok: false,
          message: `${code.source}: code number ${added.index} of ${added.count} is impossible`,
        }
      case 'qr.too-many':
        return {
          ok: false,
          message: `${code.source}: a series of ${added.count} codes is longer than the ${added.max} a series may have`,
        }
      case 'qr.damaged':
        return {
          ok: false,
          message: `${code.source}: code ${added.index} of ${added.count} is damaged (check fails)`,
        }
      case 'qr.other-series':
        return {
          ok: false,
          message:
            `${code.source} belongs to another series (${added.series}, ${added.count} codes) than ` +
            `${firstSource} (${added.expected.series}, ${added.expected.count} codes): scan one bundle at a time`,
        }
    }
  }
  const joined = collector.join()
  if (joined.ok)
    return {
      ok: true,
      bundle: Buffer.from(joined.bundle),
      series: joined.series,
      count: collector.count,
    }
  if (joined.code === 'qr.missing')
    return {
      ok: false,
      message: `series ${collector.series} is incomplete: missing code(s) ${joined.missing.join(', ')} of ${collector.count}`,
    }
  return {
    ok: false,
    message: `series ${joined.series}: the joined codes do not give the bundle back`,
  }
}
