// The UTF-8 size of a text without encoding it: what `new TextEncoder().encode(text).length` gives
// (WHATWG Encoding, "UTF-8 encode"), for the size limits checked on every parsed event, where an
// encoding would allocate a buffer per event only to read its length. A lone surrogate counts as
// the three bytes of U+FFFD that the encoder writes in its place.

/** The number of bytes `new TextEncoder().encode(text)` would give. */
export function utf8Length(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) continue
    if (unit < 0x800) {
      bytes += 1
      continue
    }
    const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0
    if (unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      // A surrogate pair: two units, four bytes.
      bytes += 2
      i++
      continue
    }
    // Any other unit of the BMP, or a lone surrogate (written as U+FFFD): three bytes.
    bytes += 2
  }
  return bytes
}
