// The strings of secret polls (docs/secret-ballot.md, "What a member sees"), in every language.
// `secret.explain` is the design's own wording: shown on every secret poll before anyone votes.
// This is the Kazakh part: each language loads only when it is the interface language.
export const secretStrings: Record<string, string> = {
  'secret.badge': 'Жасырын дауыс беру',
  'secret.explain':
    'Жасырын дауыс беру. Қатысуды кім сұрағанын бәрі көре алады. Ешкім — хаб та, жүргізушілер де — кімнің қалай дауыс бергенін көре алмайды. Таңдаулар дауыс беру мөрленгеннен кейін ғана саналады.',
  'secret.setup':
    'Жасырын дауыс беру дайындалуда: жүргізушілердің құрылғылары кілттерін жариялап жатыр.',
  'secret.register_one': 'Қатысуды {{count}} мүше сұрады',
  'secret.register_other': 'Қатысуды {{count}} мүше сұрады',
  'secret.held_one':
    '{{count}} бюллетень түсті. Бюллетеньдердің мазмұны санауға дейін мөрлі қалады.',
  'secret.held_other':
    '{{count}} бюллетень түсті. Бюллетеньдердің мазмұны санауға дейін мөрлі қалады.',
  'secret.asking': 'Дауыс беру рұқсатыңыз алынып жатыр…',
  'secret.ready': 'Дауыс беруге болады. Бюллетеніңіз атыңызсыз жіберіледі.',
  'secret.waitingCredential':
    'Дауысыңыз осы телефонда сақталды және дауыс беру рұқсатыңыз келген бойда беріледі.',
  'secret.sending': 'Жасырын бюллетеніңіз жіберіліп жатыр…',
  'secret.refused': 'Хаб бюллетеніңізді қабылдамады ({{code}}).',
  'secret.mineIn': 'Жасырын бюллетеніңіз түсті. Дауыс беру мөрленгенше оны өзгертуге болады.',
  'secret.seal': 'Дауыс беруді мөрлеу',
  'secret.sealed_one': '{{count}} бюллетеньмен мөрленді.',
  'secret.sealed_other': '{{count}} бюллетеньмен мөрленді.',
  'secret.shares': 'Санаушылардың үлестері: қажетті {{quorum}} үлестің {{have}}.',
  'secret.mineSealed': 'Бюллетеніңіз мөрленді.',
  'secret.count': 'Бюллетеньдерді санау',
  'secret.spoiled_one': '{{count}} бюллетень жарамды дауыс болып ашылмады және есептелмеді.',
  'secret.spoiled_other': '{{count}} бюллетень жарамды дауыс болып ашылмады және есептелмеді.',
  'secret.mineCounted': 'Бюллетеніңіз мөрленді және есептелді.',
  'secret.mineSpoiled': 'Бюллетеніңіз мөрленді, бірақ жарамды дауыс болып ашылмады: есептелмеді.',
  'secret.unreachable': 'Хабпен байланыс жоқ: байланыс қайтқанда дауыс беруді мөрлеңіз.',
  'openPoll.secret': 'Жасырын дауыс беру',
  'openPoll.secretExplain':
    'Бұл құрылғы дауыс беру рұқсаттарын береді және бюллетеньдерді ашатын кілтті сақтайды: санау аяқталғанша қолданбаны осында ашық ұстаңыз.',
  'eventType.secret.poll-opened': 'Жасырын дауыс беруді ашу',
  'eventType.secret.issuer-key': 'Рұқсат кілтін жариялау',
  'eventType.secret.teller-key': 'Санаушы кілтін жариялау',
  'eventType.secret.teller-dealt': 'Санаушылар кілтін тарату',
  'eventType.secret.teller-checked': 'Санаушылар үлестерін тексеру',
  'eventType.secret.credential-requested': 'Дауыс беру рұқсатын сұрау',
  'eventType.secret.credential-issued': 'Дауыс беру рұқсатын беру',
  'eventType.secret.poll-sealed': 'Жасырын дауыс беруді мөрлеу',
  'eventType.secret.teller-revealed': 'Санаушы үлесін ашу',
  'eventType.secret.poll-counted': 'Жасырын дауыс беруді санау',
}
