// A bundle's QR series: read back in any order with repeats; a foreign, damaged or impossible
// code is refused and leaves what was read; the series is bounded; the joined bundle is checked.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { MAX_QR_SERIES_CODES, QrSeriesCollector, splitIntoQrTexts } from './qr-series.js'

const bundle = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251)

test('qr series: codes read backwards, with repeats, give the bundle back', () => {
  const codes = splitIntoQrTexts(bundle, 600)
  expect(codes.length).toBe(12)
  const collector = new QrSeriesCollector()
  for (const code of [...codes].reverse()) expect(collector.add(code.text).ok).toBe(true)
  expect(collector.add(codes[3]!.text)).toEqual({ ok: true, index: 4, count: 12, repeat: true })
  expect(collector.received).toBe(12)
  const joined = collector.join()
  expect(joined.ok && [...joined.bundle]).toEqual([...bundle])
})

test('qr series: a foreign, damaged or impossible code is refused and what was read stays', () => {
  const codes = splitIntoQrTexts(bundle, 600)
  const other = splitIntoQrTexts(Uint8Array.of(1, 2, 3), 600)
  const collector = new QrSeriesCollector()
  collector.add(codes[0]!.text)
  collector.add(codes[1]!.text)
  expect(collector.add('https://example.org/#/join/x').ok).toBe(false)
  expect(collector.add(other[0]!.text)).toMatchObject({ ok: false, code: 'qr.other-series' })
  const damaged = codes[2]!.text.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A'))
  expect(collector.add(damaged)).toEqual({ ok: false, code: 'qr.damaged', index: 3, count: 12 })
  expect(collector.add(codes[2]!.text.replace(' 3/12 ', ' 13/12 '))).toMatchObject({
    code: 'qr.impossible',
  })
  expect(collector.received).toBe(2)
  expect(collector.join()).toMatchObject({ ok: false, code: 'qr.missing' })
  expect(collector.missing()).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12])
})

test('qr series: a series of MAX_QR_SERIES_CODES codes is taken, one more is refused', () => {
  const code = (count: number): string => {
    const one = splitIntoQrTexts(Uint8Array.of(9), 600)[0]!.text
    return one.replace(' 1/1 ', ` 1/${count} `)
  }
  expect(new QrSeriesCollector().add(code(MAX_QR_SERIES_CODES)).ok).toBe(true)
  expect(new QrSeriesCollector().add(code(MAX_QR_SERIES_CODES + 1))).toMatchObject({
    ok: false,
    code: 'qr.too-many',
  })
})

test('qr series: codes that check one by one but do not give the series back are refused', () => {
  // Two slices swapped keep their own checks, but the whole no longer hashes to the series.
  const codes = splitIntoQrTexts(bundle, 600)
  const swap = (from: number, to: number): string => {
    const [head, data] = [codes[from]!.text.split(' ').slice(0, 4), codes[to]!.text.split(' ')[4]]
    head[2] = `${from + 1}/12`
    head[3] = codes[to]!.text.split(' ')[3]!
    return [...head, data].join(' ')
  }
  const collector = new QrSeriesCollector()
  collector.add(swap(0, 1))
  collector.add(swap(1, 0))
  for (const code of codes.slice(2)) collector.add(code.text)
  expect(collector.complete).toBe(true)
  expect(collector.join()).toMatchObject({ ok: false, code: 'qr.mismatch' })
})

test('qr series: any bundle, read in any order with any repeats, gives the bundle back', () => {
  fc.assert(
    fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 3000 }),
      fc.integer({ min: 200, max: 1200 }),
      fc.array(fc.nat(), { minLength: 1, maxLength: 60 }),
      (bytes, chunk, picks) => {
        const codes = splitIntoQrTexts(bytes, chunk)
        const collector = new QrSeriesCollector()
        // Some codes read first (and again) in an order drawn by fast-check, then all the rest.
        for (const pick of picks) collector.add(codes[pick % codes.length]!.text)
        for (const code of [...codes].reverse()) collector.add(code.text)
        const joined = collector.join()
        return (
          joined.ok &&
          joined.bundle.length === bytes.length &&
          joined.bundle.every((b, i) => b === bytes[i])
        )
      },
    ),
  )
})
