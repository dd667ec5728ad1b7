// The strings of the member's key and of this device's safety (backup, restore, wipe, duress
// passphrase, which app is running), in every language.
import type { Language } from './i18n-setup.js'

export const deviceStrings: Record<Language, Record<string, string>> = {
  en: {
    'identity.banner': 'Back up your key now: it can be backed up only until this page is closed.',
    'identity.manage': 'Back up your key, restore one, or wipe this device',
    'identity.title': 'Your key',
    'identity.explain':
      'Your key is made and kept on this device, locked so that no page or script can read it. It is who you are in Veche: no e-mail, no phone number. If this device is lost, so is the key, unless you saved a backup.',
    'identity.key': 'Public key:',
    'identity.backupTitle': 'Back up my key',
    'identity.backupNow':
      'Your key can be backed up only now, before this page is closed: after that not even this app can read it. Choose a passphrase of at least 8 characters, and keep the file away from this phone.',
    'identity.backupAgain': 'Type your backup passphrase to save the backup file again.',
    'identity.backupNever':
      'This key was not backed up when it was made, and can no longer be read, not even by this app. If you lose this device, join your assemblies again with a new key.',
    'identity.passphrase': 'Passphrase',
    'identity.passphraseAgain': 'The same passphrase again',
    'identity.passphraseMismatch': 'The two passphrases differ.',
    'identity.backup': 'Back up my key',
    'identity.backupSaved':
      'The backup file is saved. It opens only with your passphrase: keep both, apart.',
    'identity.working': 'Working… this takes a few seconds.',
    'identity.restore': 'Restore from a backup file',
    'identity.restoreExplain':
      'Replaces the key on this device with the one in a backup. A backup made by this app needs its passphrase; an identity file of the veche command does not.',
    'identity.restoreFile': 'Backup file',
    'identity.paste': 'Or paste a backup (from a file or a scanned QR code)',
    'identity.pasteRestore': 'Restore this key',
    'identity.showQr': 'Show the backup as a QR code',
    'identity.hideQr': 'Hide the QR code',
    'identity.qrWarning':
      'This code holds your key sealed under your passphrase. Show it only to your own other device.',
    'identity.qrAlt': 'QR code of your key backup',
    'identity.error.backup.wrong-passphrase':
      'Wrong passphrase: it does not open this backup. Nothing was changed.',
    'identity.error.backup.not-a-backup': 'This is not a Veche key backup, or it is damaged.',
    'identity.error.backup.too-costly':
      'This backup asks for more memory than a phone can give, so it was not opened.',
    'identity.error.backup.passphrase-short': 'The passphrase needs at least 8 characters.',
    'identity.error.backup.unavailable': 'This key can no longer be backed up.',
    'identity.error.backup.wrong-key':
      'The secret in this backup does not match its public key: the file is damaged.',
    'identity.error.duress': 'Choose a passphrase different from your duress passphrase.',
    'device.link': 'This device',
    'device.title': 'This device',
    'device.wipeTitle': 'Wipe this device',
    'device.wipeExplain':
      'Erases everything Veche keeps in this browser: your key, the assemblies and their events, actions waiting to be sent, secret-poll wallets, drafts and the offline copy of the app. What you already sent stays with your assemblies. Without a backup, your key is gone for good.',
    'device.wipe': 'Wipe this device',
    'device.wipeConfirm': 'Erase everything Veche keeps here? This cannot be undone.',
    'device.wipeYes': 'Yes, erase everything',
    'device.cancel': 'Cancel',
    'device.duressTitle': 'Duress passphrase',
    'device.duressExplain':
      'Optional. If you are forced to open your key backup here, type this passphrase instead of the real one: the app erases everything, as Wipe this device does, and starts again empty, as if just installed. It cannot erase a backup file, copies on other devices, or what hubs hold.',
    'device.duressNew': 'Duress passphrase',
    'device.duressSet': 'Set the duress passphrase',
    'device.duressRemove': 'Remove the duress passphrase',
    'device.duressIsSet': 'A duress passphrase is set on this device.',
    'device.duressSaved': 'Saved.',
    'device.duressSameAsBackup': 'The duress passphrase must differ from your backup passphrase.',
    'device.buildTitle': 'Which app am I running',
    'device.buildExplain':
      'The fingerprint (SHA-256) of the app files this page runs. Compare it with the one the Veche project or your facilitator published: if it differs, this is not the app they published. A modified app could show a false fingerprint here, so check from another device too.',
    'device.buildMine': 'This app:',
    'device.buildHub': 'This hub announces:',
    'device.buildChecking': 'Computing…',
    'device.buildUnknown': 'Unknown (the app files could not all be read).',
    'device.buildDiffers':
      'This page runs other files than the hub serves now. Close and reopen the app, then compare again.',
  },
  ru: {
    'identity.banner':
      'Сделайте резервную копию ключа сейчас: это можно сделать, только пока эта страница открыта.',
    'identity.manage': 'Резервная копия ключа, восстановление, стирание',
    'identity.title': 'Ваш ключ',
    'identity.explain':
      'Ваш ключ создан и хранится на этом устройстве, закрытый так, что ни одна страница и ни один скрипт не может его прочитать. Это и есть вы в Вече: без e-mail и без номера телефона. Если устройство потеряется, вместе с ним потеряется и ключ, если вы не сохранили резервную копию.',
    'identity.key': 'Открытый ключ:',
    'identity.backupTitle': 'Резервная копия ключа',
    'identity.backupNow':
      'Сделать резервную копию ключа можно только сейчас, пока эта страница открыта: потом его не сможет прочитать даже само приложение. Придумайте парольную фразу не короче 8 символов и храните файл не на этом телефоне.',
    'identity.backupAgain':
      'Введите парольную фразу резервной копии, чтобы сохранить файл копии ещё раз.',
    'identity.backupNever':
      'Резервная копия этого ключа не была сделана при его создании, и теперь его не может прочитать даже приложение. Если вы потеряете устройство, вступите в свои собрания заново с новым ключом.',
    'identity.passphrase': 'Парольная фраза',
    'identity.passphraseAgain': 'Та же парольная фраза ещё раз',
    'identity.passphraseMismatch': 'Парольные фразы не совпадают.',
    'identity.backup': 'Сохранить резервную копию',
    'identity.backupSaved':
      'Файл резервной копии сохранён. Он открывается только вашей парольной фразой: храните их отдельно друг от друга.',
    'identity.working': 'Подождите… это займёт несколько секунд.',
    'identity.restore': 'Восстановить из резервной копии',
    'identity.restoreExplain':
      'Заменяет ключ на этом устройстве ключом из резервной копии. Копии, сделанной приложением, нужна её парольная фраза; файлу ключа команды veche — нет.',
    'identity.restoreFile': 'Файл резервной копии',
    'identity.paste': 'Или вставьте резервную копию (из файла или отсканированного QR-кода)',
    'identity.pasteRestore': 'Восстановить этот ключ',
    'identity.showQr': 'Показать резервную копию как QR-код',
    'identity.hideQr': 'Скрыть QR-код',
    'identity.qrWarning':
      'В этом коде ваш ключ, запечатанный вашей парольной фразой. Показывайте его только своему другому устройству.',
    'identity.qrAlt': 'QR-код резервной копии ключа',
    'identity.error.backup.wrong-passphrase':
      'Неверная парольная фраза: она не открывает эту копию. Ничего не изменилось.',
    'identity.error.backup.not-a-backup': 'Это не резервная копия ключа Вече, или файл повреждён.',
    'identity.error.backup.too-costly':
      'Эта копия требует больше памяти, чем есть у телефона, поэтому она не открыта.',
    'identity.error.backup.passphrase-short': 'Парольная фраза должна быть не короче 8 символов.',
    'identity.error.backup.unavailable': 'Резервную копию этого ключа сделать уже нельзя.',
    'identity.error.backup.wrong-key':
      'Секрет в этой копии не соответствует её открытому ключу: файл повреждён.',
    'identity.error.duress': 'Выберите фразу, отличную от вашей фразы принуждения.',
    'device.link': 'Это устройство',
    'device.title': 'Это устройство',
    'device.wipeTitle': 'Стереть всё на этом устройстве',
    'device.wipeExplain':
      'Стирает всё, что Вече хранит в этом браузере: ваш ключ, собрания и их события, неотправленные действия, данные тайных голосований, черновики и офлайн-копию приложения. То, что вы уже отправили, остаётся у ваших собраний. Без резервной копии ключ будет потерян навсегда.',
    'device.wipe': 'Стереть всё',
    'device.wipeConfirm': 'Стереть всё, что Вече хранит здесь? Это нельзя отменить.',
    'device.wipeYes': 'Да, стереть всё',
    'device.cancel': 'Отмена',
    'device.duressTitle': 'Фраза принуждения',
    'device.duressExplain':
      'Необязательно. Если вас заставят открыть здесь резервную копию ключа, введите эту фразу вместо настоящей: приложение сотрёт всё, как при «Стереть всё», и откроется пустым, будто только что установлено. Оно не может стереть файл резервной копии, копии на других устройствах и то, что хранят хабы.',
    'device.duressNew': 'Фраза принуждения',
    'device.duressSet': 'Задать фразу принуждения',
    'device.duressRemove': 'Убрать фразу принуждения',
    'device.duressIsSet': 'На этом устройстве задана фраза принуждения.',
    'device.duressSaved': 'Сохранено.',
    'device.duressSameAsBackup':
      'Фраза принуждения должна отличаться от парольной фразы резервной копии.',
    'device.buildTitle': 'Какое приложение у меня работает',
    'device.buildExplain':
      'Отпечаток (SHA-256) файлов приложения, которые выполняет эта страница. Сравните его с тем, что опубликовали проект Вече или ваш фасилитатор: если он другой, это не то приложение, которое они опубликовали. Изменённое приложение могло бы показать здесь ложный отпечаток, поэтому проверьте и с другого устройства.',
    'device.buildMine': 'Это приложение:',
    'device.buildHub': 'Хаб объявляет:',
    'device.buildChecking': 'Вычисляется…',
    'device.buildUnknown': 'Неизвестно (не все файлы приложения удалось прочитать).',
    'device.buildDiffers':
      'Эта страница выполняет не те файлы, что хаб раздаёт сейчас. Закройте и снова откройте приложение, затем сравните ещё раз.',
  },
  kk: {
    'identity.banner':
      'Кілттің сақтық көшірмесін қазір жасаңыз: мұны тек осы бет жабылғанша жасауға болады.',
    'identity.manage': 'Кілттің сақтық көшірмесі, қалпына келтіру, өшіру',
    'identity.title': 'Сіздің кілтіңіз',
    'identity.explain':
      'Кілтіңіз осы құрылғыда жасалып, сақталады және оны ешбір бет пен ешбір скрипт оқи алмайтындай құлыпталған. Вечеде сіз — осы кілтсіз: e-mail да, телефон нөмірі де керек емес. Сақтық көшірмесін сақтамасаңыз, құрылғы жоғалса, кілт те жоғалады.',
    'identity.key': 'Ашық кілт:',
    'identity.backupTitle': 'Кілттің сақтық көшірмесі',
    'identity.backupNow':
      'Кілттің сақтық көшірмесін тек қазір, осы бет жабылғанша жасауға болады: одан кейін оны қолданбаның өзі де оқи алмайды. Кемінде 8 таңбадан тұратын құпия фраза ойлап табыңыз және файлды осы телефоннан бөлек сақтаңыз.',
    'identity.backupAgain':
      'Сақтық көшірме файлын қайта сақтау үшін оның құпия фразасын енгізіңіз.',
    'identity.backupNever':
      'Бұл кілттің сақтық көшірмесі ол жасалған кезде жасалмаған, енді оны қолданбаның өзі де оқи алмайды. Құрылғыны жоғалтсаңыз, жиналыстарыңызға жаңа кілтпен қайта қосылыңыз.',
    'identity.passphrase': 'Құпия фраза',
    'identity.passphraseAgain': 'Сол құпия фраза тағы бір рет',
    'identity.passphraseMismatch': 'Екі құпия фраза сәйкес емес.',
    'identity.backup': 'Сақтық көшірмесін сақтау',
    'identity.backupSaved':
      'Сақтық көшірме файлы сақталды. Ол тек сіздің құпия фразаңызбен ашылады: екеуін бөлек сақтаңыз.',
    'identity.working': 'Күте тұрыңыз… бұл бірнеше секундқа созылады.',
    'identity.restore': 'Сақтық көшірмесінен қалпына келтіру',
    'identity.restoreExplain':
      'Осы құрылғыдағы кілтті сақтық көшірмедегі кілтпен ауыстырады. Қолданба жасаған көшірмеге оның құпия фразасы керек; veche командасының кілт файлына керек емес.',
    'identity.restoreFile': 'Сақтық көшірме файлы',
    'identity.paste': 'Немесе сақтық көшірмені қойыңыз (файлдан немесе сканерленген QR кодтан)',
    'identity.pasteRestore': 'Осы кілтті қалпына келтіру',
    'identity.showQr': 'Сақтық көшірмені QR код ретінде көрсету',
    'identity.hideQr': 'QR кодты жасыру',
    'identity.qrWarning':
      'Бұл кодта кілтіңіз құпия фразаңызбен мөрленген. Оны тек өзіңіздің басқа құрылғыңызға көрсетіңіз.',
    'identity.qrAlt': 'Кілт сақтық көшірмесінің QR коды',
    'identity.error.backup.wrong-passphrase':
      'Құпия фраза қате: ол бұл көшірмені ашпайды. Ештеңе өзгерген жоқ.',
    'identity.error.backup.not-a-backup':
      'Бұл Вече кілтінің сақтық көшірмесі емес немесе файл бүлінген.',
    'identity.error.backup.too-costly':
      'Бұл көшірме телефонда бар жадтан көбін талап етеді, сондықтан ол ашылмады.',
    'identity.error.backup.passphrase-short': 'Құпия фраза кемінде 8 таңбадан тұруы керек.',
    'identity.error.backup.unavailable': 'Бұл кілттің сақтық көшірмесін енді жасау мүмкін емес.',
    'identity.error.backup.wrong-key':
      'Бұл көшірмедегі құпия оның ашық кілтіне сәйкес келмейді: файл бүлінген.',
    'identity.error.duress': 'Мәжбүрлеу фразаңыздан өзге фраза таңдаңыз.',
    'device.link': 'Осы құрылғы',
    'device.title': 'Осы құрылғы',
    'device.wipeTitle': 'Осы құрылғыдағының бәрін өшіру',
    'device.wipeExplain':
      'Вече осы браузерде сақтайтынның бәрін өшіреді: кілтіңізді, жиналыстар мен олардың оқиғаларын, жіберілмеген әрекеттерді, құпия дауыс беру деректерін, жобаларды және қолданбаның офлайн көшірмесін. Сіз жіберіп қойғанның бәрі жиналыстарыңызда қалады. Сақтық көшірмесіз кілт біржола жоғалады.',
    'device.wipe': 'Бәрін өшіру',
    'device.wipeConfirm': 'Вече мұнда сақтайтынның бәрін өшіру керек пе? Мұны қайтару мүмкін емес.',
    'device.wipeYes': 'Иә, бәрін өшіру',
    'device.cancel': 'Бас тарту',
    'device.duressTitle': 'Мәжбүрлеу фразасы',
    'device.duressExplain':
      'Міндетті емес. Егер сізді мұнда кілттің сақтық көшірмесін ашуға мәжбүрлесе, нағыз фразаның орнына осы фразаны енгізіңіз: қолданба «Бәрін өшіру» сияқты бәрін өшіреді де, жаңа орнатылғандай бос болып ашылады. Ол сақтық көшірме файлын, басқа құрылғылардағы көшірмелерді және хабтар сақтайтынды өшіре алмайды.',
    'device.duressNew': 'Мәжбүрлеу фразасы',
    'device.duressSet': 'Мәжбүрлеу фразасын орнату',
    'device.duressRemove': 'Мәжбүрлеу фразасын алып тастау',
    'device.duressIsSet': 'Осы құрылғыда мәжбүрлеу фразасы орнатылған.',
    'device.duressSaved': 'Сақталды.',
    'device.duressSameAsBackup':
      'Мәжбүрлеу фразасы сақтық көшірменің құпия фразасынан өзгеше болуы керек.',
    'device.buildTitle': 'Менде қай қолданба жұмыс істеп тұр',
    'device.buildExplain':
      'Осы бет орындайтын қолданба файлдарының саусақ ізі (SHA-256). Оны Вече жобасы немесе фасилитаторыңыз жариялағанмен салыстырыңыз: өзгеше болса, бұл олар жариялаған қолданба емес. Өзгертілген қолданба мұнда жалған саусақ ізін көрсетуі мүмкін, сондықтан басқа құрылғыдан да тексеріңіз.',
    'device.buildMine': 'Бұл қолданба:',
    'device.buildHub': 'Хаб жариялайды:',
    'device.buildChecking': 'Есептелуде…',
    'device.buildUnknown': 'Белгісіз (қолданбаның барлық файлын оқу мүмкін болмады).',
    'device.buildDiffers':
      'Бұл бет хаб қазір беретін файлдардан өзге файлдарды орындап тұр. Қолданбаны жауып, қайта ашыңыз да, қайта салыстырыңыз.',
  },
  ko: {
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
    'device.wipeConfirm': '베체가 여기 보관한 모든 것을 지울까요? 되돌릴 수 없습니다.',
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
  },
}
