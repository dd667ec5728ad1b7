// Keeping what members wrote from reordering the interface around it. A name or a text may be
// written right to left (Hebrew, Arabic…), and one signed before the text rules (docs/events.md,
// "Texts") may hold a bidi override: put inside a sentence as it is, "שרה: 3 votes" shows as
// "3 :הרש votes" and an override turns the rest of the line around. In the page every such text
// sits in a <bdi> (user-text.tsx); inside a translated sentence, where no element can go, it is
// wrapped in the characters that do the same, FIRST STRONG ISOLATE and POP DIRECTIONAL ISOLATE
// (Unicode's bidi algorithm, UAX #9, X5c and X6a).

const FIRST_STRONG_ISOLATE = '\u2068'
const POP_DIRECTIONAL_ISOLATE = '\u2069'

/**
 * Right-to-left letters (Hebrew, Arabic, Syriac, Thaana, N'Ko… and their presentation forms, and the
 * right-to-left scripts beyond the BMP), the bidi marks and the embeddings, overrides and isolates.
 */
const REORDERING =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}]/u

/** Whether `text` could reorder the text around it. */
export function couldReorder(text: string): boolean {
  return REORDERING.test(text)
}

/**
 * `text` isolated from the sentence it goes into, when it could reorder it. The interface's
 * languages are all written left to right, and a text with no right-to-left letter and no bidi
 * control reads the same isolated or not, so only the others are wrapped (copying a plain name
 * then copies no invisible characters).
 */
export function isolateIfNeeded(text: string): string {
  return couldReorder(text) ? FIRST_STRONG_ISOLATE + text + POP_DIRECTIONAL_ISOLATE : text
}

/**
 * A sentence of the interface made into a text to sign (a poll's question naming a council): the
 * isolates put around its values taken out again, since the text rules refuse them in an event.
 */
export function textForEvent(sentence: string): string {
  return sentence.replace(/[\u2068\u2069]/gu, '')
}
