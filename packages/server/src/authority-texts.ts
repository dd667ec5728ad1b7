// The words of the /ca page (authority-page.ts) in the app's four languages. Menu names follow
// stock Android 14 and iOS 17; phone makers rename some, so each step also says what to look for.

export const AUTHORITY_LANGUAGES = ['en', 'ru', 'kk', 'ko'] as const
export type AuthorityLanguage = (typeof AUTHORITY_LANGUAGES)[number]

export interface AuthorityTexts {
  readonly languageName: string
  readonly title: string
  readonly lead: string
  readonly compare: string
  readonly fingerprint: string
  readonly download: string
  readonly meaningTitle: string
  readonly meaning: string
  readonly android: string
  readonly androidSteps: readonly string[]
  readonly ios: string
  readonly iosSteps: readonly string[]
  readonly computer: string
  readonly computerSteps: readonly string[]
  readonly removeTitle: string
  readonly remove: string
  readonly open: string
}

export const AUTHORITY_TEXTS: Readonly<Record<AuthorityLanguage, AuthorityTexts>> = {
  en: {
    languageName: 'English',
    title: 'Trust this hub on your phone',
    lead: 'This hub made its own certificate authority. Install it once on your phone: then the app opens at the hub’s https:// address with no warning, keeps working offline, and can be added to the home screen.',
    compare:
      'Before installing it, compare its fingerprint, every character, with the one the hub’s organisers show you (the hub prints it when it starts). If they differ, do not install it: someone stands between you and the hub.',
    fingerprint: 'SHA-256 fingerprint',
    download: 'Download the authority',
    meaningTitle: 'What it means',
    meaning:
      'The authority can vouch only for devices on local networks (addresses 10.x, 172.16–31.x, 192.168.x, 127.x, fc00::/7, fe80::/10, and names ending in .local); it cannot vouch for any site on the internet. Whoever holds the hub could use it to pass for another local device to your phone: remove it when you no longer use this hub, and at once if the hub is seized.',
    android: 'Android',
    androidSteps: [
      'Tap “Download the authority” above.',
      'Open Settings › Security and privacy › More security settings › Encryption and credentials › Install a certificate › CA certificate (search Settings for “CA certificate” if the names differ).',
      'Tap “Install anyway” and choose the downloaded file veche-hub-authority.crt (Android asks for a screen lock first if the phone has none).',
      'Chrome trusts it at once: open the hub’s https:// link again.',
    ],
    ios: 'iPhone and iPad',
    iosSteps: [
      'Open this page in Safari, tap “Download the authority” and allow the profile to download.',
      'Open Settings › General › VPN and Device Management, tap the “Veche hall hub authority” profile, tap Install. Its More Details show the SHA-256 fingerprint: it must match the one above.',
      'Open Settings › General › About › Certificate Trust Settings and turn on full trust for it.',
    ],
    computer: 'A computer',
    computerSteps: [
      'Chrome or Edge: Settings › Privacy and security › Security › Manage certificates › import it as a trusted authority for websites.',
      'Firefox: Settings › Privacy and Security › Certificates › View Certificates › Authorities › Import, and tick “Trust this CA to identify websites”.',
      'macOS: open the file in Keychain Access, then set “When using this certificate” to Always Trust.',
    ],
    removeTitle: 'Removing it',
    remove:
      'Android: Settings › Encryption and credentials › User credentials (or Trusted credentials › User), choose it, Remove. iPhone: Settings › General › VPN and Device Management, the profile, Remove Profile.',
    open: 'Open the hub',
  },
  ru: {
    languageName: 'Русский',
    title: 'Доверие к этому хабу на вашем телефоне',
    lead: 'Этот хаб создал собственный центр сертификации. Установите его на телефон один раз: после этого приложение открывается по адресу хаба https:// без предупреждений, работает без сети и добавляется на главный экран.',
    compare:
      'Перед установкой сверьте его отпечаток, до последнего знака, с тем, что покажут организаторы хаба (хаб печатает его при запуске). Если они различаются, не устанавливайте: кто-то стоит между вами и хабом.',
    fingerprint: 'Отпечаток SHA-256',
    download: 'Скачать центр сертификации',
    meaningTitle: 'Что это значит',
    meaning:
      'Этот центр может ручаться только за устройства в локальных сетях (адреса 10.x, 172.16–31.x, 192.168.x, 127.x, fc00::/7, fe80::/10 и имена на .local); ни за один сайт в интернете он ручаться не может. Тот, в чьих руках окажется хаб, сможет выдать себя за другое локальное устройство для вашего телефона: удалите центр, когда перестанете пользоваться этим хабом, и сразу же, если хаб изъят.',
    android: 'Android',
    androidSteps: [
      'Нажмите «Скачать центр сертификации» выше.',
      'Откройте Настройки › Безопасность и конфиденциальность › Другие настройки безопасности › Шифрование и учётные данные › Установка сертификатов › Сертификат ЦС (если пункты называются иначе, найдите в настройках «сертификат ЦС»).',
      'Нажмите «Всё равно установить» и выберите скачанный файл veche-hub-authority.crt (если на телефоне нет блокировки экрана, Android сначала попросит её включить).',
      'Chrome доверяет ему сразу: снова откройте ссылку хаба https://.',
    ],
    ios: 'iPhone и iPad',
    iosSteps: [
      'Откройте эту страницу в Safari, нажмите «Скачать центр сертификации» и разрешите загрузку профиля.',
      'Откройте Настройки › Основные › VPN и управление устройством, выберите профиль «Veche hall hub authority», нажмите «Установить». В «Подробнее» виден отпечаток SHA-256: он должен совпасть с указанным выше.',
      'Откройте Настройки › Основные › Об этом устройстве › Доверие сертификатам и включите полное доверие к нему.',
    ],
    computer: 'Компьютер',
    computerSteps: [
      'Chrome или Edge: Настройки › Конфиденциальность и безопасность › Безопасность › Управление сертификатами › импортируйте его как доверенный центр для сайтов.',
      'Firefox: Настройки › Приватность и защита › Сертификаты › Просмотр сертификатов › Центры сертификации › Импортировать, отметьте «Доверять при идентификации веб-сайтов».',
      'macOS: откройте файл в «Связке ключей», затем для «При использовании этого сертификата» выберите «Всегда доверять».',
    ],
    removeTitle: 'Как удалить',
    remove:
      'Android: Настройки › Шифрование и учётные данные › Учётные данные пользователя (или Надёжные сертификаты › Пользователь), выберите его, «Удалить». iPhone: Настройки › Основные › VPN и управление устройством, профиль, «Удалить профиль».',
    open: 'Открыть хаб',
  },
  kk: {
    languageName: 'Қазақша',
    title: 'Телефоныңызда осы хабқа сену',
    lead: 'Бұл хаб өзінің сертификаттау орталығын жасады. Оны телефонға бір рет орнатыңыз: содан кейін қолданба хабтың https:// мекенжайында ескертусіз ашылады, желісіз де жұмыс істейді және басты экранға қосылады.',
    compare:
      'Орнатпас бұрын оның саусақ ізін хаб ұйымдастырушылары көрсететін іздің әр таңбасымен салыстырыңыз (хаб оны іске қосылғанда басып шығарады). Олар сәйкес келмесе, орнатпаңыз: сіз бен хабтың арасында біреу тұр.',
    fingerprint: 'SHA-256 саусақ ізі',
    download: 'Сертификаттау орталығын жүктеу',
    meaningTitle: 'Бұл нені білдіреді',
    meaning:
      'Бұл орталық тек жергілікті желілердегі құрылғыларға кепіл бола алады (10.x, 172.16–31.x, 192.168.x, 127.x, fc00::/7, fe80::/10 мекенжайлары және .local деп аяқталатын атаулар); интернеттегі ешбір сайтқа кепіл бола алмайды. Хабты қолына түсірген адам сіздің телефоныңызға өзін басқа жергілікті құрылғы етіп көрсете алады: бұл хабты пайдаланбай қалғанда оны өшіріңіз, ал хаб тәркіленсе, дереу өшіріңіз.',
    android: 'Android',
    androidSteps: [
      'Жоғарыдағы «Сертификаттау орталығын жүктеу» түймесін басыңыз.',
      'Параметрлер › Қауіпсіздік және құпиялық › Басқа қауіпсіздік параметрлері › Шифрлау және тіркелгі деректері › Сертификат орнату › CA сертификаты бөлімін ашыңыз (атаулары басқаша болса, параметрлерден «CA сертификаты» деп іздеңіз).',
      '«Бәрібір орнату» түймесін басып, жүктелген veche-hub-authority.crt файлын таңдаңыз (телефонда экран құлпы болмаса, Android алдымен оны қосуды сұрайды).',
      'Chrome оған бірден сенеді: хабтың https:// сілтемесін қайта ашыңыз.',
    ],
    ios: 'iPhone және iPad',
    iosSteps: [
      'Бұл бетті Safari-де ашып, «Сертификаттау орталығын жүктеу» түймесін басыңыз да, профильді жүктеуге рұқсат етіңіз.',
      'Параметрлер › Жалпы › VPN және құрылғыны басқару бөлімінде «Veche hall hub authority» профилін таңдап, «Орнату» түймесін басыңыз. «Толығырақ» бөлімінде SHA-256 саусақ ізі көрінеді: ол жоғарыдағымен сәйкес келуі керек.',
      'Параметрлер › Жалпы › Құрылғы туралы › Сертификаттарға сену параметрлері бөлімінде оған толық сенімді қосыңыз.',
    ],
    computer: 'Компьютер',
    computerSteps: [
      'Chrome немесе Edge: Параметрлер › Құпиялық және қауіпсіздік › Қауіпсіздік › Сертификаттарды басқару › оны сайттар үшін сенімді орталық ретінде импорттаңыз.',
      'Firefox: Параметрлер › Құпиялық және қауіпсіздік › Сертификаттар › Сертификаттарды көру › Орталықтар › Импорттау, «Веб-сайттарды анықтау үшін сену» белгісін қойыңыз.',
      'macOS: файлды «Кілттер бумасы» қолданбасында ашып, «Осы сертификатты пайдаланғанда» үшін «Әрқашан сену» таңдаңыз.',
    ],
    removeTitle: 'Қалай өшіруге болады',
    remove:
      'Android: Параметрлер › Шифрлау және тіркелгі деректері › Пайдаланушы тіркелгі деректері (немесе Сенімді тіркелгі деректері › Пайдаланушы), оны таңдап, «Өшіру». iPhone: Параметрлер › Жалпы › VPN және құрылғыны басқару, профиль, «Профильді өшіру».',
    open: 'Хабты ашу',
  },
  ko: {
    languageName: '한국어',
    title: '휴대폰에서 이 허브를 신뢰하기',
    lead: '이 허브는 자체 인증 기관을 만들었습니다. 휴대폰에 한 번 설치하면 앱이 허브의 https:// 주소에서 경고 없이 열리고, 오프라인에서도 작동하며, 홈 화면에 추가할 수 있습니다.',
    compare:
      '설치하기 전에 지문을 허브 운영진이 보여 주는 지문과 한 글자도 빠짐없이 비교하세요(허브가 시작할 때 출력합니다). 다르면 설치하지 마세요. 누군가가 여러분과 허브 사이에 끼어 있습니다.',
    fingerprint: 'SHA-256 지문',
    download: '인증 기관 내려받기',
    meaningTitle: '무슨 뜻인가요',
    meaning:
      '이 인증 기관은 로컬 네트워크의 기기(주소 10.x, 172.16–31.x, 192.168.x, 127.x, fc00::/7, fe80::/10, 그리고 .local로 끝나는 이름)만 보증할 수 있으며, 인터넷의 어떤 사이트도 보증할 수 없습니다. 허브를 손에 넣은 사람은 이를 이용해 여러분의 휴대폰에 다른 로컬 기기인 척할 수 있습니다. 이 허브를 더 이상 쓰지 않으면 삭제하고, 허브가 압수되면 즉시 삭제하세요.',
    android: 'Android',
    androidSteps: [
      '위의 “인증 기관 내려받기”를 누르세요.',
      '설정 › 보안 및 개인정보 보호 › 기타 보안 설정 › 암호화 및 사용자 인증 정보 › 인증서 설치 › CA 인증서를 여세요(메뉴 이름이 다르면 설정에서 “CA 인증서”를 검색하세요).',
      '“무시하고 설치”를 누르고 내려받은 파일 veche-hub-authority.crt를 고르세요(휴대폰에 화면 잠금이 없으면 Android가 먼저 설정하라고 합니다).',
      'Chrome은 바로 신뢰합니다. 허브의 https:// 링크를 다시 여세요.',
    ],
    ios: 'iPhone과 iPad',
    iosSteps: [
      'Safari에서 이 페이지를 열고 “인증 기관 내려받기”를 누른 뒤 프로파일 다운로드를 허용하세요.',
      '설정 › 일반 › VPN 및 기기 관리에서 “Veche hall hub authority” 프로파일을 눌러 설치하세요. 자세한 정보에 SHA-256 지문이 나옵니다. 위의 지문과 같아야 합니다.',
      '설정 › 일반 › 정보 › 인증서 신뢰 설정에서 이 인증서의 전체 신뢰를 켜세요.',
    ],
    computer: '컴퓨터',
    computerSteps: [
      'Chrome 또는 Edge: 설정 › 개인 정보 보호 및 보안 › 보안 › 인증서 관리 › 웹사이트용 신뢰할 수 있는 인증 기관으로 가져오세요.',
      'Firefox: 설정 › 개인 정보 및 보안 › 인증서 › 인증서 보기 › 인증 기관 › 가져오기, “이 CA가 웹사이트를 식별하도록 신뢰”를 선택하세요.',
      'macOS: 키체인 접근에서 파일을 열고 “이 인증서 사용 시”를 “항상 신뢰”로 설정하세요.',
    ],
    removeTitle: '삭제하는 방법',
    remove:
      'Android: 설정 › 암호화 및 사용자 인증 정보 › 사용자 인증 정보(또는 신뢰할 수 있는 인증 정보 › 사용자)에서 골라 삭제. iPhone: 설정 › 일반 › VPN 및 기기 관리에서 프로파일을 골라 프로파일 제거.',
    open: '허브 열기',
  },
}
