// The strings of secret polls (docs/secret-ballot.md, "What a member sees"), in every language.
// `secret.explain` is the design's own wording: shown on every secret poll before anyone votes.
// This is the Russian part: each language loads only when it is the interface language.
export const secretStrings: Record<string, string> = {
  'secret.badge': 'Тайное голосование',
  'secret.explain':
    'Тайное голосование. Все видят, кто попросил участвовать. Никто — ни хаб, ни ведущие — не видит, кто как проголосовал. Голоса подсчитываются только после того, как голосование запечатано.',
  'secret.setup': 'Тайное голосование готовится: устройства ведущих публикуют свои ключи.',
  'secret.register_one': 'Участвовать попросил {{count}} участник',
  'secret.register_few': 'Участвовать попросили {{count}} участника',
  'secret.register_many': 'Участвовать попросили {{count}} участников',
  'secret.register_other': 'Участвовать попросили {{count}} участника',
  'secret.held_one': 'Получен {{count}} бюллетень. Что в бюллетенях, скрыто до подсчёта.',
  'secret.held_few': 'Получено {{count}} бюллетеня. Что в бюллетенях, скрыто до подсчёта.',
  'secret.held_many': 'Получено {{count}} бюллетеней. Что в бюллетенях, скрыто до подсчёта.',
  'secret.held_other': 'Получено {{count}} бюллетеня. Что в бюллетенях, скрыто до подсчёта.',
  'secret.asking': 'Получаем ваш допуск к голосованию…',
  'secret.ready': 'Можно голосовать. Бюллетень отправляется без вашего имени.',
  'secret.waitingCredential':
    'Ваш голос сохранён на этом телефоне и будет подан, как только придёт допуск к голосованию.',
  'secret.sending': 'Отправляем ваш тайный бюллетень…',
  'secret.refused': 'Хаб отклонил ваш бюллетень ({{code}}).',
  'secret.mineIn':
    'Ваш тайный бюллетень получен. Его можно изменить, пока голосование не запечатано.',
  'secret.seal': 'Запечатать голосование',
  'secret.sealed_one': 'Запечатан {{count}} бюллетень.',
  'secret.sealed_few': 'Запечатано {{count}} бюллетеня.',
  'secret.sealed_many': 'Запечатано {{count}} бюллетеней.',
  'secret.sealed_other': 'Запечатано {{count}} бюллетеня.',
  'secret.shares': 'Доли счётчиков: {{have}} из {{quorum}} нужных.',
  'secret.mineSealed': 'Ваш бюллетень запечатан.',
  'secret.count': 'Подсчитать бюллетени',
  'secret.spoiled_one': '{{count}} бюллетень не открылся как действительный голос и не учтён.',
  'secret.spoiled_few': '{{count}} бюллетеня не открылись как действительные голоса и не учтены.',
  'secret.spoiled_many': '{{count}} бюллетеней не открылись как действительные голоса и не учтены.',
  'secret.spoiled_other': '{{count}} бюллетеня не открылись как действительные голоса и не учтены.',
  'secret.mineCounted': 'Ваш бюллетень запечатан и учтён.',
  'secret.mineSpoiled':
    'Ваш бюллетень запечатан, но не открылся как действительный голос: он не учтён.',
  'secret.unreachable': 'Нет связи с хабом: запечатайте голосование, когда связь вернётся.',
  'openPoll.secret': 'Тайное голосование',
  'openPoll.secretExplain':
    'Это устройство выдаёт допуски к голосованию и хранит ключ, которым открываются бюллетени: держите приложение открытым здесь до подсчёта.',
  'eventType.secret.poll-opened': 'Открытие тайного голосования',
  'eventType.secret.issuer-key': 'Публикация ключа допусков',
  'eventType.secret.teller-key': 'Публикация ключа счётчика',
  'eventType.secret.teller-dealt': 'Раздача ключа счётчиков',
  'eventType.secret.teller-checked': 'Проверка долей счётчиков',
  'eventType.secret.credential-requested': 'Запрос допуска к голосованию',
  'eventType.secret.credential-issued': 'Выдача допуска к голосованию',
  'eventType.secret.poll-sealed': 'Запечатывание тайного голосования',
  'eventType.secret.teller-revealed': 'Раскрытие доли счётчика',
  'eventType.secret.poll-counted': 'Подсчёт тайного голосования',
}
