// The strings of poll deadlines (docs/events.md, "Deadlines"), in every language. The remaining
// time itself ("4 min 20 sec") is written by Intl.NumberFormat's units in the interface language.
export const deadlineStrings: Record<'en' | 'ru' | 'kk' | 'ko', Record<string, string>> = {
  en: {
    'openPoll.closesAt': 'Voting closes at (optional)',
    'openPoll.deadlinePast': 'The closing time has already passed.',
    'poll.closesIn': 'Voting closes in {{time}}.',
    'poll.deadlinePassed': 'Voting has ended; waiting for a facilitator to close it.',
  },
  ru: {
    'openPoll.closesAt': 'Голосование закроется (необязательно)',
    'openPoll.deadlinePast': 'Время закрытия уже прошло.',
    'poll.closesIn': 'Голосование закроется через {{time}}.',
    'poll.deadlinePassed': 'Голосование окончено; ждём, когда ведущий его закроет.',
  },
  kk: {
    'openPoll.closesAt': 'Дауыс беру жабылатын уақыт (міндетті емес)',
    'openPoll.deadlinePast': 'Жабылу уақыты өтіп кетті.',
    'poll.closesIn': 'Дауыс беру {{time}} кейін жабылады.',
    'poll.deadlinePassed': 'Дауыс беру аяқталды; жүргізушінің оны жабуы күтілуде.',
  },
  ko: {
    'openPoll.closesAt': '투표 마감 시각 (선택)',
    'openPoll.deadlinePast': '마감 시각이 이미 지났습니다.',
    'poll.closesIn': '투표 마감까지 {{time}} 남았습니다.',
    'poll.deadlinePassed': '투표가 끝났습니다. 진행자가 마감하기를 기다리고 있습니다.',
  },
}
