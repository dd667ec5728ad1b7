// How many columns a text takes in a terminal, for tables that line up whatever the names: East
// Asian wide and fullwidth characters (Hangul, CJK, kana, fullwidth forms) take two, combining
// marks none, everything else one. A small range table (Unicode's East Asian Width `W` and `F`
// blocks the assemblies' languages use), not the whole property.

const WIDE: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], // Hangul Jamo leading consonants
  [0x2e80, 0x303e], // CJK radicals, punctuation
  [0x3041, 0x33ff], // kana, Hangul compatibility Jamo, CJK symbols
  [0x3400, 0x4dbf], // CJK extension A
  [0x4e00, 0x9fff], // CJK unified ideographs
  [0xa960, 0xa97f], // Hangul Jamo extended A
  [0xac00, 0xd7a3], // Hangul syllables
  [0xf900, 0xfaff], // CJK compatibility ideographs
  [0xfe30, 0xfe4f], // CJK compatibility forms
  [0xff00, 0xff60], // fullwidth forms
  [0xffe0, 0xffe6], // fullwidth signs
  [0x20000, 0x3fffd], // CJK extensions B and beyond
]

const COMBINING_MARK = /\p{M}/u

/** The terminal columns `text` takes. */
export function displayWidth(text: string): number {
  let width = 0
  for (const char of text) {
    const code = char.codePointAt(0)!
    // No mark comes before U+0300: plain names never compile the Unicode property pattern.
    if (code >= 0x300 && COMBINING_MARK.test(char)) continue
    width += WIDE.some(([from, to]) => code >= from && code <= to) ? 2 : 1
  }
  return width
}

/** `text` padded with spaces to `width` columns, at the end (`left`) or the start. */
export function padToWidth(text: string, width: number, align: 'left' | 'right'): string {
  const pad = ' '.repeat(Math.max(0, width - displayWidth(text)))
  return align === 'left' ? text + pad : pad + text
}
