// The /ca page: in the member's language, with the authority's fingerprint to compare and the steps
// for each platform; the hub serves it, with the authority file, only when it has an authority.
import { expect, test } from 'vitest'
import { AUTHORITY_LANGUAGES, AUTHORITY_TEXTS } from './authority-texts.js'
import { authorityLanguage, renderAuthorityPage } from './authority-page.js'

const FINGERPRINT =
  '8B:CA:04:F5:77:82:36:06:E9:5A:62:C6:E2:68:FE:D0:7C:08:77:B8:75:1A:25:74:39:88:78:69:93:7A:F7:AB'

test('authority page: ?lang= first, then the browser languages, else English', () => {
  expect(authorityLanguage('kk', 'ru-RU,ru;q=0.9')).toBe('kk')
  expect(authorityLanguage('xx', 'ko-KR,ko;q=0.9,en;q=0.8')).toBe('ko')
  expect(authorityLanguage(undefined, 'de-DE, ru;q=0.5')).toBe('ru')
  expect(authorityLanguage(undefined, undefined)).toBe('en')
  expect(authorityLanguage('EN', 'ko')).toBe('en')
})

test('authority page: every language says how on Android, iPhone and a computer, with the fingerprint and the file', () => {
  for (const language of AUTHORITY_LANGUAGES) {
    const html = renderAuthorityPage(language, FINGERPRINT)
    const t = AUTHORITY_TEXTS[language]
    expect(html).toContain(`<html lang="${language}">`)
    // In rows of eight bytes, to compare row by row on a narrow screen.
    expect(html).toContain(
      '<code id="fingerprint">8B:CA:04:F5:77:82:36:06<br>E9:5A:62:C6:E2:68:FE:D0<br>7C:08:77:B8:75:1A:25:74<br>39:88:78:69:93:7A:F7:AB</code>',
    )
    expect(html).toContain('href="/ca.crt" download="veche-hub-authority.crt"')
    expect(t.androidSteps.join(' ')).toContain('veche-hub-authority.crt')
    expect(t.iosSteps.join(' ')).toContain('SHA-256')
    for (const range of ['10.x', '192.168.x', 'fc00::/7', '.local'])
      expect(t.meaning).toContain(range)
    // The same shape in every language: no step left untranslated or missing.
    expect(t.androidSteps.length).toBe(AUTHORITY_TEXTS.en.androidSteps.length)
    expect(t.iosSteps.length).toBe(AUTHORITY_TEXTS.en.iosSteps.length)
    expect(t.computerSteps.length).toBe(AUTHORITY_TEXTS.en.computerSteps.length)
  }
  // Each page links to the others, marking its own.
  expect(renderAuthorityPage('ru', FINGERPRINT)).toContain(
    '<a href="/ca?lang=ru" aria-current="page" lang="ru">Русский</a>',
  )
})
