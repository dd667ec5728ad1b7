// A ballot file as code units, so a reader can scan it without first making one big string: the
// bytes themselves (UTF-8, or Latin-1 when they are not valid UTF-8, as decodeBallotText reads
// them) or a string's UTF-16 units. ASCII has the same units in all three, and a line feed never
// occurs inside a multi-byte character, so line ends and digits can be found on the units alone;
// `decode` turns a slice between them into exactly the text decodeBallotText would have given.
import { decodeLatin1, decodeUtf8Strict, isStrictUtf8 } from './text-decoding.js'

/** A ballot file's code units and how to read a slice of them as text. */
export interface BallotUnits {
  readonly units: Uint8Array | Uint16Array
  /** Where the text starts: past a byte-order mark, if there is one. */
  readonly start: number
  /** The text of units `from` to `to` (both at character boundaries). */
  readonly decode: (from: number, to: number) => string
}

/** The code units of ballot file bytes or text. */
export function ballotUnits(input: string | Uint8Array): BallotUnits {
  if (typeof input === 'string') {
    const units = new Uint16Array(input.length)
    for (let i = 0; i < input.length; i++) units[i] = input.charCodeAt(i)
    return {
      units,
      start: units[0] === 0xfeff ? 1 : 0,
      decode: (from, to) => input.slice(from, to),
    }
  }
  if (isStrictUtf8(input)) {
    const bom = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf
    return {
      units: input,
      start: bom ? 3 : 0,
      decode: (from, to) => decodeUtf8Strict(input.subarray(from, to)) ?? '',
    }
  }
  return { units: input, start: 0, decode: (from, to) => decodeLatin1(input.subarray(from, to)) }
}
