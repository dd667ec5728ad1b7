// #/a/<space>/carry: this phone's copy of an assembly as a QR series another phone scans with no
// hub and no network (docs/web.md, "Carrying events phone to phone"). The series is the CLI's
// (core's qr-series.ts over a bundle), so `veche bundle unqr` reads screenshots of it too. The
// codes cycle by themselves; Pause, Previous and Next hold one for a slow camera or the keyboard,
// and the same codes are given as text to copy.
import { canonicalJson, parseEvent, splitIntoQrTexts } from '@veche/core'
import type { QrCodeText, SpaceId } from '@veche/core'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { addCarryScreenStrings } from '../i18n/carry-screen-strings.js'
import { SpaceReplica } from '../lib/space-replica.js'
import { encodeSpaceBundle } from './event-bundle.js'
import './carry.css'

/** Base64url characters of bundle per code: smaller than the CLI's, for a camera across a table. */
export const PHONE_QR_CHUNK = 800
/** How long each code stays on screen while cycling, in milliseconds. */
const SHOW_EACH = 900

interface Series {
  readonly name: string
  readonly events: number
  readonly codes: readonly QrCodeText[]
}

async function buildSeries(replica: SpaceReplica): Promise<Series> {
  const { events, ballots } = replica.carried()
  const held = ballots.flatMap((raw) => {
    const parsed = parseEvent(raw)
    return parsed.ok ? [{ id: parsed.value.id, json: parsed.value.json }] : []
  })
  const bytes = await encodeSpaceBundle(
    replica.space,
    events.map((e) => canonicalJson(e)),
    held,
  )
  return {
    name: replica.state.assembly?.name ?? '',
    events: events.length + held.length,
    codes: events.length === 0 ? [] : splitIntoQrTexts(bytes, PHONE_QR_CHUNK),
  }
}

export default function CarryShowScreen({ space }: { readonly space: SpaceId }) {
  const { t, i18n } = useTranslation()
  addCarryScreenStrings(i18n)
  const { store } = useApp()
  const [series, setSeries] = useState<Series | null>(null)
  const [at, setAt] = useState(0)
  const [playing, setPlaying] = useState(true)
  // The image carries the number of the code it shows: it changes a moment after `at` does.
  const [image, setImage] = useState<{ readonly src: string; readonly index: number } | null>(null)
  useEffect(() => {
    let current = true
    void SpaceReplica.load(store, space)
      .then(buildSeries)
      .then((built) => {
        if (current) setSeries(built)
      })
    return () => {
      current = false
    }
  }, [store, space])
  const count = series?.codes.length ?? 0
  useEffect(() => {
    if (!playing || count < 2) return
    const timer = setInterval(() => setAt((i) => (i + 1) % count), SHOW_EACH)
    return () => clearInterval(timer)
  }, [playing, count])
  const text = series?.codes[at]?.text
  useEffect(() => {
    if (text === undefined) return
    let current = true
    void import('qrcode').then(async (qr) => {
      const svg = await qr.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 4 })
      if (current)
        setImage({
          src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`,
          index: at + 1,
        })
    })
    return () => {
      current = false
    }
  }, [text, at])
  const step = (by: number): void => {
    setPlaying(false)
    setAt((i) => (i + by + count) % count)
  }
  return (
    <section className="carry">
      <h2>{t('carry.showTitle')}</h2>
      {series !== null && series.name !== '' && (
        <p>
          <bdi className="carry-name">{series.name}</bdi>
        </p>
      )}
      <p>{t('carry.showWhat')}</p>
      {series === null ? (
        <p>{t('status.loading')}</p>
      ) : count === 0 ? (
        <p>{t('carry.empty')}</p>
      ) : (
        <>
          <p>{t('carry.carries', { count: series.events })}</p>
          <figure className="carry-code">
            {image !== null && (
              <img
                className="carry-qr"
                src={image.src}
                alt={t('carry.codeOf', { index: image.index, total: count })}
                data-code={image.index}
              />
            )}
            <figcaption>{t('carry.codeOf', { index: at + 1, total: count })}</figcaption>
          </figure>
          <div className="carry-controls">
            <button type="button" onClick={() => step(-1)} disabled={count < 2}>
              {t('carry.previous')}
            </button>
            <button type="button" onClick={() => setPlaying(!playing)} disabled={count < 2}>
              {playing ? t('carry.pause') : t('carry.play')}
            </button>
            <button type="button" onClick={() => step(1)} disabled={count < 2}>
              {t('carry.next')}
            </button>
          </div>
          <details className="carry-text">
            <summary>{t('carry.asText')}</summary>
            <textarea
              readOnly
              rows={6}
              aria-label={t('carry.asText')}
              value={series.codes.map((c) => c.text).join('\n')}
            />
          </details>
        </>
      )}
      <p>
        <a href={`#/a/${space}`}>{t('carry.back')}</a>
      </p>
    </section>
  )
}
