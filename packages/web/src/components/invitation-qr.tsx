// The invitation link as a QR code, for a phone to scan across the hall. The QR library is
// loaded only when a code is shown, so it stays out of the first load.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

export function InvitationQr({ link }: { readonly link: string }) {
  const { t } = useTranslation()
  const [svg, setSvg] = useState('')
  useEffect(() => {
    let cancelled = false
    void import('qrcode').then(async (qr) => {
      const text = await qr.toString(link, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 })
      if (!cancelled) setSvg(`data:image/svg+xml;charset=utf-8,${encodeURIComponent(text)}`)
    })
    return () => {
      cancelled = true
    }
  }, [link])
  if (svg === '') return null
  return <img className="qr" src={svg} alt={t('invite.qr')} width={240} height={240} />
}
