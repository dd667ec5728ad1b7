// The "voting closes at" field of the forms that open a vote (an assembly's and a council's): a
// text field in the interface language's own date and time form (lib/deadline-text.ts), with an
// example in that form under it and, once what is typed is a date and time, that moment written
// out in words ("18 дек. 2026 г., 18:30") so the facilitator sees what the app understood. Its
// label, hint and reading are tied to the input for screen readers; typed, so the keyboard is all
// it needs. A deadline the form refuses (no such day, another form, already past) is said under the
// field itself, tied to it (aria-describedby, aria-invalid), and goes as soon as what is typed is
// a deadline the form would take: it used to show at the top of the facilitator's tools, a screen
// away from the field on a phone.
import { useId, useRef, useState } from 'react'
import type { RefObject } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../i18n/i18n-setup.js'
import { useDraft } from '../hooks.js'
import { formatDeadlineText, parseDeadlineText } from '../lib/deadline-text.js'

/** Tomorrow at 18:00 in language `ui`'s form: the field's example. */
export function deadlineExample(ui: string, now = Date.now()): string {
  const at = new Date(now)
  return formatDeadlineText(
    ui,
    new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1, 18, 0).getTime(),
  )
}

/** Why a form refuses a deadline: not a date and time it can read, or already past. */
type Refusal = 'bad' | 'past'

/** The deadline typed in language `ui`'s form: none, the moment, or why the form refuses it. */
function readDeadline(
  ui: string,
  text: string,
): { readonly at?: number; readonly refused?: Refusal } {
  const typed = parseDeadlineText(ui, text)
  if (typed === 'bad') return { refused: 'bad' }
  if (typed === null) return {}
  if (!(typed > Date.now())) return { refused: 'past' }
  return { at: typed }
}

export interface DeadlineState {
  /** What DeadlineField shows: spread it there. */
  readonly field: {
    readonly value: string
    /** Why the form refused the deadline, in the interface language; '' when it did not. */
    readonly error: string
    readonly inputRef: RefObject<HTMLInputElement | null>
    readonly onChange: (value: string) => void
  }
  /**
   * The deadline to open the vote with (undefined: none), or 'refused' once the reason is shown
   * under the field and the field has the focus.
   */
  take(): number | undefined | 'refused'
  /** Clears the kept draft once the vote is opened. */
  clear(): void
}

/**
 * A form's deadline: the text, kept as a draft under `draftKey`, and why it was refused, kept as
 * a reason rather than a sentence so that it follows the interface language when that changes.
 */
export function useDeadline(draftKey: string): DeadlineState {
  const { t, i18n } = useTranslation()
  const [value, setValue, clear] = useDraft(draftKey)
  const [refused, setRefused] = useState<Refusal | null>(null)
  const inputRef = useRef<HTMLInputElement | null>(null)
  return {
    field: {
      value,
      error:
        refused === 'bad'
          ? t('openPoll.deadlineBad', { example: deadlineExample(i18n.language) })
          : refused === 'past'
            ? t('openPoll.deadlinePast')
            : '',
      inputRef,
      onChange: (next) => {
        setValue(next)
        if (refused !== null && readDeadline(i18n.language, next).refused === undefined)
          setRefused(null)
      },
    },
    take: () => {
      const read = readDeadline(i18n.language, value)
      setRefused(read.refused ?? null)
      if (read.refused === undefined) return read.at
      inputRef.current?.focus()
      return 'refused'
    },
    clear: () => clear(),
  }
}

export function DeadlineField(props: DeadlineState['field']) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const parsed = parseDeadlineText(i18n.language, props.value)
  const refused = props.error !== ''
  return (
    <div className="field">
      <label htmlFor={id}>{t('openPoll.closesAt')}</label>
      <input
        id={id}
        ref={props.inputRef}
        className="deadline"
        type="text"
        autoComplete="off"
        value={props.value}
        aria-invalid={refused || undefined}
        aria-describedby={`${refused ? `${id}-error ` : ''}${id}-hint ${id}-reading`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {refused && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {props.error}
        </p>
      )}
      <p className="meta" id={`${id}-hint`}>
        {t('openPoll.closesAtHint', { example: deadlineExample(i18n.language) })}
      </p>
      <p className="meta deadline-reading" id={`${id}-reading`}>
        {typeof parsed === 'number' &&
          t('openPoll.closesOn', { when: formatDateTime(i18n.language, parsed) })}
      </p>
    </div>
  )
}
