// CSV as Pol.is exports it (RFC 4180): comma-separated fields, optionally in double quotes, where a
// quoted field may hold commas, line breaks and doubled quotes. Each record keeps the line it starts
// on, so an error can name it. A quote left open at the end of the text is an error (the file was
// probably cut short), as is text after a closing quote.

/** A parsed record and the 1-based line it starts on. */
export interface CsvRecord {
  readonly fields: readonly string[]
  readonly line: number
}

/** Records of a CSV text, or the line at which it stops being CSV. */
export function parseCsv(
  text: string,
):
  | { readonly ok: true; readonly records: CsvRecord[] }
  | { readonly ok: false; readonly line: number; readonly message: string } {
  const records: CsvRecord[] = []
  let fields: string[] = []
  let line = 1
  let recordLine = 1
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0
  const n = text.length
  let atRecordStart = true
  while (i < n) {
    let field: string
    if (text.charCodeAt(i) === 34 /* " */) {
      const openedOn = line
      let j = i + 1
      let value = ''
      for (;;) {
        const q = text.indexOf('"', j)
        if (q < 0) {
          return {
            ok: false,
            line: openedOn,
            message: 'a quoted field is never closed (is the file cut short?)',
          }
        }
        const chunk = text.slice(j, q)
        value += chunk
        line += countNewlines(chunk)
        if (text.charCodeAt(q + 1) === 34) {
          value += '"'
          j = q + 2
          continue
        }
        i = q + 1
        break
      }
      field = value
      const c = text.charCodeAt(i)
      if (i < n && c !== 44 && c !== 10 && c !== 13) {
        return { ok: false, line, message: 'text after a closing quote' }
      }
    } else {
      let j = i
      while (j < n) {
        const c = text.charCodeAt(j)
        if (c === 44 || c === 10 || c === 13) break
        j++
      }
      field = text.slice(i, j)
      if (field.includes('"'))
        return { ok: false, line, message: 'a quote inside an unquoted field' }
      i = j
    }
    fields.push(field)
    atRecordStart = false
    if (i >= n) break
    const c = text.charCodeAt(i)
    if (c === 44) {
      i++
      if (i >= n) fields.push('')
      continue
    }
    // end of record: \n, \r\n or \r
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1
    records.push({ fields, line: recordLine })
    fields = []
    atRecordStart = true
    line++
    recordLine = line
  }
  if (!atRecordStart) records.push({ fields, line: recordLine })
  return { ok: true, records }
}

function countNewlines(s: string): number {
  let count = 0
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k)
    if (c === 10 || (c === 13 && s.charCodeAt(k + 1) !== 10)) count++
  }
  return count
}
