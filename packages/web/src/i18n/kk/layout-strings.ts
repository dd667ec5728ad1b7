// The strings of the assembly's sections (docs/web.md, "Layout"): the section bar's labels, short
// enough for six of them across a 390 px phone, and what an empty section says. This is the
// Kazakh part: each language loads only when it is the interface language.
export const layoutStrings: Record<string, string> = {
  'section.nav': 'Жиналыс бөлімдері',
  'section.now': 'Қазір',
  'section.decisions': 'Шешімдер',
  'section.proposals': 'Ұсыныстар',
  'section.statements': 'Мәлімдемелер',
  'section.members': 'Мүшелер',
  'section.councils': 'Кеңестер',
  'now.quiet': 'Қазір ашық дауыс беру де, жиналыс та жоқ.',
  'decisions.none': 'Әзірге шешім жоқ: дауыс беру жабылып, саналғанда осында шығады.',
  'catchUp.progress': 'Жиналыс жазбасы тексерілуде: {{checked}} / {{total}} оқиға',
  'catchUp.started': 'Жиналыс жазбасы тексерілуде: әзірге {{checked}} оқиға',
  'assembly.membersSoFar_one': 'Әзірге {{count}} мүше',
  'assembly.membersSoFar_other': 'Әзірге {{count}} мүше',
  'verify.waiting': 'Күй хеші бүкіл жазба тексерілгенде көрсетіледі.',
  'insecure.title': 'Вечені қорғалған мекенжайда ашыңыз',
  'insecure.explain':
    'Бұл бет HTTPS жоқ {{origin}} мекенжайында ашылған. Браузерлер бетке кілт жасап, сақтауға тек қорғалған мекенжайда рұқсат береді, сондықтан Вече мұнда кілтіңізді жасай алмайды.',
  'insecure.local': 'Хаб жұмыс істейтін компьютерде мынаны ашыңыз:',
  'insecure.phones':
    'Телефонда сол мекенжайды https:// арқылы ашыңыз (veche serve іске қосқан хаб сонда жауап береді; телефон хабтың сертификатын өзі жасағанын ескертеді: оның саусақ ізін хаб басып шығарғанмен салыстырып, жалғастырыңыз):',
  'offline.hint':
    'Вече желісіз жұмыс істеп, басты экранға орнатылуы үшін бұл құрылғы алдымен хабқа сенуі керек:',
  'offline.link': 'хабтың сертификаттау орталығын орнатыңыз',
}
