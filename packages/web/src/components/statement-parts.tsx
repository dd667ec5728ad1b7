// Pieces the statement screens share: a statement's text as it reads (title, lead lines, numbered
// paragraphs, closing lines, in its own language), language names in the interface language, and
// a form draft kept as JSON across reloads.
import type { ReactNode } from 'react'
import { useDraft } from '../hooks.js'
import { NAMED_LANGUAGES, nameOfLanguage } from '../i18n/locale-data.js'

/** The name of language `tag` in the interface language `ui`, with the tag (the tag if unknown). */
export function languageName(tag: string, ui: string): string {
  const name = nameOfLanguage(tag, ui)
  return name === null ? tag : `${name} (${tag})`
}

/** Language tags offered in the language fields (any other tag may be typed). */
export const COMMON_LANGUAGES = NAMED_LANGUAGES

/** A datalist of common languages for a language field (`list={id}`). */
export function LanguageOptions({ id, ui }: { readonly id: string; readonly ui: string }) {
  return (
    <datalist id={id}>
      {COMMON_LANGUAGES.map((tag) => (
        <option key={tag} value={tag}>
          {languageName(tag, ui)}
        </option>
      ))}
    </datalist>
  )
}

/** A JSON value kept as a draft (`useDraft`), so a reload loses nothing typed. */
export function useJsonDraft<T>(key: string, initial: T): [T, (value: T) => void, () => void] {
  const [text, setText, clear] = useDraft(key, JSON.stringify(initial))
  let value = initial
  try {
    value = JSON.parse(text) as T
  } catch {
    // A damaged draft starts again from the initial value.
  }
  return [value, (next: T) => setText(JSON.stringify(next)), clear]
}

/** One language's text of a statement. */
export interface ReadableText {
  readonly language: string
  readonly title: string
  readonly lead: readonly string[]
  readonly paragraphs: readonly string[]
  readonly closing: readonly string[]
}

/**
 * A statement's text as it reads, marked with its language. `marks` may add, under a paragraph
 * (by number from 1), what the screen wants to say about it (amendments, outdated).
 */
export function StatementText(props: {
  readonly text: ReadableText
  readonly marks?: (number: number) => ReactNode
}) {
  const { text, marks } = props
  return (
    <div className="statement-text" lang={text.language}>
      <h2>
        <bdi>{text.title}</bdi>
      </h2>
      {text.lead.length > 0 && (
        <div className="lead">
          {text.lead.map((line, i) => (
            <p key={i} dir="auto">
              {line}
            </p>
          ))}
        </div>
      )}
      <ol className="paragraphs">
        {text.paragraphs.map((paragraph, i) => (
          <li key={i} value={i + 1} id={`paragraph-${i + 1}`}>
            <p className="text" dir="auto">
              {paragraph}
            </p>
            {marks?.(i + 1)}
          </li>
        ))}
      </ol>
      {text.closing.length > 0 && (
        <div className="closing">
          {text.closing.map((line, i) => (
            <p key={i} dir="auto">
              {line}
            </p>
          ))}
        </div>
      )}
    </div>
  )
}
