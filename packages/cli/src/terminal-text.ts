// What the command prints never carries a raw control character: a name or text from an event, a
// file or a peer could otherwise move the cursor, recolour or clear the terminal, or reorder what
// is shown (escape sequences, C1 controls, bidi embeddings and overrides). New events cannot hold
// them (docs/events.md, "Texts"), but a store or a file may hold events from before that rule, and
// peers' messages come from strangers. Every print goes through these.

/** C0 but tab and line feed, DEL, C1, the line and paragraph separators, bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNSAFE = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g

const escaped = (char: string) =>
  `\\u${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`

/** `text` for a terminal: every unsafe character shown as `\uXXXX`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, escaped)
}

/** JSON text with every unsafe character left in it written as a `\uXXXX` escape (still JSON). */
export function jsonSafe(json: string): string {
  return json.replace(UNSAFE, escaped)
}
