// Every language has every string, in every plural form its own rules use, and the forms read
// right for the numbers people will see.
import i18next from 'i18next'
import { expect, test } from 'vitest'
import { LANGUAGES, pickLanguage, RESOURCES } from './i18n-setup.js'

const PLURAL = /_(zero|one|two|few|many|other)$/

test('translations: each language has each key of English, with its own plural categories', () => {
  const bases = new Set(Object.keys(RESOURCES.en).map((k) => k.replace(PLURAL, '')))
  const plural = new Set(
    Object.keys(RESOURCES.en)
      .filter((k) => PLURAL.test(k))
      .map((k) => k.replace(PLURAL, '')),
  )
  for (const lang of LANGUAGES) {
    const keys = Object.keys(RESOURCES[lang])
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
    expect(missing, lang).toEqual([])
    const extra = keys.filter((k) => !bases.has(k.replace(PLURAL, '')))
    expect(extra, lang).toEqual([])
  }
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
