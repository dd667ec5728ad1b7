// The strings of the council, delegate, mandate, recall and referral screens, in every language.
export const federationStrings: Record<'en' | 'ru' | 'kk' | 'ko', Record<string, string>> = {
  en: {},
  ru: {},
  kk: {},
  ko: {},
}
