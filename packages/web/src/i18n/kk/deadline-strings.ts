// The strings of poll deadlines (docs/events.md, "Deadlines"), in every language. The remaining
// time itself ("4 min 20 sec") is written by Intl.NumberFormat's units in the interface language.
// This is the Kazakh part: each language loads only when it is the interface language.
export const deadlineStrings: Record<string, string> = {
  'openPoll.closesAt': 'Дауыс беру жабылатын уақыт (міндетті емес)',
  'openPoll.closesAtHint': 'Күні мен уақыты, мысалы {{example}}',
  'openPoll.closesOn': 'Дауыс беру жабылатын уақыт: {{when}}.',
  'openPoll.deadlineBad': 'Жабылу уақыты күн мен уақытқа ұқсамайды. Былай жазыңыз: {{example}}',
  'openPoll.deadlinePast': 'Жабылу уақыты өтіп кетті.',
  'poll.closesIn': 'Дауыс берудің жабылуына {{time}} қалды.',
  'poll.deadlinePassed': 'Дауыс беру аяқталды; жүргізушінің оны жабуы күтілуде.',
  'poll.deadlinePassedSecret': 'Дауыс беру аяқталды; оны ашқан адамның мөрлеуі күтілуде.',
  'openPoll.secretDeadline':
    'Жасырын дауыс беруді тек сіз мөрлей аласыз: мерзім жеткенде қолданба осы құрылғыда ашық болса, ол оны мөрлейді (немесе сіздің атыңыздан жұмыс істейтін хаб). Оған дейін дауыс беру аяқталған, бірақ ештеңе саналмаған.',
}
