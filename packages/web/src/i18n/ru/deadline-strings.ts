// The strings of poll deadlines (docs/events.md, "Deadlines"), in every language. The remaining
// time itself ("4 min 20 sec") is written by Intl.NumberFormat's units in the interface language.
// This is the Russian part: each language loads only when it is the interface language.
export const deadlineStrings: Record<string, string> = {
  'openPoll.closesAt': 'Голосование закроется (необязательно)',
  'openPoll.closesAtHint': 'Дата и время, например {{example}}',
  'openPoll.closesOn': 'Голосование закроется {{when}}.',
  'openPoll.deadlineBad': 'Время закрытия не похоже на дату и время. Напишите его так: {{example}}',
  'openPoll.deadlinePast': 'Время закрытия уже прошло.',
  'poll.closesIn': 'Голосование закроется через {{time}}.',
  'poll.deadlinePassed': 'Голосование окончено; ждём, когда ведущий его закроет.',
  'poll.deadlinePassedSecret': 'Голосование окончено; ждём, когда открывший его запечатает.',
  'openPoll.secretDeadline':
    'Запечатать тайное голосование можете только вы: в срок это устройство запечатает его, если приложение открыто здесь (или хаб, который работает от вашего имени). До тех пор голосование окончено, но ничего не подсчитано.',
}
