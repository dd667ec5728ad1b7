// The strings of the assembly's sections (docs/web.md, "Layout"): the section bar's labels, short
// enough for six of them across a 390 px phone, and what an empty section says. This is the
// Korean part: each language loads only when it is the interface language.
export const layoutStrings: Record<string, string> = {
  'section.nav': '총회 메뉴',
  'section.now': '지금',
  'section.decisions': '결정',
  'section.proposals': '안건',
  'section.statements': '성명',
  'section.members': '구성원',
  'section.councils': '협의회',
  'now.quiet': '지금 진행 중인 투표나 회의가 없습니다.',
  'decisions.none': '아직 결정이 없습니다. 투표가 마감되고 집계되면 여기에 표시됩니다.',
  'catchUp.progress': '총회 기록 확인 중: 이벤트 {{total}}개 중 {{checked}}개',
  'catchUp.started': '총회 기록 확인 중: 지금까지 이벤트 {{checked}}개',
  'assembly.membersSoFar_other': '지금까지 구성원 {{count}}명',
  'verify.waiting': '전체 기록을 확인하면 상태 해시가 표시됩니다.',
}
