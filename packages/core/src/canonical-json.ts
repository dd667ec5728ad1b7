// RFC 8785 JSON Canonicalization Scheme: the one byte string that an event is hashed and signed
// as. Keys sorted by UTF-16 code units, no whitespace, numbers in ECMAScript shortest form
// (JSON.stringify already gives that), strings escaped as JSON.stringify does (RFC 8785 §3.2.2.2).

/** A value that has a canonical JSON form. */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue }

/** Thrown for values JSON cannot represent; callers validate input first, so this marks a bug. */
export class NotCanonicalJsonError extends Error {
  override readonly name = 'NotCanonicalJsonError'
}

/** Returns the RFC 8785 canonical text of `value`. */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) throw new NotCanonicalJsonError(`not a JSON number: ${value}`)
      return JSON.stringify(value)
    case 'string':
      return JSON.stringify(value)
    case 'object': {
      if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
      const record = value as Record<string, unknown>
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort()
      return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`).join(',')}}`
    }
    default:
      throw new NotCanonicalJsonError(`not a JSON value: ${typeof value}`)
  }
}

const encoder = new TextEncoder()

/** Returns the UTF-8 bytes of the canonical text of `value`. */
export function canonicalBytes(value: unknown): Uint8Array {
  return encoder.encode(canonicalJson(value))
}
