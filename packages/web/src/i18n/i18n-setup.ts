// The interface languages and their setup: English, Russian, Kazakh and Korean, with each
// language's own plural rules (i18next uses Intl.PluralRules: Russian one/few/many, Kazakh
// one/other, Korean other). The language follows the browser until the member picks one.
import i18next from 'i18next'
import type { FormatterModule, i18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import { carryStrings } from './carry-strings.js'
import { conversationStrings } from './conversation-strings.js'
import { deadlineStrings } from './deadline-strings.js'
import { deviceStrings } from './device-strings.js'
import { en } from './en.js'
import { federationStrings } from './federation-strings.js'
import { kk } from './kk.js'
import { ko } from './ko.js'
import { ru } from './ru.js'
import { secretStrings } from './secret-strings.js'
import { statementStrings } from './statement-strings.js'
import { userTextStrings } from './user-text-strings.js'
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

const BASE: Record<Language, Record<string, string>> = { en, ru, kk, ko }

/** Each language's strings: the general ones, then each area's own file. */
export const RESOURCES: Record<Language, Record<string, string>> = Object.fromEntries(
  LANGUAGES.map((lang) => [
    lang,
    {
      ...BASE[lang],
      ...federationStrings[lang],
      ...statementStrings[lang],
      ...secretStrings[lang],
      ...deviceStrings[lang],
      ...userTextStrings[lang],
      ...conversationStrings[lang],
      ...deadlineStrings[lang],
      ...carryStrings[lang],
    },
  ]),
) as Record<Language, Record<string, string>>

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

/** Starts i18next in `language`; returns the instance for the provider. */
export async function setupI18n(language: Language): Promise<i18n> {
  const instance = i18next.createInstance()
  await instance
    .use(initReactI18next)
    .use(ISOLATING_FORMATTER)
    .init({
      resources: Object.fromEntries(
        LANGUAGES.map((lang) => [lang, { translation: RESOURCES[lang] }]),
      ),
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

/** Switches the language and remembers the choice on this device. */
export async function chooseLanguage(instance: i18n, language: Language): Promise<void> {
  localStorage.setItem(SAVED, language)
  await instance.changeLanguage(language)
}

export function savedLanguage(): string | null {
  return localStorage.getItem(SAVED)
}

/** A date and time in the interface language (the app's own tables: see locale-data.ts). */
export { formatDateTime } from './locale-data.js'
