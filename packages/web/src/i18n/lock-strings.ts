// The strings of the passphrase lock (the lock screen, its panel on the device screen, and the
// notice of the writes it refused), in every language. They load with those screens, not with the
// first page: `addLockStrings` adds them to the app's i18next instance before any first renders.
import type { i18n } from 'i18next'

export const lockStrings: Record<'en' | 'ru' | 'kk' | 'ko', Record<string, string>> = {
  en: {
    'lock.title': 'Veche is locked',
    'lock.explain':
      'What Veche keeps on this device is encrypted under your passphrase. Type it to open the app.',
    'lock.passphrase': 'Passphrase',
    'lock.open': 'Unlock',
    'lock.working': 'Opening… this takes a few seconds.',
    'lock.error.lock.wrong-passphrase': 'Wrong passphrase. Nothing was changed: try again.',
    'lock.error.lock.not-locked': 'This device is not locked.',
    'lock.forgotten':
      'Forgot it? Without the passphrase nothing here can be read, not even by this app. You can wipe this device and join your assemblies again (with your key backup, if you made one).',
    'lock.wipe': 'Wipe this device',
    'lock.panelTitle': 'Lock with a passphrase',
    'lock.panelExplain':
      'Optional. Encrypts everything Veche keeps on this device (your assemblies and their events, actions waiting to be sent, secret-poll wallets, drafts) under a passphrase asked each time the app opens. Without it nothing can be read, not even by this app: if you forget it, only a wipe is left. The hub’s address, the language and the offline copy of the app are not encrypted.',
    'lock.new': 'New lock passphrase',
    'lock.again': 'The lock passphrase again',
    'lock.set': 'Lock this device',
    'lock.isSet':
      'This device is locked with a passphrase. The key that opens it is only in this page’s memory, while the page is open.',
    'lock.lockNow': 'Lock now',
    'lock.current': 'Current lock passphrase',
    'lock.change': 'Change the passphrase',
    'lock.remove': 'Remove the lock',
    'lock.removeExplain': 'Removing the lock stores everything unencrypted again.',
    'lock.saved': 'Locked. From now on Veche asks for this passphrase when it opens.',
    'lock.changed': 'The passphrase is changed.',
    'lock.removed': 'The lock is removed: the data on this device is no longer encrypted.',
    'lock.mismatch': 'The two passphrases differ.',
    'lock.sameAsDuress': 'The lock passphrase must differ from your duress passphrase.',
    'lock.duressSameAsLock': 'The duress passphrase must differ from your lock passphrase.',
    'lock.keyTitle': 'Your key under the lock',
    'lock.keyWrapped':
      'Your key is sealed under the lock too: on this device it is stored only encrypted, and opened in this page’s memory when you unlock.',
    'lock.keyNotWrapped':
      'Your key is not sealed under the lock. It was made before the lock, and a key the browser keeps unreadable cannot be encrypted by any page: someone who copies this device’s browser files could recover it.',
    'lock.keyWrapWithBackup':
      'Type your backup passphrase: the backup kept on this device gives the key back for a moment, and it is sealed under the lock.',
    'lock.keyWrapByRestore':
      'It can be sealed only by restoring it from its backup file (or a command line identity file) under “Restore from a backup file” while the lock is on. A key never backed up cannot be read any more: only a new key (wipe this device and join again) replaces it.',
    'lock.backupPassphrase': 'Backup passphrase',
    'lock.wrapKey': 'Seal my key under the lock',
    'lock.keyWrappedNow': 'Your key is now sealed under the lock.',
    'lock.backupFromLock':
      'Your key is sealed under this device’s lock, so a backup can be made at any time: type the lock passphrase, then choose a passphrase for the backup file.',
    'lock.idleTitle': 'Lock by itself',
    'lock.idleMinutes': 'Lock after this many minutes without use (0: never)',
    'lock.idleSave': 'Save',
    'lock.idleSaved':
      'Saved: after {{minutes}} minutes without a touch, click or key in any of its open tabs, Veche forgets its keys and shows the lock screen in all of them.',
    'lock.idleOff': 'Saved: Veche does not lock by itself.',
    'lock.removeUnbackedKey':
      'Your key has no backup yet: make one above first. Without the lock, the key is stored unreadable again, even to this app, and can no longer be backed up or sealed.',
    'lock.error.lock.changed-elsewhere':
      'The lock was changed in another tab meanwhile: nothing was changed here.',
    'unsaved.title': 'Not saved when Veche locked',
    'unsaved.explain':
      'A tab of Veche was stopped from saving what is below, because a moment before the app locked in another tab (or its lock changed). It was not saved and none of it was sent: do it again if you still want it.',
    'unsaved.when': '{{time}}: {{what}}',
    'unsaved.action': '{{what}} ({{where}})',
    'unsaved.actionText': '{{what}} ({{where}}): “{{text}}”',
    'unsaved.secretBallot': 'A secret ballot, not sent',
    'unsaved.secretPoll': 'Your part in a secret poll (its credential)',
    'unsaved.identity': 'Your key (restored or replaced)',
    'unsaved.spaces': 'The list of your assemblies (one joined or renamed)',
    'unsaved.idle': 'The setting to lock by itself',
    'unsaved.draft': 'A draft: “{{text}}”',
    'unsaved.duress': 'The duress passphrase',
    'unsaved.other': 'A change to the data on this device ({{record}})',
    'unsaved.dismiss': 'I have read this',
  },
  ru: {
    'lock.title': 'Вече заблокировано',
    'lock.explain':
      'Всё, что Вече хранит на этом устройстве, зашифровано вашей парольной фразой. Введите её, чтобы открыть приложение.',
    'lock.passphrase': 'Парольная фраза',
    'lock.open': 'Разблокировать',
    'lock.working': 'Открывается… это займёт несколько секунд.',
    'lock.error.lock.wrong-passphrase':
      'Неверная парольная фраза. Ничего не изменилось: попробуйте ещё раз.',
    'lock.error.lock.not-locked': 'Это устройство не заблокировано.',
    'lock.forgotten':
      'Забыли её? Без парольной фразы здесь ничего нельзя прочитать, даже самому приложению. Можно стереть всё на этом устройстве и снова вступить в свои собрания (с резервной копией ключа, если вы её сделали).',
    'lock.wipe': 'Стереть всё',
    'lock.panelTitle': 'Блокировка парольной фразой',
    'lock.panelExplain':
      'Необязательно. Шифрует всё, что Вече хранит на этом устройстве (собрания и их события, неотправленные действия, данные тайных голосований, черновики), парольной фразой, которую приложение спрашивает при каждом открытии. Без неё ничего нельзя прочитать, даже самому приложению: если вы её забудете, останется только стереть всё. Адрес хаба, язык и офлайн-копия приложения не шифруются.',
    'lock.new': 'Новая парольная фраза блокировки',
    'lock.again': 'Та же фраза блокировки ещё раз',
    'lock.set': 'Заблокировать это устройство',
    'lock.isSet':
      'Это устройство заблокировано парольной фразой. Ключ, который его открывает, есть только в памяти этой страницы, пока она открыта.',
    'lock.lockNow': 'Заблокировать сейчас',
    'lock.current': 'Текущая парольная фраза блокировки',
    'lock.change': 'Сменить парольную фразу',
    'lock.remove': 'Снять блокировку',
    'lock.removeExplain': 'После снятия блокировки всё снова хранится незашифрованным.',
    'lock.saved': 'Заблокировано. Теперь Вече будет спрашивать эту парольную фразу при открытии.',
    'lock.changed': 'Парольная фраза изменена.',
    'lock.removed': 'Блокировка снята: данные на этом устройстве больше не зашифрованы.',
    'lock.mismatch': 'Парольные фразы не совпадают.',
    'lock.sameAsDuress': 'Парольная фраза блокировки должна отличаться от фразы принуждения.',
    'lock.duressSameAsLock': 'Фраза принуждения должна отличаться от парольной фразы блокировки.',
    'lock.keyTitle': 'Ваш ключ под блокировкой',
    'lock.keyWrapped':
      'Ваш ключ тоже запечатан блокировкой: на этом устройстве он хранится только зашифрованным и открывается в памяти этой страницы, когда вы снимаете блокировку.',
    'lock.keyNotWrapped':
      'Ваш ключ не запечатан блокировкой. Он создан до блокировки, а ключ, который браузер держит нечитаемым, не может зашифровать ни одна страница: тот, кто скопирует файлы браузера этого устройства, может его извлечь.',
    'lock.keyWrapWithBackup':
      'Введите парольную фразу резервной копии: копия, хранимая на этом устройстве, на мгновение вернёт ключ, и он будет запечатан блокировкой.',
    'lock.keyWrapByRestore':
      'Запечатать его можно, только восстановив из файла резервной копии (или файла ключа командной строки) в разделе «Восстановить из резервной копии», пока блокировка включена. Ключ без резервной копии прочитать уже нельзя: заменить его может только новый ключ (сотрите устройство и вступите снова).',
    'lock.backupPassphrase': 'Парольная фраза резервной копии',
    'lock.wrapKey': 'Запечатать ключ блокировкой',
    'lock.keyWrappedNow': 'Ваш ключ теперь запечатан блокировкой.',
    'lock.backupFromLock':
      'Ваш ключ запечатан блокировкой этого устройства, поэтому резервную копию можно сделать в любое время: введите парольную фразу блокировки, затем выберите парольную фразу для файла копии.',
    'lock.idleTitle': 'Автоблокировка',
    'lock.idleMinutes': 'Блокировать после стольких минут без действий (0 — никогда)',
    'lock.idleSave': 'Сохранить',
    'lock.idleSaved':
      'Сохранено: если ни в одной открытой вкладке Вече не будет касаний, щелчков и нажатий {{minutes}} мин, оно забудет ключи и покажет экран блокировки во всех вкладках.',
    'lock.idleOff': 'Сохранено: Вече не блокируется само.',
    'lock.removeUnbackedKey':
      'У вашего ключа ещё нет резервной копии: сначала сделайте её выше. После снятия блокировки ключ снова хранится нечитаемым, даже для этого приложения, и его уже нельзя ни скопировать, ни запечатать.',
    'lock.error.lock.changed-elsewhere':
      'Тем временем блокировку изменили в другой вкладке: здесь ничего не изменено.',
    'unsaved.title': 'Не сохранено, когда Вече заблокировалось',
    'unsaved.explain':
      'Вкладке Вече не дали сохранить то, что ниже: за мгновение до этого приложение заблокировалось в другой вкладке (или его блокировка изменилась). Это не сохранено, и ничего из этого не отправлено: повторите, если это всё ещё нужно.',
    'unsaved.when': '{{time}}: {{what}}',
    'unsaved.action': '{{what}} ({{where}})',
    'unsaved.actionText': '{{what}} ({{where}}): «{{text}}»',
    'unsaved.secretBallot': 'Тайный бюллетень, не отправлен',
    'unsaved.secretPoll': 'Ваше участие в тайном голосовании (допуск к нему)',
    'unsaved.identity': 'Ваш ключ (восстановленный или заменённый)',
    'unsaved.spaces': 'Список ваших собраний (вступление или новое название)',
    'unsaved.idle': 'Настройка автоблокировки',
    'unsaved.draft': 'Черновик: «{{text}}»',
    'unsaved.duress': 'Фраза принуждения',
    'unsaved.other': 'Изменение данных на этом устройстве ({{record}})',
    'unsaved.dismiss': 'Прочитано',
  },
  kk: {
    'lock.title': 'Вече құлыпталған',
    'lock.explain':
      'Вече осы құрылғыда сақтайтынның бәрі сіздің құпия фразаңызбен шифрланған. Қолданбаны ашу үшін оны енгізіңіз.',
    'lock.passphrase': 'Құпия фраза',
    'lock.open': 'Құлыпты ашу',
    'lock.working': 'Ашылуда… бұл бірнеше секундқа созылады.',
    'lock.error.lock.wrong-passphrase': 'Құпия фраза қате. Ештеңе өзгерген жоқ: қайта көріңіз.',
    'lock.error.lock.not-locked': 'Бұл құрылғы құлыпталмаған.',
    'lock.forgotten':
      'Ұмытып қалдыңыз ба? Құпия фразасыз мұндағы ештеңені оқу мүмкін емес, тіпті қолданбаның өзі де оқи алмайды. Осы құрылғыдағының бәрін өшіріп, жиналыстарыңызға қайта қосыла аласыз (жасаған болсаңыз, кілттің сақтық көшірмесімен).',
    'lock.wipe': 'Бәрін өшіру',
    'lock.panelTitle': 'Құпия фразамен құлыптау',
    'lock.panelExplain':
      'Міндетті емес. Вече осы құрылғыда сақтайтынның бәрін (жиналыстар мен олардың оқиғалары, жіберілмеген әрекеттер, құпия дауыс беру деректері, қаралама мәтіндер) қолданба әр ашылғанда сұрайтын құпия фразамен шифрлайды. Онсыз ештеңені оқу мүмкін емес, тіпті қолданбаның өзі де оқи алмайды: оны ұмытсаңыз, тек бәрін өшіру қалады. Хабтың мекенжайы, тіл және қолданбаның офлайн көшірмесі шифрланбайды.',
    'lock.new': 'Жаңа құлып фразасы',
    'lock.again': 'Сол құлып фразасы тағы бір рет',
    'lock.set': 'Осы құрылғыны құлыптау',
    'lock.isSet':
      'Бұл құрылғы құпия фразамен құлыпталған. Оны ашатын кілт тек осы беттің жадында, бет ашық тұрғанда ғана болады.',
    'lock.lockNow': 'Қазір құлыптау',
    'lock.current': 'Қазіргі құлып фразасы',
    'lock.change': 'Құпия фразаны өзгерту',
    'lock.remove': 'Құлыпты алып тастау',
    'lock.removeExplain': 'Құлыпты алып тастағанда бәрі қайтадан шифрланбай сақталады.',
    'lock.saved': 'Құлыпталды. Енді Вече ашылғанда осы құпия фразаны сұрайды.',
    'lock.changed': 'Құпия фраза өзгертілді.',
    'lock.removed': 'Құлып алынды: осы құрылғыдағы деректер енді шифрланбаған.',
    'lock.mismatch': 'Екі құпия фраза сәйкес емес.',
    'lock.sameAsDuress': 'Құлып фразасы мәжбүрлеу фразасынан өзгеше болуы керек.',
    'lock.duressSameAsLock': 'Мәжбүрлеу фразасы құлып фразасынан өзгеше болуы керек.',
    'lock.keyTitle': 'Құлыптағы кілтіңіз',
    'lock.keyWrapped':
      'Кілтіңіз де құлыппен мөрленген: бұл құрылғыда тек шифрланған күйде сақталады және құлыпты ашқанда осы беттің жадында ашылады.',
    'lock.keyNotWrapped':
      'Кілтіңіз құлыппен мөрленбеген. Ол құлыптан бұрын жасалған, ал браузер оқылмайтын етіп сақтайтын кілтті ешбір бет шифрлай алмайды: осы құрылғының браузер файлдарын көшірген адам оны шығарып алуы мүмкін.',
    'lock.keyWrapWithBackup':
      'Сақтық көшірменің құпия фразасын енгізіңіз: осы құрылғыда сақталған көшірме кілтті бір сәтке қайтарады, және ол құлыппен мөрленеді.',
    'lock.keyWrapByRestore':
      'Оны құлып қосулы кезде «Сақтық көшірмеден қалпына келтіру» бөлімінде сақтық көшірме файлынан (немесе командалық жол кілт файлынан) қалпына келтіру арқылы ғана мөрлеуге болады. Сақтық көшірмесі жоқ кілтті енді оқу мүмкін емес: оны тек жаңа кілт алмастырады (құрылғыны тазалап, қайта қосылыңыз).',
    'lock.backupPassphrase': 'Сақтық көшірменің құпия фразасы',
    'lock.wrapKey': 'Кілтімді құлыппен мөрлеу',
    'lock.keyWrappedNow': 'Кілтіңіз енді құлыппен мөрленді.',
    'lock.backupFromLock':
      'Кілтіңіз осы құрылғының құлпымен мөрленген, сондықтан сақтық көшірмені кез келген уақытта жасауға болады: құлып фразасын енгізіп, көшірме файлы үшін құпия фраза таңдаңыз.',
    'lock.idleTitle': 'Өздігінен құлыптау',
    'lock.idleMinutes': 'Әрекетсіз осынша минуттан кейін құлыптау (0 — ешқашан)',
    'lock.idleSave': 'Сақтау',
    'lock.idleSaved':
      'Сақталды: {{minutes}} минут бойы ашық қойындылардың ешқайсысында түрту, шерту не перне болмаса, Вече кілттерін ұмытып, барлық қойындыда құлып экранын көрсетеді.',
    'lock.idleOff': 'Сақталды: Вече өздігінен құлыпталмайды.',
    'lock.removeUnbackedKey':
      'Кілтіңіздің әлі сақтық көшірмесі жоқ: алдымен жоғарыда жасаңыз. Құлып алынғаннан кейін кілт қайтадан оқылмайтын күйде сақталады, тіпті осы қолданба үшін де, және оның көшірмесін жасауға не мөрлеуге болмайды.',
    'lock.error.lock.changed-elsewhere':
      'Осы уақытта құлып басқа қойындыда өзгертілді: мұнда ештеңе өзгермеді.',
    'unsaved.title': 'Вече құлыпталғанда сақталмады',
    'unsaved.explain':
      'Вече қойындысына төмендегіні сақтауға жол берілмеді: сәл бұрын қолданба басқа қойындыда құлыпталды (немесе оның құлпы өзгерді). Бұл сақталмады және ештеңесі жіберілмеді: әлі де қажет болса, қайталаңыз.',
    'unsaved.when': '{{time}}: {{what}}',
    'unsaved.action': '{{what}} ({{where}})',
    'unsaved.actionText': '{{what}} ({{where}}): «{{text}}»',
    'unsaved.secretBallot': 'Құпия бюллетень, жіберілмеді',
    'unsaved.secretPoll': 'Құпия дауыс берудегі қатысуыңыз (оның куәлігі)',
    'unsaved.identity': 'Кілтіңіз (қалпына келтірілген немесе ауыстырылған)',
    'unsaved.spaces': 'Жиналыстарыңыздың тізімі (қосылу немесе жаңа атау)',
    'unsaved.idle': 'Өздігінен құлыптау баптауы',
    'unsaved.draft': 'Қаралама: «{{text}}»',
    'unsaved.duress': 'Мәжбүрлеу фразасы',
    'unsaved.other': 'Осы құрылғыдағы деректердің өзгерісі ({{record}})',
    'unsaved.dismiss': 'Оқыдым',
  },
  ko: {
    'lock.title': '베체가 잠겨 있습니다',
    'lock.explain':
      '베체가 이 기기에 보관한 것은 암호 문구로 암호화되어 있습니다. 앱을 열려면 암호 문구를 입력하세요.',
    'lock.passphrase': '암호 문구',
    'lock.open': '잠금 해제',
    'lock.working': '여는 중… 몇 초 걸립니다.',
    'lock.error.lock.wrong-passphrase':
      '암호 문구가 틀렸습니다. 아무것도 바뀌지 않았습니다. 다시 입력하세요.',
    'lock.error.lock.not-locked': '이 기기는 잠겨 있지 않습니다.',
    'lock.forgotten':
      '잊으셨나요? 암호 문구 없이는 이 앱도 여기 있는 것을 읽을 수 없습니다. 이 기기를 지우고 총회에 다시 참여할 수 있습니다 (키를 백업했다면 그 백업으로).',
    'lock.wipe': '이 기기 지우기',
    'lock.panelTitle': '암호 문구로 잠그기',
    'lock.panelExplain':
      '선택 사항입니다. 베체가 이 기기에 보관한 모든 것(총회와 그 이벤트, 보내지 않은 작업, 비밀 투표 지갑, 임시 저장 글)을 앱을 열 때마다 묻는 암호 문구로 암호화합니다. 암호 문구 없이는 이 앱도 아무것도 읽을 수 없으니, 잊어버리면 기기를 지우는 방법밖에 없습니다. 허브 주소, 언어, 앱의 오프라인 사본은 암호화되지 않습니다.',
    'lock.new': '새 잠금 암호 문구',
    'lock.again': '같은 잠금 암호 문구 다시 입력',
    'lock.set': '이 기기 잠그기',
    'lock.isSet':
      '이 기기는 암호 문구로 잠겨 있습니다. 잠금을 여는 키는 이 페이지가 열려 있는 동안 그 메모리에만 있습니다.',
    'lock.lockNow': '지금 잠그기',
    'lock.current': '현재 잠금 암호 문구',
    'lock.change': '암호 문구 바꾸기',
    'lock.remove': '잠금 없애기',
    'lock.removeExplain': '잠금을 없애면 모든 것이 다시 암호화되지 않은 채 저장됩니다.',
    'lock.saved': '잠갔습니다. 이제부터 베체를 열 때 이 암호 문구를 묻습니다.',
    'lock.changed': '암호 문구를 바꿨습니다.',
    'lock.removed': '잠금을 없앴습니다: 이 기기의 데이터는 더 이상 암호화되어 있지 않습니다.',
    'lock.mismatch': '두 암호 문구가 다릅니다.',
    'lock.sameAsDuress': '잠금 암호 문구는 강요 암호 문구와 달라야 합니다.',
    'lock.duressSameAsLock': '강요 암호 문구는 잠금 암호 문구와 달라야 합니다.',
    'lock.keyTitle': '잠금 아래의 키',
    'lock.keyWrapped':
      '키도 잠금으로 봉인되어 있습니다. 이 기기에는 암호화된 채로만 저장되고, 잠금을 풀 때 이 페이지의 메모리에서 열립니다.',
    'lock.keyNotWrapped':
      '키가 잠금으로 봉인되어 있지 않습니다. 잠금보다 먼저 만들어졌고, 브라우저가 읽을 수 없게 보관하는 키는 어떤 페이지도 암호화할 수 없습니다. 이 기기의 브라우저 파일을 복사한 사람은 키를 꺼낼 수 있습니다.',
    'lock.keyWrapWithBackup':
      '백업 암호 문구를 입력하세요. 이 기기에 보관된 백업이 잠시 키를 돌려주고, 키가 잠금으로 봉인됩니다.',
    'lock.keyWrapByRestore':
      '잠금이 켜진 동안 “백업 파일에서 복원”에서 백업 파일(또는 명령줄 신원 파일)로 복원해야만 봉인할 수 있습니다. 백업한 적 없는 키는 더 이상 읽을 수 없으므로 새 키로만 바꿀 수 있습니다(기기를 지우고 다시 참여).',
    'lock.backupPassphrase': '백업 암호 문구',
    'lock.wrapKey': '내 키를 잠금으로 봉인',
    'lock.keyWrappedNow': '이제 키가 잠금으로 봉인되었습니다.',
    'lock.backupFromLock':
      '키가 이 기기의 잠금으로 봉인되어 있어 언제든 백업할 수 있습니다. 잠금 암호 문구를 입력한 다음 백업 파일의 암호 문구를 정하세요.',
    'lock.idleTitle': '자동 잠금',
    'lock.idleMinutes': '사용하지 않고 이 시간(분)이 지나면 잠금 (0: 안 함)',
    'lock.idleSave': '저장',
    'lock.idleSaved':
      '저장했습니다. 열린 탭 어디에서도 {{minutes}}분 동안 터치, 클릭, 키 입력이 없으면 베체가 키를 잊고 모든 탭에 잠금 화면을 보여 줍니다.',
    'lock.idleOff': '저장했습니다. 베체는 스스로 잠그지 않습니다.',
    'lock.removeUnbackedKey':
      '키의 백업이 아직 없습니다. 먼저 위에서 백업하세요. 잠금을 없애면 키는 이 앱조차 읽을 수 없게 다시 저장되어, 더 이상 백업하거나 봉인할 수 없습니다.',
    'lock.error.lock.changed-elsewhere':
      '그동안 다른 탭에서 잠금이 바뀌었습니다. 여기서는 아무것도 바뀌지 않았습니다.',
    'unsaved.title': '베체가 잠길 때 저장되지 않음',
    'unsaved.explain':
      '바로 전에 다른 탭에서 앱이 잠기거나 잠금이 바뀌어서, 베체 탭이 아래 내용을 저장하지 못했습니다. 저장되지 않았고 아무것도 보내지지 않았습니다. 아직 원하시면 다시 해 주세요.',
    'unsaved.when': '{{time}}: {{what}}',
    'unsaved.action': '{{what}} ({{where}})',
    'unsaved.actionText': '{{what}} ({{where}}): “{{text}}”',
    'unsaved.secretBallot': '보내지 않은 비밀 투표지',
    'unsaved.secretPoll': '비밀 투표 참여 정보(자격 증명)',
    'unsaved.identity': '내 키(복원 또는 교체)',
    'unsaved.spaces': '내 총회 목록(참여 또는 이름 변경)',
    'unsaved.idle': '자동 잠금 설정',
    'unsaved.draft': '임시 저장 글: “{{text}}”',
    'unsaved.duress': '강요 암호 문구',
    'unsaved.other': '이 기기 데이터의 변경({{record}})',
    'unsaved.dismiss': '확인했습니다',
  },
}

const added = new WeakSet<i18n>()

/** Adds the lock's strings in every language to `instance`, once. */
export function addLockStrings(instance: i18n): void {
  if (added.has(instance)) return
  added.add(instance)
  for (const [language, strings] of Object.entries(lockStrings))
    instance.addResourceBundle(language, 'translation', strings, true, false)
}
