// The button that wipes this device, which asks first: the lock screen offers it for a forgotten
// passphrase, the device screen at any time. Nothing is wiped until the confirmation's yes.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'

/** `label` asks to wipe; then a confirmation whose yes calls `onWipe` (disabled while `busy`). */
export function WipeButton(props: {
  readonly label: string
  readonly onWipe: () => void
  readonly busy?: boolean
}) {
  const { t } = useTranslation()
  const [confirming, setConfirming] = useState(false)
  if (!confirming)
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)}>
        {props.label}
      </button>
    )
  return (
    <div role="alertdialog" aria-labelledby="wipe-confirm" className="confirm">
      <p id="wipe-confirm" className="warning">
        {t('device.wipeConfirm')}
      </p>
      <div className="row">
        <button type="button" className="danger" disabled={props.busy} onClick={props.onWipe}>
          {t('device.wipeYes')}
        </button>
        <button type="button" onClick={() => setConfirming(false)}>
          {t('device.cancel')}
        </button>
      </div>
    </div>
  )
}
