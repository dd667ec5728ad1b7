// Look-alike poll options: two options a voter could not tell apart ("Yes" beside "Yes" spelled
// with a Cyrillic e, with a trailing space or a zero-width space, or in fullwidth letters) would
// let whoever opens a poll split the vote, or steer it to the option she wants. Two options look alike when their skeletons
// are equal (name-skeleton.ts: NFKC, lower case, invisible characters dropped, white space made
// one, common Latin, Cyrillic and Greek look-alikes mapped to one letter). The rules refuse such a
// poll in a space under text rules 2 (poll-rules.ts); the CLI and the app refuse it before signing
// in every space. Pure.
import { lookAlikeTexts } from './name-skeleton.js'

/** Characters that show nothing or pass for a plain space, besides the space itself. */
const UNSEEN = /[\p{Default_Ignorable_Code_Point}\p{White_Space}]/gu

/**
 * Why `options` cannot stand in one poll: the first two that look alike, each with its place in
 * the list and every character a reader could not see written as \uXXXX; null when none do.
 */
export function lookAlikeOptions(options: readonly string[]): string | null {
  const pair = lookAlikeTexts(options)
  if (pair === null) return null
  const [first, second] = pair
  return (
    `options ${first + 1} (${showOption(options[first]!)}) and ${second + 1} ` +
    `(${showOption(options[second]!)}) look alike: a voter could not tell which one she picks`
  )
}

function showOption(option: string): string {
  const shown = option.replace(UNSEEN, (char) =>
    char === ' ' ? char : `\\u${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`,
  )
  return `"${shown}"`
}
