// The strings of secret polls (docs/secret-ballot.md, "What a member sees"), in every language.
// `secret.explain` is the design's own wording: shown on every secret poll before anyone votes.
// This is the Korean part: each language loads only when it is the interface language.
export const secretStrings: Record<string, string> = {
  'secret.badge': '비밀 투표',
  'secret.explain':
    '비밀 투표입니다. 누가 참여를 요청했는지는 모두가 볼 수 있습니다. 허브도, 진행자도, 그 누구도 누가 어떻게 투표했는지 볼 수 없습니다. 선택은 투표가 봉인된 뒤에만 집계됩니다.',
  'secret.setup': '비밀 투표를 준비하는 중입니다: 진행자의 기기가 키를 게시하고 있습니다.',
  'secret.register_other': '{{count}}명이 참여를 요청했습니다',
  'secret.held_other': '투표지 {{count}}장이 들어왔습니다. 투표지의 내용은 개표 전까지 봉인됩니다.',
  'secret.asking': '투표 자격 증명을 받는 중…',
  'secret.ready': '투표할 수 있습니다. 투표지는 이름 없이 전송됩니다.',
  'secret.waitingCredential':
    '내 투표는 이 휴대폰에 저장되어 있으며, 투표 자격 증명이 도착하는 즉시 제출됩니다.',
  'secret.sending': '비밀 투표지를 보내는 중…',
  'secret.refused': '허브가 내 투표지를 거부했습니다 ({{code}}).',
  'secret.mineIn': '비밀 투표지가 접수되었습니다. 투표가 봉인되기 전까지 바꿀 수 있습니다.',
  'secret.seal': '투표 봉인',
  'secret.sealed_other': '투표지 {{count}}장으로 봉인되었습니다.',
  'secret.shares': '개표자 몫: 필요한 {{quorum}}개 중 {{have}}개.',
  'secret.mineSealed': '내 투표지가 봉인되었습니다.',
  'secret.count': '투표지 개표',
  'secret.spoiled_other': '투표지 {{count}}장은 유효한 투표로 열리지 않아 집계되지 않았습니다.',
  'secret.mineCounted': '내 투표지가 봉인되어 집계되었습니다.',
  'secret.mineSpoiled': '내 투표지는 봉인되었지만 유효한 투표로 열리지 않아 집계되지 않았습니다.',
  'secret.unreachable': '허브에 연결할 수 없습니다: 연결되면 투표를 봉인하세요.',
  'openPoll.secret': '비밀 투표',
  'openPoll.secretExplain':
    '이 기기가 투표 자격 증명을 발급하고 투표지를 여는 키를 보관합니다: 개표가 끝날 때까지 이곳에서 앱을 열어 두세요.',
  'eventType.secret.poll-opened': '비밀 투표 열기',
  'eventType.secret.issuer-key': '자격 증명 키 게시',
  'eventType.secret.teller-key': '개표자 키 게시',
  'eventType.secret.teller-dealt': '개표자 키 나누기',
  'eventType.secret.teller-checked': '개표자 몫 확인',
  'eventType.secret.credential-requested': '투표 자격 증명 요청',
  'eventType.secret.credential-issued': '투표 자격 증명 발급',
  'eventType.secret.poll-sealed': '비밀 투표 봉인',
  'eventType.secret.teller-revealed': '개표자 몫 공개',
  'eventType.secret.poll-counted': '비밀 투표 개표',
}
