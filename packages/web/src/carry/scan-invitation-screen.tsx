// #/scan: the camera reads an invitation's QR code (the link a facilitator shows, or a bare code)
// and opens the join screen with it, where the person sees what they are joining before they
// agree. A code that is not an invitation is named as such; the camera keeps looking.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { navigate } from '../hooks.js'
import { addCarryScreenStrings } from '../i18n/carry-screen-strings.js'
import { QrScanner } from './qr-scanner.js'
import './carry.css'

/**
 * The invitation code in a scanned text: a link's `#/join/<code>`, or the code itself. Only its
 * kind is looked at here; the join screen parses it whole and says if it is damaged.
 */
export function invitationCodeOf(text: string): string | null {
  const at = text.indexOf('#/join/')
  let code = at < 0 ? text.trim() : text.slice(at + '#/join/'.length).trim()
  try {
    code = decodeURIComponent(code)
  } catch {
    return null
  }
  return code.startsWith('veche-invite:') ? code : null
}

export default function ScanInvitationScreen() {
  const { t, i18n } = useTranslation()
  addCarryScreenStrings(i18n)
  const [refused, setRefused] = useState(false)
  const onText = (text: string): void => {
    const code = invitationCodeOf(text)
    if (code === null) return setRefused(true)
    navigate(`join/${code}`)
  }
  return (
    <section className="carry">
      <h2>{t('scan.invitationTitle')}</h2>
      <p>{t('scan.invitationWhat')}</p>
      {refused && (
        <p role="alert" className="warning">
          {t('scan.notInvitation')}
        </p>
      )}
      <QrScanner onText={onText} />
      <p>
        <a href="#/">{t('scan.back')}</a>
      </p>
    </section>
  )
}
