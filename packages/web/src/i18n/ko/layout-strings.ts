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
  'insecure.title': '보안 주소에서 베체를 여세요',
  'insecure.explain':
    '이 페이지는 HTTPS가 없는 주소 {{origin}}에서 열렸습니다. 브라우저는 보안 주소에서만 페이지가 키를 만들고 보관하게 하므로, 여기서는 베체가 키를 만들 수 없습니다.',
  'insecure.local': '허브를 실행하는 컴퓨터에서는 다음을 여세요:',
  'insecure.phones':
    '휴대폰에서는 같은 주소를 https://로 여세요(veche serve로 실행한 허브가 거기서 응답합니다. 휴대폰은 허브가 인증서를 스스로 만들었다고 경고합니다. 그 지문이 허브가 출력한 것과 같은지 확인한 뒤 계속하세요):',
  'offline.hint':
    '베체를 오프라인으로 쓰고 홈 화면에 설치하려면 먼저 이 기기가 허브를 신뢰해야 합니다:',
  'offline.link': '허브의 인증 기관 설치하기',
}
