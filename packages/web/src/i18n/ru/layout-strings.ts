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
}
