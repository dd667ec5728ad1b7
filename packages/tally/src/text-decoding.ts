// Decoding ballot files without Node or DOM APIs. Files are UTF-8 unless they are not valid UTF-8,
// in which case they are read as ISO-8859-1 (Latin-1): Debian's 2007 tally sheet stores "Raphaël"
// with the single byte 0xEB. A leading byte-order mark is dropped.

/** Decodes bytes as UTF-8, or as Latin-1 when they are not valid UTF-8; strings pass through. */
export function decodeBallotText(input: string | Uint8Array): string {
  if (typeof input === 'string') return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  const utf8 = decodeUtf8Strict(input)
  const text = utf8 ?? decodeLatin1(input)
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** Latin-1: each byte is the code point of the same number. */
export function decodeLatin1(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i += 8192) {
    out += String.fromCharCode(...bytes.subarray(i, i + 8192))
  }
  return out
}

/** True when `bytes` are strict UTF-8 (the rules of {@link decodeUtf8Strict}), without decoding. */
export function isStrictUtf8(bytes: Uint8Array): boolean {
  const n = bytes.length
  // ASCII runs are passed over eight bytes at a time where the bytes are 4-aligned
  const words =
    bytes.byteOffset % 4 === 0
      ? new Uint32Array(bytes.buffer, bytes.byteOffset, n >>> 2)
      : new Uint32Array(0)
  let i = 0
  while (i < n) {
    const b0 = bytes[i] as number
    if (b0 < 0x80) {
      if ((i & 3) === 0) {
        let w = i >>> 2
        while (
          w + 1 < words.length &&
          (((words[w] as number) | (words[w + 1] as number)) & 0x80808080) === 0
        )
          w += 2
        i = Math.max(i + 1, w << 2)
      } else i += 1
      continue
    }
    let need: number
    let min: number
    let cp: number
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1
      min = 0x80
      cp = b0 & 0x1f
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2
      min = 0x800
      cp = b0 & 0x0f
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3
      min = 0x10000
      cp = b0 & 0x07
    } else {
      return false
    }
    for (let k = 1; k <= need; k++) {
      const b = bytes[i + k]
      if (b === undefined || (b & 0xc0) !== 0x80) return false
      cp = (cp << 6) | (b & 0x3f)
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false
    i += need + 1
  }
  return true
}

/** Strict UTF-8 (no overlongs, no surrogates, nothing above U+10FFFF); null when invalid. */
export function decodeUtf8Strict(bytes: Uint8Array): string | null {
  const parts: string[] = []
  let units: number[] = []
  const n = bytes.length
  let i = 0
  while (i < n) {
    const b0 = bytes[i] as number
    let cp: number
    if (b0 < 0x80) {
      cp = b0
      i += 1
    } else {
      let need: number
      let min: number
      if (b0 >= 0xc2 && b0 <= 0xdf) {
        need = 1
        min = 0x80
        cp = b0 & 0x1f
      } else if (b0 >= 0xe0 && b0 <= 0xef) {
        need = 2
        min = 0x800
        cp = b0 & 0x0f
      } else if (b0 >= 0xf0 && b0 <= 0xf4) {
        need = 3
        min = 0x10000
        cp = b0 & 0x07
      } else {
        return null
      }
      for (let k = 1; k <= need; k++) {
        const b = bytes[i + k]
        if (b === undefined || (b & 0xc0) !== 0x80) return null
        cp = (cp << 6) | (b & 0x3f)
      }
      if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null
      i += need + 1
    }
    if (cp > 0xffff) {
      cp -= 0x10000
      units.push(0xd800 + (cp >> 10), 0xdc00 + (cp & 0x3ff))
    } else {
      units.push(cp)
    }
    if (units.length >= 8192) {
      parts.push(String.fromCharCode(...units))
      units = []
    }
  }
  parts.push(String.fromCharCode(...units))
  return parts.join('')
}
