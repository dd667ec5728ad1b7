// How many members a JSON text holds, counted before it is parsed. Parsing (JSON.parse, then the
// schemas and the canonical encoding that sorts every object's keys) costs per member, not per
// byte: 11.7 MB holding one object of 700,000 keys held a hub's one event loop 5.4 s, while a
// legitimate 10 MiB seal of 230,000 ballot ids takes a tenth of that. So every JSON text that
// comes from outside (a request body, a page pulled from a peer, a bundle) is first counted by
// one linear scan, which costs about as much as copying the text, and refused past a budget.
// A member is counted as the `:` and `,` outside strings: a key and the comma after it count two,
// an array item one. The scan does not check the text: malformed JSON is counted as far as it
// goes and refused by the parser after.

/**
 * The most members one legitimate event holds, with room: the densest events are the seals that
 * list member keys (`poll.closed.3`'s `members`, `"<43 characters>":1,`: 48 bytes, two members),
 * which at their 10 MiB (MAX_SEAL_EVENT_BYTES) hold 436,907; any other event, at 64 KiB, holds
 * at most about 16,000 (a `conversation.votes-imported` of 2,000 four-item votes).
 */
export const MAX_EVENT_MEMBERS = 450_000

const QUOTE = 0x22
const BACKSLASH = 0x5c
const COLON = 0x3a
const COMMA = 0x2c

/**
 * The members (`:` and `,` outside strings) of `text`; once past `limit` the scan stops and the
 * count so far (at least `limit + 1`) is returned, so a text far over the budget costs no more
 * than one at it.
 */
export function countJsonMembers(text: string, limit = Infinity): number {
  let count = 0
  let i = 0
  const n = text.length
  while (i < n) {
    const unit = text.charCodeAt(i)
    if (unit === QUOTE) {
      // To the string's closing quote: the first one not escaped (after an even run of `\`).
      let end = text.indexOf('"', i + 1)
      while (end !== -1) {
        let slashes = 0
        while (text.charCodeAt(end - 1 - slashes) === BACKSLASH) slashes++
        if (slashes % 2 === 0) break
        end = text.indexOf('"', end + 1)
      }
      if (end === -1) return count
      i = end + 1
      continue
    }
    if (unit === COLON || unit === COMMA) {
      count++
      if (count > limit) return count
    }
    i++
  }
  return count
}
