// Text as a QR code image. The QR library is loaded only when one is shown, so it stays out of
// the first load (the service worker still precaches it for offline use).
import { useEffect, useState } from 'react'

export function QrCode({ text, alt }: { readonly text: string; readonly alt: string }) {
  const [svg, setSvg] = useState('')
  useEffect(() => {
    let cancelled = false
    void import('qrcode').then(async (qr) => {
      const image = await qr.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      if (!cancelled) setSvg(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(image)}`)
    })
    return () => {
      cancelled = true
    }
  }, [text])
  if (svg === '') return null
  return <img className="qr" src={svg} alt={alt} width={240} height={240} />
}
