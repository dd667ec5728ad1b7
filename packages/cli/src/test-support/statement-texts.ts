// A resolution for the statement tests: written in Ukrainian, translated into Korean, Russian,
// Kazakh and English; eight numbered paragraphs, two lead lines, two closing lines, two references.

export interface StatementLanguage {
  readonly language: string
  readonly title: string
  readonly lead: readonly string[]
  readonly paragraphs: readonly string[]
  readonly closing: readonly string[]
}

export const ORIGINAL: StatementLanguage & {
  readonly references: readonly { title: string; url: string }[]
  readonly notes: string
} = {
  language: 'uk',
  title: 'Про восьмигодинний робочий день',
  lead: ['Вісім годин праці!', 'Вісім годин відпочинку!'],
  paragraphs: [
    'Збори вимагають восьмигодинного робочого дня для всіх.',
    'Понаднормова праця оплачується вдвічі.',
    'Кожен працівник має право на перерву.',
    'Безпека праці — обовʼязок роботодавця.',
    'Зарплата виплачується вчасно.',
    'Жінки отримують рівну плату за рівну працю.',
    'Профспілки діють вільно.',
    'Збори збираються щомісяця.',
  ],
  closing: ['Ми вимагаємо!', 'Солідарність!'],
  references: [
    { title: 'ILO Convention C001', url: 'https://www.ilo.org/c001' },
    { title: 'Haymarket 1886', url: 'https://example.org/haymarket' },
  ],
  notes: 'Adopted at the open assembly.',
}

/** Paragraph 3 after its amendment, in the original. */
export const AMENDED_THREE = 'Кожен працівник має право на оплачувану перерву.'

export const TRANSLATIONS: readonly StatementLanguage[] = [
  {
    language: 'ko',
    title: '8시간 노동제에 관하여',
    lead: ['노동 8시간!', '휴식 8시간!'],
    paragraphs: [
      '총회는 모두를 위한 8시간 노동제를 요구한다.',
      '초과 노동은 두 배로 지급한다.',
      '모든 노동자는 유급 휴식권을 가진다.',
      '노동 안전은 사용자의 의무이다.',
      '임금은 제때 지급한다.',
      '여성은 동일 노동에 동일 임금을 받는다.',
      '노동조합은 자유롭게 활동한다.',
      '총회는 매달 모인다.',
    ],
    closing: ['우리는 요구한다!', '연대!'],
  },
  {
    language: 'ru',
    title: 'О восьмичасовом рабочем дне',
    lead: ['Восемь часов труда!', 'Восемь часов отдыха!'],
    paragraphs: [
      'Собрание требует восьмичасового рабочего дня для всех.',
      'Сверхурочный труд оплачивается вдвойне.',
      'Каждый работник имеет право на оплачиваемый перерыв.',
      'Безопасность труда — обязанность работодателя.',
      'Зарплата выплачивается вовремя.',
      'Женщины получают равную плату за равный труд.',
      'Профсоюзы действуют свободно.',
      'Собрание созывается ежемесячно.',
    ],
    closing: ['Мы требуем!', 'Солидарность!'],
  },
  {
    language: 'kk',
    title: 'Сегіз сағаттық жұмыс күні туралы',
    lead: ['Сегіз сағат еңбек!', 'Сегіз сағат демалыс!'],
    paragraphs: [
      'Жиналыс барлығы үшін сегіз сағаттық жұмыс күнін талап етеді.',
      'Үстеме жұмыс екі есе төленеді.',
      'Әрбір қызметкер ақылы үзіліске құқылы.',
      'Еңбек қауіпсіздігі — жұмыс берушінің міндеті.',
      'Жалақы уақытында төленеді.',
      'Әйелдер тең еңбекке тең ақы алады.',
      'Кәсіподақтар еркін әрекет етеді.',
      'Жиналыс ай сайын өтеді.',
    ],
    closing: ['Біз талап етеміз!', 'Ынтымақ!'],
  },
  {
    language: 'en',
    title: 'On the eight-hour day',
    lead: ['Eight hours for work!', 'Eight hours for rest!'],
    paragraphs: [
      'The assembly demands the eight-hour day for everyone.',
      'Overtime is paid double.',
      'Every worker has the right to a paid break.',
      'Safety at work is the employer’s duty.',
      'Wages are paid on time.',
      'Women receive equal pay for equal work.',
      'Unions act freely.',
      'The assembly meets every month.',
    ],
    closing: ['We demand it!', 'Solidarity!'],
  },
]
