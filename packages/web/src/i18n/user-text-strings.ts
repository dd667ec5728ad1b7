// The strings that go with names and texts members wrote: the mark on a name that looks like
// another member's (packages/core/src/name-skeleton.ts), in every language.
import type { Language } from './i18n-setup.js'

export const userTextStrings: Record<Language, Record<string, string>> = {
  en: {
    'lookAlike.badge': "looks like another member's name",
    'lookAlike.key': 'key {{key}}',
    'lookAlike.explain':
      'This name looks like the name of {{others}}. Tell them apart by the key before you act.',
    'lookAlike.admit':
      'This name looks like the name of a member already here ({{others}}). Check the key before you admit them.',
  },
  ru: {
    'lookAlike.badge': 'похоже на имя другого участника',
    'lookAlike.key': 'ключ {{key}}',
    'lookAlike.explain':
      'Это имя похоже на имя участника {{others}}. Прежде чем действовать, различайте их по ключу.',
    'lookAlike.admit':
      'Это имя похоже на имя участника, который уже здесь ({{others}}). Проверьте ключ, прежде чем принять.',
  },
  kk: {
    'lookAlike.badge': 'басқа мүшенің атына ұқсайды',
    'lookAlike.key': 'кілті {{key}}',
    'lookAlike.explain':
      'Бұл ат {{others}} мүшесінің атына ұқсайды. Әрекет етпес бұрын оларды кілті бойынша ажыратыңыз.',
    'lookAlike.admit':
      'Бұл ат осындағы мүшенің атына ұқсайды ({{others}}). Қабылдамас бұрын кілтін тексеріңіз.',
  },
  ko: {
    'lookAlike.badge': '다른 구성원의 이름과 비슷함',
    'lookAlike.key': '키 {{key}}',
    'lookAlike.explain':
      '이 이름은 {{others}}의 이름과 비슷합니다. 행동하기 전에 키로 두 사람을 구별하세요.',
    'lookAlike.admit':
      '이 이름은 이미 있는 구성원({{others}})의 이름과 비슷합니다. 받아들이기 전에 키를 확인하세요.',
  },
}
