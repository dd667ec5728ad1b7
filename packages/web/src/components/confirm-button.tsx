// A dangerous action behind one more question: the device wipe and the pending list's Give up.
// The red button, tapped, gives its place to a role="alertdialog" labelled by the question and
// described by what it is about and that it cannot be undone. Focus moves to the safe answer, so
// Enter keeps everything; Escape is the safe answer too, and either gives focus back to the red
// button. Nothing happens until the red "yes".
import { useEffect, useId, useRef, useState } from 'react'
import type { KeyboardEvent } from 'react'

/**
 * A red button (`label`) that asks `question` (with `consequence` under it) before `onConfirm`;
 * `describedBy` names the ids of what the action is about, for the buttons and the question.
 */
export function ConfirmButton(props: {
  readonly label: string
  readonly question: string
  readonly consequence: string
  readonly yes: string
  readonly no: string
  readonly onConfirm: () => void
  /** The "yes" is disabled while the action runs. */
  readonly busy?: boolean
  readonly describedBy?: string
}) {
  const id = useId()
  const [asking, setAsking] = useState(false)
  const trigger = useRef<HTMLButtonElement>(null)
  const safe = useRef<HTMLButtonElement>(null)
  /** Whether the question was just answered "no": focus goes back to the red button. */
  const declined = useRef(false)
  useEffect(() => {
    if (asking) safe.current?.focus()
    else if (declined.current) {
      declined.current = false
      trigger.current?.focus()
    }
  }, [asking])
  const decline = () => {
    declined.current = true
    setAsking(false)
  }
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    event.preventDefault()
    event.stopPropagation()
    decline()
  }
  const about = props.describedBy === undefined ? '' : `${props.describedBy} `
  if (!asking)
    return (
      <button
        ref={trigger}
        type="button"
        className="danger"
        aria-describedby={props.describedBy}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
    )
  return (
    <div
      role="alertdialog"
      aria-labelledby={`${id}-question`}
      aria-describedby={`${about}${id}-consequence`}
      className="confirm"
      onKeyDown={onKeyDown}
    >
      <div className="warning">
        <p id={`${id}-question`}>{props.question}</p>
        <p id={`${id}-consequence`}>{props.consequence}</p>
      </div>
      <div className="row">
        <button
          type="button"
          className="danger"
          disabled={props.busy}
          aria-describedby={props.describedBy}
          onClick={props.onConfirm}
        >
          {props.yes}
        </button>
        <button ref={safe} type="button" onClick={decline}>
          {props.no}
        </button>
      </div>
    </div>
  )
}
