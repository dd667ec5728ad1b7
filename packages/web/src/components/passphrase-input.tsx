// A labelled passphrase field, the one the lock screen, the lock panel and the duress passphrase
// share: hidden as typed, required, and saying to the browser's password manager which kind of
// passphrase it is.
import { Field } from './field.js'

/**
 * `current` is one already set (the password manager may fill it); `new` is one being chosen (at
 * least 8 characters, offered for saving); `unsaved` is chosen too but never offered for saving
 * or filled (the duress passphrase, which must not sit beside the real one).
 */
export type PassphraseKind = 'current' | 'new' | 'unsaved'

const AUTOCOMPLETE = {
  current: 'current-password',
  new: 'new-password',
  unsaved: 'off',
} as const satisfies Record<PassphraseKind, string>

/** A required password input under `label`, of the given kind (`current` unless said). */
export function PassphraseInput(props: {
  readonly label: string
  readonly value: string
  readonly onChange: (value: string) => void
  readonly kind?: PassphraseKind
  readonly autoFocus?: boolean
}) {
  const kind = props.kind ?? 'current'
  return (
    <Field label={props.label}>
      <input
        type="password"
        autoComplete={AUTOCOMPLETE[kind]}
        minLength={kind === 'current' ? undefined : 8}
        autoFocus={props.autoFocus}
        required
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  )
}
