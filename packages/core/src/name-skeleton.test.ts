// Look-alike names for Kazakh and Russian speakers: a name spelt with the other script's twin
// letters (Latin ə for Kazakh ә, Latin i for Kazakh і…), in another case or with the digit that
// passes for a letter looks like the original; a hundred and more distinct Kazakh names, with every
// Kazakh letter among them, never look like one another.
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { lookAlikeNames, nameSkeleton } from './name-skeleton.js'

/** Kazakh given names (and a few Russian ones), each a different name; among them every letter. */
const KAZAKH_NAMES = `Айгерім Асқар Ақжол Ерлан Нұрлан Нұрсұлтан Әсем Әлия Өмірзақ Ғалым Ұлан Үміт
Гүлнар Жанар Жанат Қанат Қайрат Бауыржан Дәулет Мәдина Сәуле Ләззат Аружан Аяжан Дана Салтанат
Сұлтан Алтынай Бақыт Бекзат Ержан Еркебұлан Жандос Зарина Ілияс Інкәр Кенжебек Мейрам Нұржан
Оралхан Самал Айдана Айбек Айбол Айсұлу Айжан Айым Ақбота Ақерке Әйгерім Әділет Әлібек Әмина Әсел
Балжан Бибігүл Ботагөз Гүлжан Гүлмира Гүлназ Дамир Дариға Думан Ерболат Ербол Ерасыл Жасұлан
Жұлдыз Заңғар Ислам Қуаныш Құралай Қалдыбек Ләйлә Мадина Марат Мөлдір Назерке Нұрай Нұрбол Нұргүл
Нұрия Олжас Өркен Рахат Рүстем Сабина Сағыныш Сәкен Серік Сымбат Талғат Тимур Томирис Төлеген
Ұлжан Ұлпан Үмітжан Шыңғыс Шолпан Ырысжан Іңкәр Күлпаш Күміс Бөпе Айару Ару Арман Әсемгүл Нұрсая
Таңшолпан Айтолқын Бағлан Болат Дәурен Жәнібек Ерғали Мұрат Мұхтар Ғабит Ғани Ғазиз Фариза Хадиша
Чингиз Щукин Эльмира Юлия Ярослав Ёлка Цой Һарун`.split(/\s+/)

/** Letters a reader takes for one another: Latin, then its Cyrillic (or digit) twin. */
const TWINS: readonly (readonly [string, string])[] = [
  ['a', 'а'],
  ['e', 'е'],
  ['o', 'о'],
  ['p', 'р'],
  ['c', 'с'],
  ['x', 'х'],
  ['y', 'у'],
  ['y', 'ү'],
  ['i', 'і'],
  ['h', 'һ'],
  ['ə', 'ә'],
  ['ɵ', 'ө'],
  ['3', 'з'],
  ['6', 'б'],
  ['o', '0'],
]

test('look-alike names: no two of 130 distinct Kazakh names look alike', () => {
  const letters = new Set(KAZAKH_NAMES.join('').toLowerCase())
  // Every letter of the alphabet but ъ, which no Kazakh name has.
  for (const letter of 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщыіьэюя')
    expect(letters).toContain(letter)
  const members = KAZAKH_NAMES.map((name) => ({ key: name, name }))
  expect(members.length).toBeGreaterThanOrEqual(130)
  expect(lookAlikeNames(members)).toEqual(new Map())
})

test('look-alike names: a Kazakh letter with a mark is not its plain twin', () => {
  const pairs = [
    ['Қанат', 'Канат'],
    ['Ғалым', 'Галым'],
    ['Нұрлан', 'Нурлан'],
    ['Аңсар', 'Ансар'],
    ['Өмір', 'Омір'],
    ['Әсем', 'Асем'],
  ]
  for (const [a, b] of pairs) expect(nameSkeleton(a!), `${a} ${b}`).not.toBe(nameSkeleton(b!))
})

test('look-alike names: Kazakh names spelt with Latin twins, digits or in capitals look alike', () => {
  const spoofs = [
    ['Әсем', '\u0259сем'], // Latin small schwa
    ['ӘСЕМ', '\u018fсем'], // Latin capital schwa
    ['Өмір', '\u0275мір'], // Latin barred o
    ['Ілияс', 'Iлияс'],
    ['Айгерім', 'Aйгepiм'],
    ['Зарина', '3арина'],
    ['Бекзат', '6екзат'],
    ['Үміт', 'Yміт'],
    ['Нұрлан', 'HҰРЛАН'],
  ]
  for (const [a, b] of spoofs) expect(nameSkeleton(b!), `${a} ${b}`).toBe(nameSkeleton(a!))
})

test('look-alike names: swapping any letters for their twins, or the case, keeps the skeleton (property)', () => {
  const twin = fc.constantFrom(...TWINS)
  const plain = fc.constantFrom(...'жқғңұлмншдтгкв')
  const letter = fc.oneof(
    twin.map(([latin, other]) => ({ a: latin, b: other })),
    twin.map(([latin, other]) => ({ a: other, b: latin })),
    plain.map((c) => ({ a: c, b: c })),
  )
  fc.assert(
    fc.property(fc.array(letter, { minLength: 1, maxLength: 12 }), fc.boolean(), (word, upper) => {
      const a = word.map((l) => l.a).join('')
      const b = word.map((l) => l.b).join('')
      expect(nameSkeleton(upper ? b.toUpperCase() : b)).toBe(nameSkeleton(a))
      expect(nameSkeleton(nameSkeleton(a))).toBe(nameSkeleton(a))
    }),
  )
})
