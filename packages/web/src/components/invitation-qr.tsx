// The invitation link as a QR code, for a phone to scan across the hall.
import { useTranslation } from 'react-i18next'
import { QrCode } from './qr-code.js'

export function InvitationQr({ link }: { readonly link: string }) {
  const { t } = useTranslation()
  return <QrCode text={link} alt={t('invite.qr')} />
}
