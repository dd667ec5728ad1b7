// The locale data the app shows that a browser may lack: Debian's chromium has no Kazakh month
// names ("2026 M12 6 08:02") and no Kazakh names of other languages (it shows "ru"). So the app
// carries its own: dates and times in each interface language, in CLDR's medium date and short
// time patterns, and the names of the languages people are likely to translate into. Small tables
// rather than a locale library: the first load has a budget.
import type { Language } from './i18n-setup.js'

/** Languages offered by name wherever a language is chosen (any other BCP 47 tag can be typed). */
// prettier-ignore
export const NAMED_LANGUAGES = [
  'en', 'ru', 'kk', 'ko', 'uk', 'be', 'ky', 'uz', 'tg', 'tk', 'az', 'hy', 'ka', 'tt',
  'mn', 'zh', 'ja', 'de', 'fr', 'es', 'it', 'pt', 'pl', 'tr', 'ar', 'fa', 'he', 'hi',
] as const

type Named = (typeof NAMED_LANGUAGES)[number]

/** Each named language in each interface language (CLDR's names). */
// prettier-ignore
const LANGUAGE_NAMES: Record<Language, Record<Named, string>> = {
  en: {
    en: 'English', ru: 'Russian', kk: 'Kazakh', ko: 'Korean', uk: 'Ukrainian', be: 'Belarusian',
    ky: 'Kyrgyz', uz: 'Uzbek', tg: 'Tajik', tk: 'Turkmen', az: 'Azerbaijani', hy: 'Armenian',
    ka: 'Georgian', tt: 'Tatar', mn: 'Mongolian', zh: 'Chinese', ja: 'Japanese', de: 'German',
    fr: 'French', es: 'Spanish', it: 'Italian', pt: 'Portuguese', pl: 'Polish', tr: 'Turkish',
    ar: 'Arabic', fa: 'Persian', he: 'Hebrew', hi: 'Hindi',
  },
  ru: {
    en: 'английский', ru: 'русский', kk: 'казахский', ko: 'корейский', uk: 'украинский',
    be: 'белорусский', ky: 'киргизский', uz: 'узбекский', tg: 'таджикский', tk: 'туркменский',
    az: 'азербайджанский', hy: 'армянский', ka: 'грузинский', tt: 'татарский', mn: 'монгольский',
    zh: 'китайский', ja: 'японский', de: 'немецкий', fr: 'французский', es: 'испанский',
    it: 'итальянский', pt: 'португальский', pl: 'польский', tr: 'турецкий', ar: 'арабский',
    fa: 'персидский', he: 'иврит', hi: 'хинди',
  },
  kk: {
    en: 'ағылшын тілі', ru: 'орыс тілі', kk: 'қазақ тілі', ko: 'корей тілі', uk: 'украин тілі',
    be: 'беларусь тілі', ky: 'қырғыз тілі', uz: 'өзбек тілі', tg: 'тәжік тілі',
    tk: 'түрікмен тілі', az: 'әзірбайжан тілі', hy: 'армян тілі', ka: 'грузин тілі',
    tt: 'татар тілі', mn: 'моңғол тілі', zh: 'қытай тілі', ja: 'жапон тілі', de: 'неміс тілі',
    fr: 'француз тілі', es: 'испан тілі', it: 'итальян тілі', pt: 'португал тілі',
    pl: 'поляк тілі', tr: 'түрік тілі', ar: 'араб тілі', fa: 'парсы тілі', he: 'иврит тілі',
    hi: 'хинди тілі',
  },
  ko: {
    en: '영어', ru: '러시아어', kk: '카자흐어', ko: '한국어', uk: '우크라이나어', be: '벨라루스어',
    ky: '키르기스어', uz: '우즈베크어', tg: '타지크어', tk: '투르크멘어', az: '아제르바이잔어',
    hy: '아르메니아어', ka: '조지아어', tt: '타타르어', mn: '몽골어', zh: '중국어', ja: '일본어',
    de: '독일어', fr: '프랑스어', es: '스페인어', it: '이탈리아어', pt: '포르투갈어',
    pl: '폴란드어', tr: '튀르키예어', ar: '아랍어', fa: '페르시아어', he: '히브리어', hi: '힌디어',
  },
}

