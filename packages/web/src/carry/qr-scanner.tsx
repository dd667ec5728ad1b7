// Reads QR codes with the camera: the platform's BarcodeDetector where it has one (Android,
// ChromeOS, macOS), otherwise jsQR (Apache-2.0) on frames drawn to a canvas; jsQR loads only then.
// Every text read goes to `onText` once per change (a code held still in view is one read, not
// thirty a second). A camera that cannot be opened says so; the text box below takes the same
// codes pasted (one per line), for a person who cannot point a camera and for the keyboard.
import { useEffect, useRef, useState } from 'react'
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { Field } from '../components/field.js'

/** Longest side of a frame handed to jsQR: enough for a code filling a third of the view. */
export const MAX_SCAN_SIDE = 960
/** How often a frame is looked at, in milliseconds. */
const SCAN_EVERY = 120

interface DetectedBarcode {
  readonly rawValue: string
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>
}
type BarcodeDetectorClass = new (options: { formats: string[] }) => BarcodeDetectorLike

/** The platform's QR detector, or null where it has none (or none for QR codes). */
async function platformDetector(): Promise<BarcodeDetectorLike | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector
  if (Detector === undefined) return null
  try {
    const formats = await (
      Detector as unknown as { getSupportedFormats(): Promise<string[]> }
    ).getSupportedFormats()
    return formats.includes('qr_code') ? new Detector({ formats: ['qr_code'] }) : null
  } catch {
    return null
  }
}

/** A detector reading frames of `video` with jsQR. */
async function jsQrDetector(): Promise<BarcodeDetectorLike> {
  const { default: jsQR } = await import('jsqr')
  const canvas = document.createElement('canvas')
  const context = canvas.getContext('2d', { willReadFrequently: true })
  return {
    detect(video) {
      const { videoWidth: w, videoHeight: h } = video
      if (context === null || w === 0 || h === 0) return Promise.resolve([])
      const scale = Math.min(1, MAX_SCAN_SIDE / Math.max(w, h))
      canvas.width = Math.round(w * scale)
      canvas.height = Math.round(h * scale)
      context.drawImage(video, 0, 0, canvas.width, canvas.height)
      const image = context.getImageData(0, 0, canvas.width, canvas.height)
      const code = jsQR(image.data, image.width, image.height, { inversionAttempts: 'attemptBoth' })
      return Promise.resolve(code === null ? [] : [{ rawValue: code.data }])
    },
  }
}

export function QrScanner({ onText }: { readonly onText: (text: string) => void }) {
  const { t } = useTranslation()
  const video = useRef<HTMLVideoElement>(null)
  const [on, setOn] = useState(true)
  const [failed, setFailed] = useState(false)
  const [pasted, setPasted] = useState('')
  const handler = useRef(onText)
  handler.current = onText

  useEffect(() => {
    if (!on) return
    let stopped = false
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setTimeout> | undefined
    let last = ''
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false,
        })
      } catch {
        if (!stopped) setFailed(true)
        return
      }
      if (stopped || video.current === null) {
        stream.getTracks().forEach((track) => track.stop())
        return
      }
      setFailed(false)
      video.current.srcObject = stream
      await video.current.play().catch(() => undefined)
      const detector = (await platformDetector()) ?? (await jsQrDetector())
      const look = async (): Promise<void> => {
        if (stopped || video.current === null) return
        const found = await detector.detect(video.current).catch(() => [])
        for (const { rawValue } of found) {
          if (rawValue === last) continue
          last = rawValue
          handler.current(rawValue)
        }
        if (!stopped) timer = setTimeout(() => void look(), SCAN_EVERY)
      }
      void look()
    })()
    return () => {
      stopped = true
      clearTimeout(timer)
      stream?.getTracks().forEach((track) => track.stop())
    }
  }, [on])

  const read = (e: FormEvent): void => {
    e.preventDefault()
    for (const line of pasted.split(/\r?\n/)) if (line.trim() !== '') handler.current(line.trim())
    setPasted('')
  }
  return (
    <div className="qr-scanner">
      {on && (
        <video ref={video} className="qr-video" muted playsInline aria-label={t('scan.camera')} />
      )}
      {failed && <p role="alert">{t('scan.unavailable')}</p>}
      <button type="button" onClick={() => setOn(!on)}>
        {on ? t('scan.stop') : t('scan.start')}
      </button>
      <form onSubmit={read}>
        <Field label={t('scan.paste')}>
          <textarea
            value={pasted}
            rows={3}
            spellCheck={false}
            autoCapitalize="off"
            onChange={(e) => setPasted(e.target.value)}
          />
        </Field>
        <button type="submit">{t('scan.read')}</button>
      </form>
    </div>
  )
}
