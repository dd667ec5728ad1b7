// Finds where a JSON text stops being valid, so a syntax error can name its line (JSON.parse's
// messages differ between engines and often give no position). Only called after JSON.parse failed.

/** The offset of the first character at which `text` is not valid JSON, or -1 when it is valid. */
export function jsonErrorOffset(text: string): number {
  let i = 0
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
  }
  const fail = (): never => {
    throw new JsonSyntaxError(i)
  }
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length
    else fail()
  }
  const string = () => {
    i++ // opening quote
    while (i < text.length) {
      const ch = text[i] as string
      if (ch === '"') {
        i++
        return
      }
      if (ch < ' ') fail()
      if (ch === '\\') {
        const esc = text[i + 1] ?? ''
        if (esc === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail()
          i += 6
          continue
        }
        if (!'"\\/bfnrt'.includes(esc) || esc === '') fail()
        i += 2
        continue
      }
      i++
    }
    fail()
  }
  const number = () => {
    const m = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400))
    if (!m) fail()
    i += (m as RegExpExecArray)[0].length
  }
  const value = (): void => {
    ws()
    const ch = text[i]
    if (ch === '{') {
      i++
      ws()
      if (text[i] === '}') {
        i++
        return
      }
      for (;;) {
        ws()
        if (text[i] !== '"') fail()
        string()
        ws()
        if (text[i] !== ':') fail()
        i++
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === '}') {
          i++
          return
        } else fail()
      }
    } else if (ch === '[') {
      i++
      ws()
      if (text[i] === ']') {
        i++
        return
      }
      for (;;) {
        value()
        ws()
        if (text[i] === ',') i++
        else if (text[i] === ']') {
          i++
          return
        } else fail()
      }
    } else if (ch === '"') string()
    else if (ch === 't') literal('true')
    else if (ch === 'f') literal('false')
    else if (ch === 'n') literal('null')
    else number()
  }
  try {
    value()
    ws()
    return i < text.length ? i : -1
  } catch (error) {
    if (error instanceof JsonSyntaxError) return error.at
    throw error
  }
}

class JsonSyntaxError extends Error {
  override readonly name = 'JsonSyntaxError'
  constructor(readonly at: number) {
    super(`not valid JSON at offset ${at}`)
  }
}
