// A key "__proto__" anywhere in an event. JSON.parse makes it an ordinary own key, and the text an
// event's id and signature cover keeps it, but zod's records (a close's `seen`) skip it and
// `z.unknown()` fields (a ballot's `vote`) carry it to rules that skip it too: the body a hub folds
// as it takes the event then differs from the one it folds from its stored text. A close whose
// `seen` held one was taken, then broke its space's replay at the hub's next start
// (CorruptStoreError, `poll.close-ahead` for a voter "__proto__"), while `veche verify` passed it;
// and a hub holding one could not push the space (a hub's HTTP parser refuses the key), which
// ended every sync pass there. So `parseEvent` refuses such an event, whatever the field.

/** The key that JSON.parse makes an own key but an object literal or a record would not. */
const PROTO = '__proto__'
/** How the key appears in canonical JSON: inside a string every `"` is escaped, so only as a key. */
const PROTO_IN_TEXT = `"${PROTO}":`

/**
 * Where `value` holds an own key "__proto__" (a path like `body.seen.__proto__`), or null. `json`
 * is its canonical text (or the text it was decoded from): one search of it answers for almost
 * every event, and only a text holding the key is walked to name the place.
 */
export function protoKeyPath(value: unknown, json: string): string | null {
  if (!json.includes(PROTO_IN_TEXT)) return null
  const stack: [unknown, string][] = [[value, '']]
  while (stack.length > 0) {
    const [item, path] = stack.pop()!
    if (typeof item !== 'object' || item === null) continue
    if (Array.isArray(item)) {
      for (let i = 0; i < item.length; i++) stack.push([item[i], `${path}.${i}`])
      continue
    }
    if (Object.hasOwn(item, PROTO)) return `${path}.${PROTO}`.slice(1)
    const record = item as Record<string, unknown>
    for (const key of Object.keys(record)) stack.push([record[key], `${path}.${key}`])
  }
  return null
}
