// The strings of the assembly's sections (docs/web.md, "Layout"): the section bar's labels, short
// enough for six of them across a 390 px phone, and what an empty section says. This is the
// English part: each language loads only when it is the interface language.
export const layoutStrings: Record<string, string> = {
  'section.nav': 'Parts of the assembly',
  'section.now': 'Now',
  'section.decisions': 'Decisions',
  'section.proposals': 'Proposals',
  'section.statements': 'Statements',
  'section.members': 'Members',
  'section.councils': 'Councils',
  'now.quiet': 'No vote is open and no meeting is under way.',
  'decisions.none': 'No decisions yet: a vote shows here once it is closed and counted.',
}
