// The interface languages and their setup: English, Russian, Kazakh and Korean, with each
// language's own plural rules (i18next uses Intl.PluralRules: Russian one/few/many, Kazakh
// one/other, Korean other). The language follows the browser until the member picks one.
import i18next from 'i18next'
import type { FormatterModule, i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { isolateIfNeeded } from '../lib/bidi-isolation.js'

export const LANGUAGES = ['en', 'ru', 'kk', 'ko'] as const
export type Language = (typeof LANGUAGES)[number]

/** Each language's name in itself, for the switcher. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  ru: 'Русский',
  kk: 'Қазақша',
  ko: '한국어',
}

/**
 * Each language's strings, loaded only when it is the interface language: the three others are
 * three quarters of the app's text, and a visit shows one (docs/web.md, "Languages").
 */
const LOADERS: Record<Language, () => Promise<{ languageStrings: Record<string, string> }>> = {
  en: () => import('./en/language-strings.js'),
  ru: () => import('./ru/language-strings.js'),
  kk: () => import('./kk/language-strings.js'),
  ko: () => import('./ko/language-strings.js'),
}

/** Every string of `language` the first page may show (screens loaded later bring their own). */
export async function loadStrings(language: Language): Promise<Record<string, string>> {
  return (await LOADERS[language]()).languageStrings
}

const SAVED = 'veche.language'

function isLanguage(tag: string): tag is Language {
  return (LANGUAGES as readonly string[]).includes(tag)
}

/** The member's saved choice, else the first browser language we speak, else English. */
export function pickLanguage(saved: string | null, preferred: readonly string[]): Language {
  if (saved !== null && isLanguage(saved)) return saved
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0] ?? ''
    if (isLanguage(base)) return base
  }
  return 'en'
}

/**
 * i18next's formatter, replaced: a value put into a sentence (a member's name, a poll's question)
 * is isolated from the sentence around it when it could reorder it (bidi-isolation.ts). The
 * sentences use no named formats ({{x, number}}), so there is nothing else to format.
 */
const ISOLATING_FORMATTER: FormatterModule = {
  type: 'formatter',
  init() {},
  // Anything but a string (a count, for plurals) is handed back as it came: i18next turns it to
  // text itself, though its type says the formatter returns a string.
  format: (value: unknown) =>
    typeof value === 'string' ? isolateIfNeeded(value) : (value as string),
  add() {},
  addCached() {},
}

/**
 * Starts i18next in `language`, with that language's strings already loaded so the first render
 * shows text, never keys; returns the instance for the provider.
 */
export async function setupI18n(language: Language): Promise<i18n> {
  const strings = await loadStrings(language)
  const instance = i18next.createInstance()
  await instance
    .use(initReactI18next)
    .use(ISOLATING_FORMATTER)
    .init({
      resources: { [language]: { translation: strings } },
      lng: language,
      fallbackLng: 'en',
      // Every value put into a sentence passes the formatter below (`alwaysFormat`).
      interpolation: { escapeValue: false, alwaysFormat: true },
      keySeparator: false,
      nsSeparator: false,
    })
  instance.on('languageChanged', (lang) => {
    document.documentElement.lang = lang
  })
  document.documentElement.lang = language
  return instance
}

/**
 * Switches the language and remembers the choice on this device. Its strings load first, so the
 * screen changes from one language to the other with no keys in between. They are merged under
 * what is there: a screen loaded earlier may have added its own strings in every language.
 */
export async function chooseLanguage(instance: i18n, language: Language): Promise<void> {
  localStorage.setItem(SAVED, language)
  instance.addResourceBundle(language, 'translation', await loadStrings(language), true, false)
  await instance.changeLanguage(language)
}

export function savedLanguage(): string | null {
  return localStorage.getItem(SAVED)
}

/** A date and time in the interface language (the app's own tables: see locale-data.ts). */
export { formatDateTime } from './locale-data.js'
