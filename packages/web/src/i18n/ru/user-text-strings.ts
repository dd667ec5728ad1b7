// The strings that go with names and texts members wrote: the mark on a name that looks like
// another member's (packages/core/src/name-skeleton.ts), in every language.
// This is the Russian part: each language loads only when it is the interface language.
export const userTextStrings: Record<string, string> = {
  'lookAlike.badge': 'похоже на имя другого участника',
  'lookAlike.key': 'ключ {{key}}',
  'lookAlike.explain':
    'Это имя похоже на имя участника {{others}}. Прежде чем действовать, различайте их по ключу.',
  'lookAlike.admit':
    'Это имя похоже на имя участника, который уже здесь ({{others}}). Проверьте ключ, прежде чем принять.',
}
