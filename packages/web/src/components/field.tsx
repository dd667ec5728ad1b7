// A labelled form control. The label points at the control (`for`), rather than wrapping it, so
// the control's accessible name is the label alone, not the label plus whatever is typed in it.
import { cloneElement, useId } from 'react'
import type { ReactElement, ReactNode } from 'react'

export function Field(props: {
  readonly label: ReactNode
  readonly children: ReactElement<{ id?: string }>
}) {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {cloneElement(props.children, { id })}
    </div>
  )
}
