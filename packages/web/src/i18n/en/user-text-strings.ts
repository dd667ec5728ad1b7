// The strings that go with names and texts members wrote: the mark on a name that looks like
// another member's (packages/core/src/name-skeleton.ts), in every language.
// This is the English part: each language loads only when it is the interface language.
export const userTextStrings: Record<string, string> = {
  'lookAlike.badge': "looks like another member's name",
  'lookAlike.key': 'key {{key}}',
  'lookAlike.explain':
    'This name looks like the name of {{others}}. Tell them apart by the key before you act.',
  'lookAlike.admit':
    'This name looks like the name of a member already here ({{others}}). Check the key before you admit them.',
}
