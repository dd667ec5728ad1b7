// Every language's strings at once, for the tests that compare the languages key by key. The app
// never imports this: it loads only the interface language's (i18n-setup.ts, `loadStrings`).
import { languageStrings as en } from './en/language-strings.js'
import type { Language } from './i18n-setup.js'
import { languageStrings as kk } from './kk/language-strings.js'
import { languageStrings as ko } from './ko/language-strings.js'
import { languageStrings as ru } from './ru/language-strings.js'

export const RESOURCES: Record<Language, Record<string, string>> = { en, ru, kk, ko }