function interfaceLanguage(ui: string): Language {
  const base = ui.toLowerCase().split('-')[0]
  return base === 'ru' || base === 'kk' || base === 'ko' ? base : 'en'
}

function isNamed(tag: string): tag is Named {
  return (NAMED_LANGUAGES as readonly string[]).includes(tag)
}

/**
 * The name of language `tag` in the interface language `ui`, without the tag: from the table for
 * a named language (a regional tag such as `pt-BR` takes its language's name: the tag shown beside
 * it tells them apart), else from the browser where it knows it, else null.
 */
export function nameOfLanguage(tag: string, ui: string): string | null {
  const lower = tag.toLowerCase()
  const base = lower.split('-')[0] ?? lower
  const names = LANGUAGE_NAMES[interfaceLanguage(ui)]
  if (isNamed(lower)) return names[lower]
  if (isNamed(base)) return names[base]
  try {
    const name = new Intl.DisplayNames([interfaceLanguage(ui)], { type: 'language' }).of(tag)
    if (name !== undefined && name.toLowerCase() !== lower) return name
  } catch {
    // not a well-formed tag: no name
  }
  return null
}

/** Abbreviated month names in CLDR's format context (Korean writes months as numbers). */
// prettier-ignore
const MONTHS: Record<'en' | 'ru' | 'kk', readonly string[]> = {
  en: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
  ru: [
    'янв.', 'февр.', 'мар.', 'апр.', 'мая', 'июн.', 'июл.', 'авг.', 'сент.', 'окт.', 'нояб.',
    'дек.',
  ],
  kk: [
    'қаң.', 'ақп.', 'нау.', 'сәу.', 'мам.', 'мау.', 'шіл.', 'там.', 'қыр.', 'қаз.', 'қар.',
    'жел.',
  ],
}

const two = (n: number): string => String(n).padStart(2, '0')

/**
 * A date and time in the interface language, in this device's time zone, as CLDR's medium date
 * and short time: `Dec 6, 2026, 8:02 AM`, `6 дек. 2026 г., 08:02`, `2026 ж. 06 жел., 08:02`,
 * `2026. 12. 6. 오전 8:02`.
 */
export function formatDateTime(ui: string, ms: number): string {
  const at = new Date(ms)
  const [y, m, d, h, min] = [
    at.getFullYear(),
    at.getMonth(),
    at.getDate(),
    at.getHours(),
    two(at.getMinutes()),
  ]
  const h12 = h % 12 === 0 ? 12 : h % 12
  switch (interfaceLanguage(ui)) {
    case 'ru':
      return `${d} ${MONTHS.ru[m]} ${y} г., ${two(h)}:${min}`
    case 'kk':
      return `${y} ж. ${two(d)} ${MONTHS.kk[m]}, ${two(h)}:${min}`
    case 'ko':
      return `${y}. ${m + 1}. ${d}. ${h < 12 ? '오전' : '오후'} ${h12}:${min}`
    default:
      return `${MONTHS.en[m]} ${d}, ${y}, ${h12}:${min} ${h < 12 ? 'AM' : 'PM'}`
  }
}

/**
 * A whole number in the interface language, grouped in thousands as CLDR writes it: `100,000` in
 * English and Korean, `100 000` (no-break space) in Russian and Kazakh, whose grouping chromium's
 * locale data may lack.
 */
export function formatCount(ui: string, n: number): string {
  const separator =
    interfaceLanguage(ui) === 'ru' || interfaceLanguage(ui) === 'kk' ? '\u00a0' : ','
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, separator)
}
