// The "voting closes at" field of the forms that open a vote (an assembly's and a council's): a
// text field in the interface language's own date and time form (lib/deadline-text.ts), with an
// example in that form under it and, once what is typed is a date and time, that moment written
// out in words ("18 дек. 2026 г., 18:30") so the facilitator sees what the app understood. Its
// label, hint and reading are tied to the input for screen readers; typed, so the keyboard is all
// it needs.
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { formatDateTime } from '../i18n/i18n-setup.js'
import { formatDeadlineText, parseDeadlineText } from '../lib/deadline-text.js'

/** Tomorrow at 18:00 in language `ui`'s form: the field's example. */
export function deadlineExample(ui: string, now = Date.now()): string {
  const at = new Date(now)
  return formatDeadlineText(
    ui,
    new Date(at.getFullYear(), at.getMonth(), at.getDate() + 1, 18, 0).getTime(),
  )
}

export function DeadlineField(props: {
  readonly value: string
  readonly onChange: (value: string) => void
}) {
  const { t, i18n } = useTranslation()
  const id = useId()
  const parsed = parseDeadlineText(i18n.language, props.value)
  return (
    <div className="field">
      <label htmlFor={id}>{t('openPoll.closesAt')}</label>
      <input
        id={id}
        className="deadline"
        type="text"
        autoComplete="off"
        value={props.value}
        aria-describedby={`${id}-hint ${id}-reading`}
        onChange={(e) => props.onChange(e.target.value)}
      />
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
