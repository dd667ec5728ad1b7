// The language picker: a labelled select, each language named in itself. (On a phone the label is
// read out but not shown: the header keeps one row, styles.css.)
import { useTranslation } from 'react-i18next'
import { chooseLanguage, LANGUAGE_NAMES, LANGUAGES } from '../i18n/i18n-setup.js'
import type { Language } from '../i18n/i18n-setup.js'

export function LanguageSwitcher() {
  const { t, i18n } = useTranslation()
  return (
    <label className="language">
      <span className="language-label">{t('language.label')}</span>{' '}
      <select
        value={i18n.language}
        onChange={(e) => void chooseLanguage(i18n, e.target.value as Language)}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {LANGUAGE_NAMES[lang]}
          </option>
        ))}
      </select>
    </label>
  )
}
