// The fast way through a JSON ballot file: one pass over its code units (see ballot-units.ts) that
// checks the JSON grammar and packs "ranking", "approve" and "choice" ballots straight into a
// BallotPacker, matching candidate names on their units, without building an object per ballot.
//
// It answers only when it is sure to give what readJsonBallots' reference path (JSON.parse, then
// the checks) gives; anything else returns null and the reference path reads the file, with every
// error it reports. So it hands back: "candidates" before "ballots"; no escape sequence in a
// candidate's name or a ballot's name or key; no score ballots; no repeated key that matters; every
// name a candidate, every weight a whole number, no candidate twice in a ballot. Strings for the
// rest (title, seats, withdrawn, the candidates' text) come from JSON.parse on their own slices.
import { ballotUnits } from './ballot-units.js'
import type { JsonBallotFile } from './json-ballots.js'
import { BallotPacker } from './packed-ballots.js'

const QUOTE = 34
const BACKSLASH = 92
const COMMA = 44
const COLON = 58
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const OPEN_BRACE = 123
const CLOSE_BRACE = 125

/** Thrown inside the scanner to give the file to the reference path; never leaves this module. */
class HandBack extends Error {
  override readonly name = 'HandBack'
}
/** The one HandBack, made once: throwing it costs no stack trace. */
const HAND_BACK = new HandBack('the reference reader reads this file')

/** The ballot keys the scanner reads, as bit flags so repeats are caught. */
const KEY_RANKING = 1
const KEY_APPROVE = 2
const KEY_CHOICE = 4
const KEY_WEIGHT = 8

/** Reads a JSON ballot file the fast way, or returns null for the reference path to read it. */
export function scanJsonBallots(input: string | Uint8Array): JsonBallotFile | null {
  const text = ballotUnits(input)
  const scanner = new JsonBallotScanner(text.units, text.start, text.decode)
  try {
    return scanner.file()
  } catch (error) {
    // a file nested deeper than the stack goes is left to JSON.parse, which has no such limit
    if (error === HAND_BACK || error instanceof RangeError) return null
    throw error
  }
}

/**
 * A cursor over the code units with one method per piece of the grammar. Mutable by design: it
 * walks a million ballots with a handful of reused buffers.
 */
class JsonBallotScanner {
  #at: number
  readonly #units: Uint8Array | Uint16Array
  readonly #decode: (from: number, to: number) => string
  /** Start and end of each candidate's name in the units; hash table of candidate numbers + 1. */
  #nameFrom = new Int32Array(0)
  #nameTo = new Int32Array(0)
  #nameHash = new Int32Array(0)
  #table = new Int32Array(0)
  /** The string {@link string} last read: where its contents start and end, and their hash. */
  #stringFrom = 0
  #stringTo = 0
  #stringHash = 0
  #stringEscaped = false

  constructor(
    units: Uint8Array | Uint16Array,
    start: number,
    decode: (f: number, t: number) => string,
  ) {
    this.#units = units
    this.#at = start
    this.#decode = decode
  }

