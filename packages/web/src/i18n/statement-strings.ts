// The strings of the statement screens (list, document, editor, translations, co-signing), in
// every language.
export const statementStrings: Record<'en' | 'ru' | 'kk' | 'ko', Record<string, string>> = {
  en: {},
  ru: {},
  kk: {},
  ko: {},
}
