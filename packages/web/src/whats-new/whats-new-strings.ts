// The strings of "what's new" (docs/web.md, "What's new"), in every language. They load with the
// watcher, not with the first page: `addWhatsNewStrings` adds them to the app's i18next instance
// before anything of "what's new" is shown (the count in the home list shows only once the
// watcher has published one).
import type { i18n } from 'i18next'

export const whatsNewStrings: Record<'en' | 'ru' | 'kk' | 'ko', Record<string, string>> = {
  en: {
    'whatsNew.count_one': '{{count}} new',
    'whatsNew.count_other': '{{count}} new',
    'whatsNew.title': "What's new",
    'whatsNew.sinceVisit': 'New since your last visit',
    'whatsNew.kind.poll': 'New vote: {{title}}',
    'whatsNew.kind.result': 'Result: {{title}}',
    'whatsNew.kind.proposal': 'New proposal: {{title}}',
    'whatsNew.kind.statement': 'New statement: {{title}}',
    'whatsNew.kind.council': 'A council decision was recorded',
    'whatsNew.kind.recall': 'Recall of {{title}} started',
    'whatsNew.kind.member': 'New member: {{title}}',
    'whatsNew.noticeIn': 'New in {{name}}:',
    'whatsNew.andMore_one': 'and {{count}} more',
    'whatsNew.andMore_other': 'and {{count}} more',
    'whatsNew.dismiss': 'Dismiss',
    'whatsNew.markSeen': 'Mark all as seen',
  },
  ru: {
    'whatsNew.count_one': '{{count}} новое',
    'whatsNew.count_few': '{{count}} новых',
    'whatsNew.count_many': '{{count}} новых',
    'whatsNew.count_other': '{{count}} новых',
    'whatsNew.title': 'Что нового',
    'whatsNew.sinceVisit': 'Новое с вашего прошлого визита',
    'whatsNew.kind.poll': 'Новое голосование: {{title}}',
    'whatsNew.kind.result': 'Итог: {{title}}',
    'whatsNew.kind.proposal': 'Новое предложение: {{title}}',
    'whatsNew.kind.statement': 'Новое заявление: {{title}}',
    'whatsNew.kind.council': 'Записано решение совета',
    'whatsNew.kind.recall': 'Начат отзыв делегата {{title}}',
    'whatsNew.kind.member': 'Новый участник: {{title}}',
    'whatsNew.noticeIn': 'Новое в собрании {{name}}:',
    'whatsNew.andMore_one': 'и ещё {{count}}',
    'whatsNew.andMore_few': 'и ещё {{count}}',
    'whatsNew.andMore_many': 'и ещё {{count}}',
    'whatsNew.andMore_other': 'и ещё {{count}}',
    'whatsNew.dismiss': 'Закрыть',
    'whatsNew.markSeen': 'Отметить всё как просмотренное',
  },
  kk: {
    'whatsNew.count_one': '{{count}} жаңа',
    'whatsNew.count_other': '{{count}} жаңа',
    'whatsNew.title': 'Жаңалықтар',
    'whatsNew.sinceVisit': 'Соңғы кіргеннен бергі жаңалықтар',
    'whatsNew.kind.poll': 'Жаңа дауыс беру: {{title}}',
    'whatsNew.kind.result': 'Нәтиже: {{title}}',
    'whatsNew.kind.proposal': 'Жаңа ұсыныс: {{title}}',
    'whatsNew.kind.statement': 'Жаңа мәлімдеме: {{title}}',
    'whatsNew.kind.council': 'Кеңес шешімі жазылды',
    'whatsNew.kind.recall': '{{title}} делегатын кері шақыру басталды',
    'whatsNew.kind.member': 'Жаңа мүше: {{title}}',
    'whatsNew.noticeIn': '{{name}} жиналысындағы жаңалық:',
    'whatsNew.andMore_one': 'және тағы {{count}}',
    'whatsNew.andMore_other': 'және тағы {{count}}',
    'whatsNew.dismiss': 'Жабу',
    'whatsNew.markSeen': 'Барлығын қаралды деп белгілеу',
  },
  ko: {
    'whatsNew.count_other': '새 소식 {{count}}건',
    'whatsNew.title': '새 소식',
    'whatsNew.sinceVisit': '지난 방문 이후 새 소식',
    'whatsNew.kind.poll': '새 투표: {{title}}',
    'whatsNew.kind.result': '결과: {{title}}',
    'whatsNew.kind.proposal': '새 안건: {{title}}',
    'whatsNew.kind.statement': '새 성명: {{title}}',
    'whatsNew.kind.council': '협의회 결정이 기록되었습니다',
    'whatsNew.kind.recall': '대표 {{title}}의 소환이 시작되었습니다',
    'whatsNew.kind.member': '새 구성원: {{title}}',
    'whatsNew.noticeIn': '{{name}}의 새 소식:',
    'whatsNew.andMore_other': '외 {{count}}건',
    'whatsNew.dismiss': '닫기',
    'whatsNew.markSeen': '모두 읽음으로 표시',
  },
}

const added = new WeakSet<i18n>()

/** Adds the strings of "what's new" to `instance`, once. */
export function addWhatsNewStrings(instance: i18n): void {
  if (added.has(instance)) return
  added.add(instance)
  for (const [language, strings] of Object.entries(whatsNewStrings))
    instance.addResourceBundle(language, 'translation', strings, true, false)
}
