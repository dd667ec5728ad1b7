// Every language has every string, in every plural form its own rules use, and the forms read
// right for the numbers people will see.
import i18next from 'i18next'
import { expect, test } from 'vitest'
import { carryScreenStrings } from './carry-screen-strings.js'
import { conversationScreenStrings } from './conversation-screen-strings.js'
import { RESOURCES } from './all-languages.js'
import { LANGUAGES, pickLanguage } from './i18n-setup.js'
import { whatsNewStrings } from '../whats-new/whats-new-strings.js'
import { lockStrings } from './lock-strings.js'

const PLURAL = /_(zero|one|two|few|many|other)$/

/** Keys missing from, and keys not in English but in, each language of `resources`. */
function incomplete(resources: Record<(typeof LANGUAGES)[number], Record<string, string>>) {
  const bases = new Set(Object.keys(resources.en).map((k) => k.replace(PLURAL, '')))
  const plural = new Set(
    Object.keys(resources.en)
      .filter((k) => PLURAL.test(k))
      .map((k) => k.replace(PLURAL, '')),
  )
  return LANGUAGES.map((lang) => {
    const keys = Object.keys(resources[lang])
    const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories
    const missing: string[] = []
    for (const base of bases) {
      if (!plural.has(base)) {
        if (!keys.includes(base)) missing.push(base)
        continue
      }
      for (const category of categories)
        if (!keys.includes(`${base}_${category}`)) missing.push(`${base}_${category}`)
    }
    const extra = keys.filter((k) => !bases.has(k.replace(PLURAL, '')))
    return { lang, missing, extra }
  })
}

test('translations: each language has each key of English, with its own plural categories', () => {
  for (const resources of [
    RESOURCES,
    conversationScreenStrings,
    carryScreenStrings,
    whatsNewStrings,
    lockStrings,
  ])
    for (const { lang, missing, extra } of incomplete(resources)) {
      expect(missing, lang).toEqual([])
      expect(extra, lang).toEqual([])
    }
})

test("translations: each part loaded later brings its own keys, none of the first page's", () => {
  const first = new Set(Object.keys(RESOURCES.en))
  expect(Object.keys(conversationScreenStrings.en).filter((k) => first.has(k))).toEqual([])
  expect(Object.keys(carryScreenStrings.en).filter((k) => first.has(k))).toEqual([])
  expect(Object.keys(whatsNewStrings.en).filter((k) => first.has(k))).toEqual([])
  expect(Object.keys(lockStrings.en).filter((k) => first.has(k))).toEqual([])
})

test("translations: what's new counts in Russian take one, few and many forms", async () => {
  const t = await i18next.createInstance().init({
    lng: 'ru',
    resources: { ru: { translation: whatsNewStrings.ru } },
    keySeparator: false,
  })
  expect([1, 2, 5, 21].map((count) => t('whatsNew.count', { count }))).toEqual([
    '1 новое',
    '2 новых',
    '5 новых',
    '21 новое',
  ])
})

test('translations: Russian members take one, few and many forms', async () => {
  const t = await i18next.createInstance().init({
    lng: 'ru',
    resources: { ru: { translation: RESOURCES.ru } },
    keySeparator: false,
  })
  const members = (count: number): string => t('assembly.members', { count })
  expect([1, 2, 5, 11, 21, 22, 25].map(members)).toEqual([
    '1 участник',
    '2 участника',
    '5 участников',
    '11 участников',
    '21 участник',
    '22 участника',
    '25 участников',
  ])
})

test('language: a saved choice wins, then the first browser language spoken, else English', () => {
  expect(pickLanguage('kk', ['ru-RU'])).toBe('kk')
  expect(pickLanguage(null, ['de-DE', 'ko-KR', 'ru'])).toBe('ko')
  expect(pickLanguage('xx', ['fr'])).toBe('en')
})
