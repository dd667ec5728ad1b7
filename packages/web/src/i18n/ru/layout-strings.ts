// The strings of the assembly's sections (docs/web.md, "Layout"): the section bar's labels, short
// enough for six of them across a 390 px phone, and what an empty section says. This is the
// Russian part: each language loads only when it is the interface language.
export const layoutStrings: Record<string, string> = {
  'section.nav': 'Разделы собрания',
  'section.now': 'Сейчас',
  'section.decisions': 'Решения',
  'section.proposals': 'Предложения',
  'section.statements': 'Заявления',
  'section.members': 'Участники',
  'section.councils': 'Советы',
  'now.quiet': 'Сейчас нет ни открытого голосования, ни заседания.',
  'decisions.none': 'Решений пока нет: голосование появится здесь, когда его закроют и подсчитают.',
  'catchUp.progress': 'Проверяется журнал собрания — событий: {{checked}} из {{total}}',
  'catchUp.started': 'Проверяется журнал собрания — событий проверено: {{checked}}',
  'assembly.membersSoFar_one': 'Пока {{count}} участник',
  'assembly.membersSoFar_few': 'Пока {{count}} участника',
  'assembly.membersSoFar_many': 'Пока {{count}} участников',
  'assembly.membersSoFar_other': 'Пока {{count}} участника',
  'verify.waiting': 'Хеш состояния появится, когда весь журнал будет проверен.',
  'insecure.title': 'Откройте Вече по защищённому адресу',
  'insecure.explain':
    'Эта страница открыта по адресу {{origin}}, без HTTPS. Браузеры разрешают странице создавать и хранить ключи только по защищённому адресу, поэтому здесь Вече не может создать ваш ключ.',
  'insecure.local': 'На компьютере, где работает хаб, откройте',
  'insecure.phones':
    'На телефоне откройте тот же адрес с https:// (там отвечает хаб, запущенный veche serve; телефон предупредит, что хаб сам выпустил свой сертификат: сверьте его отпечаток с тем, что напечатал хаб, и продолжите):',
  'offline.hint':
    'Чтобы Вече работало без сети и устанавливалось на главный экран, это устройство сначала должно доверять хабу:',
  'offline.link': 'установите центр сертификации хаба',
}
