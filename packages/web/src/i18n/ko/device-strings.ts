// The strings of the member's key and of this device's safety (backup, restore, wipe, duress
// passphrase, which app is running), in every language.
// This is the Korean part: each language loads only when it is the interface language.
export const deviceStrings: Record<string, string> = {
  'identity.banner': '지금 키를 백업하세요: 이 페이지를 닫기 전까지만 백업할 수 있습니다.',
  'identity.manage': '키 백업, 복원, 기기 지우기',
  'identity.title': '내 키',
  'identity.explain':
    '키는 이 기기에서 만들어지고 보관되며, 어떤 페이지나 스크립트도 읽을 수 없도록 잠겨 있습니다. 베체에서 당신은 이 키입니다: 이메일도 전화번호도 필요 없습니다. 백업을 저장하지 않으면 기기를 잃을 때 키도 잃습니다.',
  'identity.key': '공개 키:',
  'identity.backupTitle': '키 백업',
  'identity.backupNow':
    '키는 지금, 이 페이지를 닫기 전에만 백업할 수 있습니다. 그 뒤에는 이 앱도 키를 읽을 수 없습니다. 8자 이상의 암호 문구를 정하고, 파일은 이 휴대폰이 아닌 곳에 보관하세요.',
  'identity.backupAgain': '백업 파일을 다시 저장하려면 백업 암호 문구를 입력하세요.',
  'identity.backupNever':
    '이 키는 만들 때 백업되지 않았고, 이제는 이 앱도 읽을 수 없습니다. 이 기기를 잃으면 새 키로 총회에 다시 참여하세요.',
  'identity.passphrase': '암호 문구',
  'identity.passphraseAgain': '같은 암호 문구 다시 입력',
  'identity.passphraseMismatch': '두 암호 문구가 다릅니다.',
  'identity.backup': '키 백업하기',
  'identity.backupSaved':
    '백업 파일을 저장했습니다. 이 파일은 암호 문구로만 열립니다. 둘을 따로 보관하세요.',
  'identity.working': '처리 중… 몇 초 걸립니다.',
  'identity.restore': '백업 파일에서 복원',
  'identity.restoreExplain':
    '이 기기의 키를 백업에 든 키로 바꿉니다. 이 앱이 만든 백업에는 암호 문구가 필요하고, veche 명령의 신원 파일에는 필요 없습니다.',
  'identity.restoreFile': '백업 파일',
  'identity.paste': '또는 백업을 붙여 넣으세요 (파일이나 스캔한 QR 코드에서)',
  'identity.pasteRestore': '이 키로 복원',
  'identity.showQr': '백업을 QR 코드로 보기',
  'identity.hideQr': 'QR 코드 숨기기',
  'identity.qrWarning':
    '이 코드에는 암호 문구로 봉인된 키가 들어 있습니다. 본인의 다른 기기에만 보여 주세요.',
  'identity.qrAlt': '키 백업 QR 코드',
  'identity.error.backup.wrong-passphrase':
    '암호 문구가 틀렸습니다: 이 백업을 열 수 없습니다. 아무것도 바뀌지 않았습니다.',
  'identity.error.backup.not-a-backup': '베체 키 백업이 아니거나 손상된 파일입니다.',
  'identity.error.backup.too-costly':
    '이 백업은 휴대폰이 줄 수 있는 것보다 많은 메모리를 요구하여 열지 않았습니다.',
  'identity.error.backup.passphrase-short': '암호 문구는 8자 이상이어야 합니다.',
  'identity.error.backup.unavailable': '이 키는 더 이상 백업할 수 없습니다.',
  'identity.error.backup.wrong-key':
    '이 백업의 비밀 키가 공개 키와 맞지 않습니다: 파일이 손상되었습니다.',
  'identity.error.duress': '강요 암호 문구와 다른 암호 문구를 정하세요.',
  'device.link': '이 기기',
  'device.title': '이 기기',
  'device.wipeTitle': '이 기기 지우기',
  'device.wipeExplain':
    '베체가 이 브라우저에 보관한 모든 것을 지웁니다: 키, 총회와 그 이벤트, 보내지 않은 작업, 비밀 투표 지갑, 임시 저장 글, 앱의 오프라인 사본. 이미 보낸 것은 총회에 남습니다. 백업이 없으면 키는 영원히 사라집니다.',
  'device.wipe': '이 기기 지우기',
  'device.wipeConfirm': '베체가 여기 보관한 모든 것을 지울까요?',
  'device.wipeUndone': '되돌릴 수 없습니다.',
  'device.wipeYes': '네, 모두 지웁니다',
  'device.cancel': '취소',
  'device.duressTitle': '강요 암호 문구',
  'device.duressExplain':
    '선택 사항입니다. 누군가 여기서 키 백업을 열라고 강요하면 진짜 암호 문구 대신 이 문구를 입력하세요. 앱은 "이 기기 지우기"처럼 모든 것을 지우고, 방금 설치한 것처럼 빈 상태로 다시 시작합니다. 백업 파일, 다른 기기의 사본, 허브가 가진 것은 지울 수 없습니다.',
  'device.duressNew': '강요 암호 문구',
  'device.duressSet': '강요 암호 문구 설정',
  'device.duressRemove': '강요 암호 문구 삭제',
  'device.duressIsSet': '이 기기에 강요 암호 문구가 설정되어 있습니다.',
  'device.duressSaved': '저장했습니다.',
  'device.duressSameAsBackup': '강요 암호 문구는 백업 암호 문구와 달라야 합니다.',
  'device.buildTitle': '내가 실행 중인 앱 확인',
  'device.buildExplain':
    '이 페이지가 실행하는 앱 파일의 지문(SHA-256)입니다. 베체 프로젝트나 진행자가 공개한 지문과 비교하세요. 다르다면 그들이 공개한 앱이 아닙니다. 변조된 앱은 여기에 가짜 지문을 보여 줄 수 있으니 다른 기기에서도 확인하세요.',
  'device.buildMine': '이 앱:',
  'device.buildHub': '이 허브가 알리는 지문:',
  'device.buildChecking': '계산 중…',
  'device.buildUnknown': '알 수 없음 (앱 파일을 모두 읽지 못했습니다).',
  'device.buildDiffers':
    '이 페이지는 허브가 지금 제공하는 것과 다른 파일을 실행하고 있습니다. 앱을 닫았다가 다시 열고 다시 비교하세요.',
}
