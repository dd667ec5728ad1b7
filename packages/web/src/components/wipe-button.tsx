// The button that wipes this device, which asks first: the lock screen offers it for a forgotten
// passphrase, the device screen at any time. Nothing is wiped until the confirmation's yes.
import { useTranslation } from 'react-i18next'
import { ConfirmButton } from './confirm-button.js'

/** `label` asks to wipe; then a confirmation whose yes calls `onWipe` (disabled while `busy`). */
export function WipeButton(props: {
  readonly label: string
  readonly onWipe: () => void
  readonly busy?: boolean
}) {
  const { t } = useTranslation()
  return (
    <ConfirmButton
      label={props.label}
      question={t('device.wipeConfirm')}
      consequence={t('device.wipeUndone')}
      yes={t('device.wipeYes')}
      no={t('device.cancel')}
      onConfirm={props.onWipe}
      {...(props.busy === undefined ? {} : { busy: props.busy })}
    />
  )
}