  file(): JsonBallotFile {
    const seen = new Set<string>()
    let candidates: string[] | null = null
    let title: unknown
    let seats: unknown
    let withdrawn: unknown
    let packer: BallotPacker | null = null
    this.#expect(OPEN_BRACE)
    if (this.#peek() === CLOSE_BRACE) throw HAND_BACK
    for (;;) {
      this.#string()
      if (this.#stringEscaped) throw HAND_BACK
      const key = this.#decode(this.#stringFrom, this.#stringTo)
      if (seen.has(key)) throw HAND_BACK
      seen.add(key)
      this.#expect(COLON)
      if (key === 'candidates') candidates = this.#candidates()
      else if (key === 'ballots') {
        if (candidates === null) throw HAND_BACK
        packer = this.#ballots(candidates.length)
      } else if (key === 'title') title = this.#parsedValue()
      else if (key === 'seats') seats = this.#parsedValue()
      else if (key === 'withdrawn') withdrawn = this.#parsedValue()
      else this.#skipValue()
      const next = this.#next()
      if (next === CLOSE_BRACE) break
      if (next !== COMMA) throw HAND_BACK
    }
    this.#skipSpace()
    if (this.#at < this.#units.length) throw HAND_BACK
    if (candidates === null || packer === null) throw HAND_BACK
    if (seats !== undefined && typeof seats !== 'number') throw HAND_BACK
    if (title !== undefined && typeof title !== 'string') throw HAND_BACK
    const out: number[] = []
    if (withdrawn !== undefined) {
      if (!Array.isArray(withdrawn)) throw HAND_BACK
      for (const name of withdrawn as unknown[]) {
        const i = typeof name === 'string' ? candidates.indexOf(name) : -1
        if (i < 0) throw HAND_BACK
        if (!out.includes(i)) out.push(i)
      }
    }
    return {
      election: {
        title: title ?? '',
        candidates,
        seats: seats ?? 1,
        withdrawn: out.sort((a, b) => a - b),
        ballots: packer.finish(),
      },
      scores: null,
    }
  }

  /** The candidates' names, entered in the name table; distinct and unescaped, or hand back. */
  #candidates(): string[] {
    const from = this.#at
    const starts: number[] = []
    const ends: number[] = []
    const hashes: number[] = []
    this.#expect(OPEN_BRACKET)
    if (this.#peek() === CLOSE_BRACKET) this.#at += 1
    else {
      for (;;) {
        this.#string()
        if (this.#stringEscaped) throw HAND_BACK
        starts.push(this.#stringFrom)
        ends.push(this.#stringTo)
        hashes.push(this.#stringHash)
        const next = this.#next()
        if (next === CLOSE_BRACKET) break
        if (next !== COMMA) throw HAND_BACK
      }
    }
    const names = JSON.parse(this.#decode(from, this.#at)) as string[]
    if (new Set(names).size !== names.length) throw HAND_BACK
    this.#nameFrom = Int32Array.from(starts)
    this.#nameTo = Int32Array.from(ends)
    this.#nameHash = Int32Array.from(hashes)
    let size = 8
    while (size < names.length * 2) size *= 2
    this.#table = new Int32Array(size)
    for (let c = 0; c < names.length; c++) {
      let slot = (hashes[c] as number) & (size - 1)
      while (this.#table[slot] !== 0) slot = (slot + 1) & (size - 1)
      this.#table[slot] = c + 1
    }
    return names
  }

  /** The candidate named by the string just read, or hand back. */
  #candidate(): number {
    if (this.#stringEscaped) throw HAND_BACK
    const units = this.#units
    const from = this.#stringFrom
    const length = this.#stringTo - from
    const hash = this.#stringHash
    const table = this.#table
    const mask = table.length - 1
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const entry = table[slot] as number
      if (entry === 0) throw HAND_BACK
      const c = entry - 1
      if (this.#nameHash[c] !== hash) continue
      const start = this.#nameFrom[c] as number
      if ((this.#nameTo[c] as number) - start !== length) continue
      let same = true
      for (let k = 0; k < length && same; k++) same = units[start + k] === units[from + k]
      if (same) return c
    }
  }

  /** The ballots array, packed. */
  #ballots(candidateCount: number): BallotPacker {
    const packer = new BallotPacker(candidateCount)
    // a ballot ranks each candidate at most once, so longer ballots are refused by the packer
    const prefs = new Int32Array(candidateCount + 1)
    const tiers = new Int32Array(candidateCount + 1)
    this.#expect(OPEN_BRACKET)
    if (this.#peek() === CLOSE_BRACKET) {
      this.#at += 1
      return packer
    }
    for (;;) {
      this.#expect(OPEN_BRACE)
      let keys = 0
      let weight = 1
      let count = 0
      if (this.#peek() === CLOSE_BRACE) throw HAND_BACK
      for (;;) {
        const key = this.#ballotKey()
        if ((keys & key) !== 0) throw HAND_BACK
        keys |= key
        this.#expect(COLON)
        if (key === KEY_WEIGHT) weight = this.#weight()
        else if (key === KEY_CHOICE) {
          if (this.#peek() === QUOTE) {
            this.#string()
            prefs[0] = this.#candidate()
            tiers[0] = 0
            count = 1
          } else this.#literal('null')
        } else if (key === KEY_RANKING || key === KEY_APPROVE) {
          this.#expect(OPEN_BRACKET)
          if (this.#peek() === CLOSE_BRACKET) this.#at += 1
          else {
            for (let level = 0; ; level++) {
              if (count === prefs.length) throw HAND_BACK
              if (key === KEY_RANKING && this.#peek() === OPEN_BRACKET) {
                this.#at += 1
                for (;;) {
                  if (count === prefs.length) throw HAND_BACK
                  this.#string()
                  prefs[count] = this.#candidate()
                  tiers[count++] = level
                  const next = this.#next()
                  if (next === CLOSE_BRACKET) break
                  if (next !== COMMA) throw HAND_BACK
                }
              } else {
                this.#string()
                prefs[count] = this.#candidate()
                tiers[count++] = key === KEY_APPROVE ? 0 : level
              }
              const next = this.#next()
              if (next === CLOSE_BRACKET) break
              if (next !== COMMA) throw HAND_BACK
            }
          }
        } else this.#skipValue()
        const next = this.#next()
        if (next === CLOSE_BRACE) break
        if (next !== COMMA) throw HAND_BACK
      }
      const kinds = keys & (KEY_RANKING | KEY_APPROVE | KEY_CHOICE)
      if (kinds !== KEY_RANKING && kinds !== KEY_APPROVE && kinds !== KEY_CHOICE) throw HAND_BACK
      if (packer.addFirst(weight, prefs, count, tiers) !== null) throw HAND_BACK
      const next = this.#next()
      if (next === CLOSE_BRACKET) return packer
      if (next !== COMMA) throw HAND_BACK
    }
  }

  /** A ballot's key: one of the KEY_ flags, 0 for a key the reader ignores; scores hand back. */
  #ballotKey(): number {
    this.#string()
    if (this.#stringEscaped) throw HAND_BACK
    const from = this.#stringFrom
    const length = this.#stringTo - from
    const first = this.#units[from]
    const key =
      length === 7
        ? first === 114
          ? 'ranking'
          : first === 97
            ? 'approve'
            : null
        : length === 6
          ? first === 99
            ? 'choice'
            : first === 119
              ? 'weight'
              : first === 115
                ? 'scores'
                : null
          : null
    if (key === null) return 0
    for (let k = 1; k < length; k++) if (this.#units[from + k] !== key.charCodeAt(k)) return 0
    if (key === 'scores') throw HAND_BACK
    return key === 'ranking'
      ? KEY_RANKING
      : key === 'approve'
        ? KEY_APPROVE
        : key === 'choice'
          ? KEY_CHOICE
          : KEY_WEIGHT
  }

  /** A weight: a JSON number, or null for the default of 1. */
  #weight(): number {
    this.#skipSpace()
    if (this.#units[this.#at] === 110) {
      this.#literal('null')
      return 1
    }
    const from = this.#at
    this.#number()
    return Number(this.#decode(from, this.#at))
  }

  /** A whole value, checked here and then given by JSON.parse. */
  #parsedValue(): unknown {
    this.#skipSpace()
    const from = this.#at
    this.#skipValue()
    return JSON.parse(this.#decode(from, this.#at))
  }

  /** Passes over one JSON value, checking its grammar. */
  #skipValue(): void {
    const unit = this.#peek()
    if (unit === QUOTE) this.#string()
    else if (unit === OPEN_BRACKET) {
      this.#at += 1
      if (this.#peek() === CLOSE_BRACKET) this.#at += 1
      else {
        for (;;) {
          this.#skipValue()
          const next = this.#next()
          if (next === CLOSE_BRACKET) break
          if (next !== COMMA) throw HAND_BACK
        }
      }
    } else if (unit === OPEN_BRACE) {
      this.#at += 1
      if (this.#peek() === CLOSE_BRACE) this.#at += 1
      else {
        for (;;) {
          this.#string()
          this.#expect(COLON)
          this.#skipValue()
          const next = this.#next()
          if (next === CLOSE_BRACE) break
          if (next !== COMMA) throw HAND_BACK
        }
      }
    } else if (unit === 116) this.#literal('true')
    else if (unit === 102) this.#literal('false')
    else if (unit === 110) this.#literal('null')
    else this.#number()
  }

  /**
   * A string: sets where its contents start and end, their hash and whether they hold an escape.
   * Escapes are checked against the grammar; a raw control character hands back.
   */
  #string(): void {
    this.#expect(QUOTE)
    const units = this.#units
    const size = units.length
    let i = this.#at
    let hash = 0x811c9dc5
    let escaped = false
    for (;;) {
      if (i >= size) throw HAND_BACK
      const unit = units[i] as number
      if (unit === QUOTE) break
      if (unit < 0x20) throw HAND_BACK
      if (unit === BACKSLASH) {
        escaped = true
        const next = units[i + 1]
        if (next === 117) {
          for (let k = 2; k < 6; k++) if (!isHexDigit(units[i + k])) throw HAND_BACK
          i += 6
        } else if (next !== undefined && isSimpleEscape(next)) i += 2
        else throw HAND_BACK
        continue
      }
      hash = Math.imul(hash ^ unit, 0x01000193)
      i += 1
    }
    this.#stringFrom = this.#at
    this.#stringTo = i
    this.#stringHash = hash
    this.#stringEscaped = escaped
    this.#at = i + 1
  }

  /** A number, by JSON's grammar: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
  #number(): void {
    const units = this.#units
    let i = this.#at
    if (units[i] === 45) i += 1
    if (units[i] === 48) i += 1
    else if (isDigit(units[i]) && units[i] !== 48) while (isDigit(units[i])) i += 1
    else throw HAND_BACK
    if (units[i] === 46) {
      i += 1
      if (!isDigit(units[i])) throw HAND_BACK
      while (isDigit(units[i])) i += 1
    }
    if (units[i] === 101 || units[i] === 69) {
      i += 1
      if (units[i] === 43 || units[i] === 45) i += 1
      if (!isDigit(units[i])) throw HAND_BACK
      while (isDigit(units[i])) i += 1
    }
    this.#at = i
  }

  #literal(word: string): void {
    this.#skipSpace()
    for (let k = 0; k < word.length; k++)
      if (this.#units[this.#at + k] !== word.charCodeAt(k)) throw HAND_BACK
    this.#at += word.length
  }

  /** Skips JSON whitespace (space, tab, line feed, carriage return). */
  #skipSpace(): void {
    const units = this.#units
    let i = this.#at
    for (;;) {
      const unit = units[i]
      if (unit !== 32 && unit !== 10 && unit !== 13 && unit !== 9) break
      i += 1
    }
    this.#at = i
  }

  /** The next unit after whitespace, without taking it (-1 at the end). */
  #peek(): number {
    this.#skipSpace()
    return this.#units[this.#at] ?? -1
  }

  /** Takes the next unit after whitespace. */
  #next(): number {
    const unit = this.#peek()
    this.#at += 1
    return unit
  }

  #expect(unit: number): void {
    if (this.#next() !== unit) throw HAND_BACK
  }
}

function isDigit(unit: number | undefined): boolean {
  return unit !== undefined && unit >= 48 && unit <= 57
}

function isHexDigit(unit: number | undefined): boolean {
  return (
    unit !== undefined &&
    ((unit >= 48 && unit <= 57) || (unit >= 65 && unit <= 70) || (unit >= 97 && unit <= 102))
  )
}

/** The characters after a backslash that JSON allows, other than `u`: " \ / b f n r t. */
function isSimpleEscape(unit: number): boolean {
  return (
    unit === 34 ||
    unit === 92 ||
    unit === 47 ||
    unit === 98 ||
    unit === 102 ||
    unit === 110 ||
    unit === 114 ||
    unit === 116
  )
}
