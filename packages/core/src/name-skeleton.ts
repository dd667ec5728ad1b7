// Look-alike member names: two names that a reader could take for one another. A name's skeleton
// is NFKC, then lower case, then invisible characters dropped, runs of white space made one space,
// and the common Latin, Cyrillic and Greek look-alikes mapped to one letter (a small part of
// Unicode's confusables table, UTS #39 section 4, chosen for the scripts Veche's users write in,
// Kazakh's letters included: name-skeleton.test.ts holds a hundred Kazakh names that must stay
// apart); since case is folded first, a lower-case letter that looks like no Latin one but whose
// capital does (Н, H) is mapped too, so н and һ share a skeleton (a name with one is marked
// beside a name with the other: a mark too many, never one too few);
// two members whose names have the same skeleton are marked in `veche show`, the API's member
// view and the app, so a newcomer cannot pass as the founder by taking her name. Advisory only:
// the rules accept such names (people do share names), and the mark is what protects. A poll's
// options are held to more: in a space under text rules 2 the rules refuse a poll two of whose
// options share a skeleton (`lookAlikeTexts`, poll-rules.ts), since a voter must tell them apart.
// Pure.

/** Letters that look like a Latin letter once lower-cased, mapped to it. */
const LOOK_ALIKES: Readonly<Record<string, string>> = {
  // Cyrillic
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  н: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  о: 'o',
  п: 'n',
  р: 'p',
  ԛ: 'q',
  г: 'r',
  ѕ: 's',
  т: 't',
  с: 'c',
  у: 'y',
  ү: 'y',
  ԝ: 'w',
  х: 'x',
  ԁ: 'd',
  // Kazakh: ә and ө are the Latin schwa and barred o, letter for letter. ғ, қ, ң and ұ stay
  // themselves: each is a letter with a visible mark (a stroke, a tail), and names differ by them
  // (Қанат and Канат are two spellings a reader tells apart).
  ә: 'ə',
  ө: 'ɵ',
  // Letters that pass for digits
  з: '3',
  б: '6',
  // Greek
  α: 'a',
  β: 'b',
  ε: 'e',
  η: 'n',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  // Latin and digits that pass for letters
  ı: 'i',
  ɑ: 'a',
  ǝ: 'ə',
  '0': 'o',
  '1': 'l',
  '|': 'l',
}
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}]/gu
const SPACES = /\p{White_Space}+/gu

/** The form two look-alike names share. */
export function nameSkeleton(name: string): string {
  const folded = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(INVISIBLE, '')
    .replace(SPACES, ' ')
    .trim()
  let skeleton = ''
  for (const char of folded) skeleton += LOOK_ALIKES[char] ?? char
  return skeleton.replace(/rn/g, 'm')
}

/**
 * The positions of the first two of `texts` (in order) that look alike, or null when no two do.
 * Texts that are equal look alike too.
 */
export function lookAlikeTexts(texts: readonly string[]): readonly [number, number] | null {
  const seen = new Map<string, number>()
  for (let index = 0; index < texts.length; index++) {
    const skeleton = nameSkeleton(texts[index]!)
    const earlier = seen.get(skeleton)
    if (earlier !== undefined) return [earlier, index]
    seen.set(skeleton, index)
  }
  return null
}

/**
 * For each member whose name looks like another's, the keys of those others (sorted); members
 * whose names look like no one else's are left out.
 */
export function lookAlikeNames(
  members: Iterable<{ readonly key: string; readonly name: string }>,
): Map<string, string[]> {
  const bySkeleton = new Map<string, string[]>()
  for (const { key, name } of members) {
    const skeleton = nameSkeleton(name)
    const keys = bySkeleton.get(skeleton)
    if (keys === undefined) bySkeleton.set(skeleton, [key])
    else keys.push(key)
  }
  const result = new Map<string, string[]>()
  for (const keys of bySkeleton.values()) {
    if (keys.length < 2) continue
    for (const key of keys) result.set(key, keys.filter((k) => k !== key).sort())
  }
  return result
}

/**
 * `members` (a space view's) with `looksLike` on every active member whose name looks like another
 * active member's: the keys of those others. Not part of the state hash: it is a reading aid.
 */
export function markLookAlikes<M extends { readonly name: string; readonly status: string }>(
  members: Readonly<Record<string, M>>,
): Record<string, M | (M & { looksLike: string[] })> {
  const active = Object.entries(members)
    .filter(([, m]) => m.status === 'active')
    .map(([key, m]) => ({ key, name: m.name }))
  const alike = lookAlikeNames(active)
  return Object.fromEntries(
    Object.entries(members).map(([key, m]) => {
      const others = alike.get(key)
      return [key, others === undefined ? m : { ...m, looksLike: others }]
    }),
  )
}
