// The strings of the passphrase lock (the lock screen, and its panel on the device screen), in every
// language. They load with those screens, not with the first page: `addLockStrings` adds them to
// the app's i18next instance before either first renders.
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
      'Міндетті емес. Вече осы құрылғыда сақтайтынның бәрін (жиналыстар мен олардың оқиғалары, жіберілмеген әрекеттер, құпия дауыс беру деректері, жобалар) қолданба әр ашылғанда сұрайтын құпия фразамен шифрлайды. Онсыз ештеңені оқу мүмкін емес, тіпті қолданбаның өзі де оқи алмайды: оны ұмытсаңыз, тек бәрін өшіру қалады. Хабтың мекенжайы, тіл және қолданбаның офлайн көшірмесі шифрланбайды.',
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
