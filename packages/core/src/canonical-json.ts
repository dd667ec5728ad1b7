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

/**
 * Whether `text`, the JSON text `value` was decoded from, is already `canonicalJson(value)`, found
 * without building the canonical text: JSON.stringify (native) gives the same text as
 * canonicalJson when every object's keys already come in sorted order, since both write strings
 * and numbers alike. A false answer only means "encode it to know".
 */
export function isCanonicalText(value: unknown, text: string): boolean {
  try {
    return keysSorted(value) && JSON.stringify(value) === text
  } catch {
    // Nested too deeply for the stack: encoding it will say so.
    return false
  }
}

/**
 * The canonical text of `value`, given `plain`, its JSON.stringify text: `plain` itself when every
 * object's keys already come in canonical order (JSON.stringify writes strings and numbers as
 * canonicalJson does), else the encoding. `plain` has the canonical text's length whatever the
 * order of keys, so a size limit can be checked on it before any key is sorted.
 */
export function canonicalJsonOf(value: unknown, plain: string): string {
  return keysSorted(value) ? plain : canonicalJson(value)
}

/** Whether `value` holds only JSON values, and every object's keys in canonical order. */
function keysSorted(value: unknown): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object':
      break
    default:
      return false
  }
  if (value === null) return true
  if (Array.isArray(value)) {
    for (const item of value as unknown[]) if (!keysSorted(item)) return false
    return true
  }
  // A prototype could hold a toJSON that JSON.stringify would call: leave such values to encoding.
  const proto = Object.getPrototypeOf(value) as unknown
  if (proto !== Object.prototype && proto !== null) return false
  const record = value as Record<string, unknown>
  let previous: string | null = null
  for (const key in record) {
    if (previous !== null && !(previous < key)) return false
    if (!keysSorted(record[key])) return false
    previous = key
  }
  return true
}
