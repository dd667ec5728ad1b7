// A poll's deadline typed as text in the interface language's own numeric date and time, not the
// browser's: a datetime-local input follows the browser's locale (an English browser showed
// mm/dd/yyyy and AM/PM to a facilitator reading the app in Russian) and chromium has no Kazakh.
// Day, month and year come in each language's order (CLDR's short date): 18.12.2026 in Russian and
// Kazakh, 2026. 12. 18. in Korean, 12/18/2026 in English; the time as 24-hour H:MM[:SS], in
// English also with AM or PM, in Korean also after 오전 or 오후. ISO 8601 (2026-12-18T18:30) is
// read in every language, as pasted. The time is this device's local time, as the facilitator
// means it.
import type { Language } from '../i18n/i18n-setup.js'

const two = (n: number): string => String(n).padStart(2, '0')

function interfaceLanguage(ui: string): Language {
  const base = ui.toLowerCase().split('-')[0]
  return base === 'ru' || base === 'kk' || base === 'ko' ? base : 'en'
}

/** `ms` written as the deadline field reads it back in language `ui`: `18.12.2026 18:30`. */
export function formatDeadlineText(ui: string, ms: number): string {
  const at = new Date(ms)
  const [y, m, d] = [at.getFullYear(), at.getMonth() + 1, at.getDate()]
  const time = `${two(at.getHours())}:${two(at.getMinutes())}`
  switch (interfaceLanguage(ui)) {
    case 'ru':
    case 'kk':
      return `${two(d)}.${two(m)}.${y} ${time}`
    case 'ko':
      return `${y}. ${m}. ${d}. ${time}`
    default:
      return `${two(m)}/${two(d)}/${y} ${time}`
  }
}

/** The local time of the given parts, or null when no such moment exists (31 February). */
function moment(y: number, mo: number, d: number, h: number, mi: number, s: number): number | null {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 59) return null
  const at = new Date(y, mo - 1, d, h, mi, s)
  return at.getFullYear() === y && at.getMonth() === mo - 1 && at.getDate() === d
    ? at.getTime()
    : null
}

/**
 * The deadline `text` means in language `ui`: null when empty (no deadline), 'bad' when it is
 * not a date and time in that language's form (or no such day), else the time in milliseconds.
 */
export function parseDeadlineText(ui: string, text: string): number | null | 'bad' {
  const s = text.trim().replace(/\s+/g, ' ')
  if (s === '') return null
  const time = '(?:,? |T)(\\d{1,2}):(\\d{2})(?::(\\d{2}))?'
  const iso = new RegExp(`^(\\d{4})-(\\d{2})-(\\d{2})${time}$`).exec(s)
  let parts: [number, number, number, number, number, number] | null = null
  if (iso !== null) {
    const [, y, mo, d, h, mi, sec] = iso
    parts = [+y!, +mo!, +d!, +h!, +mi!, +(sec ?? 0)]
  } else {
    const lang = interfaceLanguage(ui)
    const date =
      lang === 'ru' || lang === 'kk'
        ? '(\\d{1,2})\\.(\\d{1,2})\\.(\\d{4})'
        : lang === 'ko'
          ? '(\\d{4})\\. ?(\\d{1,2})\\. ?(\\d{1,2})\\.?'
          : '(\\d{1,2})/(\\d{1,2})/(\\d{4})'
    const half = lang === 'ko' ? '(?:(오전|오후) ?)?' : ''
    const suffix = lang === 'en' ? '(?: ?([AaPp][Mm]))?' : ''
    const found = new RegExp(
      `^${date}(?:,? |T)${half}(\\d{1,2}):(\\d{2})(?::(\\d{2}))?${suffix}$`,
    ).exec(s)
    if (found === null) return 'bad'
    const [, a, b, c] = found
    const [y, mo, d] =
      lang === 'ko' ? [+a!, +b!, +c!] : lang === 'en' ? [+c!, +a!, +b!] : [+c!, +b!, +a!]
    const rest = found.slice(4)
    const marker = lang === 'ko' ? rest[0] : lang === 'en' ? rest[3] : undefined
    const [h, mi, sec] = lang === 'ko' ? rest.slice(1, 4) : rest.slice(0, 3)
    let hour = +h!
    if (marker !== undefined) {
      // A 12-hour clock: 12 AM is midnight, 12 PM noon.
      if (hour < 1 || hour > 12) return 'bad'
      const pm = marker === '오후' || marker.toLowerCase() === 'pm'
      hour = (hour % 12) + (pm ? 12 : 0)
    }
    parts = [y, mo, d, hour, +mi!, +(sec ?? 0)]
  }
  return moment(...parts) ?? 'bad'
}
