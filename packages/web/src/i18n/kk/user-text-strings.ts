// The strings that go with names and texts members wrote: the mark on a name that looks like
// another member's (packages/core/src/name-skeleton.ts), in every language.
// This is the Kazakh part: each language loads only when it is the interface language.
export const userTextStrings: Record<string, string> = {
  'lookAlike.badge': 'басқа мүшенің атына ұқсайды',
  'lookAlike.key': 'кілті {{key}}',
  'lookAlike.explain':
    'Бұл ат {{others}} мүшесінің атына ұқсайды. Әрекет етпес бұрын оларды кілті бойынша ажыратыңыз.',
  'lookAlike.admit':
    'Бұл ат осындағы мүшенің атына ұқсайды ({{others}}). Қабылдамас бұрын кілтін тексеріңіз.',
}
