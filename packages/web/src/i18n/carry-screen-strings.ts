// The strings of the QR screens (scanning an invitation, showing and receiving a series of an
// assembly's events: carry/), in every language. They load with those screens, not with the first
// page: `addCarryScreenStrings` adds them to the app's i18next instance before a screen renders.
import type { i18n } from 'i18next'

export const carryScreenStrings: Record<'en' | 'ru' | 'kk' | 'ko', Record<string, string>> = {
  en: {
    'scan.camera': 'Camera view',
    'scan.start': 'Turn the camera on',
    'scan.stop': 'Turn the camera off',
    'scan.unavailable': 'The camera could not be opened. Paste the code below instead.',
    'scan.paste': 'Or paste the code here (one code per line)',
    'scan.read': 'Read the pasted code',
    'scan.invitationTitle': 'Scan an invitation',
    'scan.invitationWhat':
      'Point the camera at the invitation’s QR code. The next screen shows which assembly it is; nothing is sent until you agree.',
    'scan.notInvitation': 'This code is not a Veche invitation. The camera keeps looking.',
    'scan.back': 'Back to the first screen',
    'carry.showTitle': 'Carry this assembly to another phone',
    'carry.showWhat':
      'The other phone reads these codes with its camera: no hub, no network. On it, open Veche and choose “Receive events by QR”. The codes repeat until every one is read, in any order.',
    'carry.carries_one': 'These codes carry {{count}} signed event.',
    'carry.carries_other': 'These codes carry {{count}} signed events.',
    'carry.codeOf': 'Code {{index}} of {{total}}',
    'carry.previous': 'Previous code',
    'carry.next': 'Next code',
    'carry.pause': 'Pause',
    'carry.play': 'Play',
    'carry.asText': 'The codes as text, to copy and paste on the other phone',
    'carry.empty': 'This phone holds no events of this assembly yet.',
    'carry.back': 'Back to the assembly',
    'carry.receiveTitle': 'Receive events by QR',
    'carry.receiveWhat':
      'Point the camera at the codes the other phone shows, in any order. Nothing goes over the network; every event is checked here, signature and rules, before it is added.',
    'carry.none': 'No code read yet.',
    'carry.progress': '{{received}} of {{total}} codes read',
    'carry.checking': 'Every code is in. Checking the events…',
    'carry.kept': 'The codes already read are kept.',
    'carry.error.qr.not-veche': 'That code is not part of a Veche series of events.',
    'carry.error.qr.impossible': 'That code is damaged: code {{index}} of {{total}} cannot be.',
    'carry.error.qr.too-many':
      'That series has {{total}} codes, more than the {{max}} a phone reads.',
    'carry.error.qr.damaged': 'Code {{index}} of {{total}} was read damaged. Show it again.',
    'carry.error.qr.other-series':
      'That code belongs to another series. Finish this one first, one series at a time.',
    'carry.error.qr.mismatch':
      'The codes do not fit together into their series. Nothing was added; scan the series again.',
    'carry.error.bundle.damaged':
      'The codes do not make a valid bundle of events. Nothing was added.',
    'carry.error.bundle.too-large': 'The events are too large for this phone. Nothing was added.',
    'carry.error.bundle.too-many-members':
      'These codes hold an event of more than {{max}} parts (JSON members), more than any real event has, so they were refused unread. Nothing was added.',
    'carry.added_one': '{{count}} new event checked and added.',
    'carry.added_other': '{{count}} new events checked and added.',
    'carry.known_one': '{{count}} event was already on this phone.',
    'carry.known_other': '{{count}} events were already on this phone.',
    'carry.refused_one':
      '{{count}} event was refused (a bad signature, against the rules, or waiting for another assembly’s event).',
    'carry.refused_other':
      '{{count}} events were refused (a bad signature, against the rules, or waiting for another assembly’s event).',
    'carry.open': 'Open the assembly',
    'carry.again': 'Scan another series',
  },
  ru: {
    'scan.camera': 'Изображение с камеры',
    'scan.start': 'Включить камеру',
    'scan.stop': 'Выключить камеру',
    'scan.unavailable': 'Не удалось открыть камеру. Вставьте код ниже.',
    'scan.paste': 'Или вставьте код сюда (по одному коду в строке)',
    'scan.read': 'Прочитать вставленный код',
    'scan.invitationTitle': 'Сканировать приглашение',
    'scan.invitationWhat':
      'Наведите камеру на QR-код приглашения. На следующем экране будет видно, что это за собрание; ничего не отправляется, пока вы не согласитесь.',
    'scan.notInvitation': 'Это не приглашение Вече. Камера продолжает искать.',
    'scan.back': 'На первый экран',
    'carry.showTitle': 'Перенести это собрание на другой телефон',
    'carry.showWhat':
      'Другой телефон считывает эти коды камерой: без хаба и без сети. Откройте на нём Вече и выберите «Получить события по QR». Коды повторяются, пока не будут считаны все, в любом порядке.',
    'carry.carries_one': 'Эти коды несут {{count}} подписанное событие.',
    'carry.carries_few': 'Эти коды несут {{count}} подписанных события.',
    'carry.carries_many': 'Эти коды несут {{count}} подписанных событий.',
    'carry.carries_other': 'Эти коды несут {{count}} подписанного события.',
    'carry.codeOf': 'Код {{index}} из {{total}}',
    'carry.previous': 'Предыдущий код',
    'carry.next': 'Следующий код',
    'carry.pause': 'Пауза',
    'carry.play': 'Продолжить',
    'carry.asText': 'Коды текстом, чтобы скопировать и вставить на другом телефоне',
    'carry.empty': 'На этом телефоне пока нет событий этого собрания.',
    'carry.back': 'К собранию',
    'carry.receiveTitle': 'Получить события по QR',
    'carry.receiveWhat':
      'Наведите камеру на коды, которые показывает другой телефон, в любом порядке. Ничего не идёт через сеть; каждое событие до добавления проверяется здесь: подпись и соответствие правилам.',
    'carry.none': 'Пока не считано ни одного кода.',
    'carry.progress': 'Считано {{received}} из {{total}} кодов',
    'carry.checking': 'Все коды считаны. Проверяем события…',
    'carry.kept': 'Уже считанные коды сохранены.',
    'carry.error.qr.not-veche': 'Этот код не из серии событий Вече.',
    'carry.error.qr.impossible': 'Этот код повреждён: кода {{index}} из {{total}} быть не может.',
    'carry.error.qr.too-many':
      'В этой серии {{total}} кодов — больше, чем {{max}}, которые читает телефон.',
    'carry.error.qr.damaged':
      'Код {{index}} из {{total}} считан с повреждением. Покажите его снова.',
    'carry.error.qr.other-series':
      'Этот код из другой серии. Сначала закончите эту: по одной серии за раз.',
    'carry.error.qr.mismatch':
      'Коды не складываются в свою серию. Ничего не добавлено; отсканируйте серию заново.',
    'carry.error.bundle.damaged': 'Коды не дают правильного пакета событий. Ничего не добавлено.',
    'carry.error.bundle.too-large':
      'События слишком велики для этого телефона. Ничего не добавлено.',
    'carry.error.bundle.too-many-members':
      'В этих кодах есть событие из более чем {{max}} частей (элементов JSON) — столько не бывает ни в одном настоящем событии, поэтому коды отклонены без чтения. Ничего не добавлено.',
    'carry.added_one': '{{count}} новое событие проверено и добавлено.',
    'carry.added_few': '{{count}} новых события проверены и добавлены.',
    'carry.added_many': '{{count}} новых событий проверены и добавлены.',
    'carry.added_other': '{{count}} нового события проверено и добавлено.',
    'carry.known_one': '{{count}} событие уже было на этом телефоне.',
    'carry.known_few': '{{count}} события уже были на этом телефоне.',
    'carry.known_many': '{{count}} событий уже были на этом телефоне.',
    'carry.known_other': '{{count}} события уже было на этом телефоне.',
    'carry.refused_one':
      '{{count}} событие отклонено (неверная подпись, против правил или ждёт события другого собрания).',
    'carry.refused_few':
      '{{count}} события отклонены (неверная подпись, против правил или ждут события другого собрания).',
    'carry.refused_many':
      '{{count}} событий отклонены (неверная подпись, против правил или ждут события другого собрания).',
    'carry.refused_other':
      '{{count}} события отклонено (неверная подпись, против правил или ждёт события другого собрания).',
    'carry.open': 'Открыть собрание',
    'carry.again': 'Сканировать другую серию',
  },
  kk: {
    'scan.camera': 'Камера көрінісі',
    'scan.start': 'Камераны қосу',
    'scan.stop': 'Камераны өшіру',
    'scan.unavailable': 'Камераны ашу мүмкін болмады. Кодты төменге қойыңыз.',
    'scan.paste': 'Немесе кодты осында қойыңыз (әр жолға бір код)',
    'scan.read': 'Қойылған кодты оқу',
    'scan.invitationTitle': 'Шақыруды сканерлеу',
    'scan.invitationWhat':
      'Камераны шақырудың QR кодына бағыттаңыз. Келесі экран бұл қай жиналыс екенін көрсетеді; сіз келіспейінше ештеңе жіберілмейді.',
    'scan.notInvitation': 'Бұл Вече шақыруы емес. Камера іздеуді жалғастырады.',
    'scan.back': 'Бірінші экранға',
    'carry.showTitle': 'Бұл жиналысты басқа телефонға көшіру',
    'carry.showWhat':
      'Басқа телефон бұл кодтарды камерасымен оқиды: хабсыз, желісіз. Онда Вечені ашып, «Оқиғаларды QR арқылы алу» дегенді таңдаңыз. Кодтар бәрі оқылғанша кез келген ретпен қайталанады.',
    'carry.carries_one': 'Бұл кодтарда {{count}} қол қойылған оқиға бар.',
    'carry.carries_other': 'Бұл кодтарда {{count}} қол қойылған оқиға бар.',
    'carry.codeOf': '{{total}} кодтың {{index}}-і',
    'carry.previous': 'Алдыңғы код',
    'carry.next': 'Келесі код',
    'carry.pause': 'Кідірту',
    'carry.play': 'Жалғастыру',
    'carry.asText': 'Кодтар мәтін түрінде, басқа телефонға көшіріп қою үшін',
    'carry.empty': 'Бұл телефонда әзірге бұл жиналыстың оқиғалары жоқ.',
    'carry.back': 'Жиналысқа оралу',
    'carry.receiveTitle': 'Оқиғаларды QR арқылы алу',
    'carry.receiveWhat':
      'Камераны басқа телефон көрсететін кодтарға кез келген ретпен бағыттаңыз. Желі арқылы ештеңе өтпейді; әр оқиға қосылмас бұрын осында тексеріледі: қолтаңба мен ережелер.',
    'carry.none': 'Әзірге бірде-бір код оқылмады.',
    'carry.progress': '{{total}} кодтың {{received}}-і оқылды',
    'carry.checking': 'Барлық код оқылды. Оқиғалар тексерілуде…',
    'carry.kept': 'Оқылған кодтар сақталды.',
    'carry.error.qr.not-veche': 'Бұл код Вече оқиғалар сериясынан емес.',
    'carry.error.qr.impossible':
      'Бұл код бүлінген: {{total}} кодтың {{index}}-і болуы мүмкін емес.',
    'carry.error.qr.too-many': 'Бұл серияда {{total}} код бар, телефон оқитын {{max}} кодтан көп.',
    'carry.error.qr.damaged':
      '{{total}} кодтың {{index}}-і бүлінген күйде оқылды. Оны қайта көрсетіңіз.',
    'carry.error.qr.other-series':
      'Бұл код басқа серияныкі. Алдымен осы серияны аяқтаңыз: бір уақытта бір серия.',
    'carry.error.qr.mismatch':
      'Кодтар өз сериясына құралмайды. Ештеңе қосылмады; серияны қайта сканерлеңіз.',
    'carry.error.bundle.damaged': 'Кодтардан дұрыс оқиғалар топтамасы шықпайды. Ештеңе қосылмады.',
    'carry.error.bundle.too-large': 'Оқиғалар бұл телефон үшін тым үлкен. Ештеңе қосылмады.',
    'carry.error.bundle.too-many-members':
      'Бұл кодтардағы бір оқиғаның бөліктері (JSON элементтері) {{max}} шегінен асады — нағыз оқиғада мұнша бөлік болмайды, сондықтан кодтар оқылмай қабылданбады. Ештеңе қосылмады.',
    'carry.added_one': '{{count}} жаңа оқиға тексеріліп, қосылды.',
    'carry.added_other': '{{count}} жаңа оқиға тексеріліп, қосылды.',
    'carry.known_one': '{{count}} оқиға бұл телефонда бұрыннан бар еді.',
    'carry.known_other': '{{count}} оқиға бұл телефонда бұрыннан бар еді.',
    'carry.refused_one':
      '{{count}} оқиға қабылданбады (қолтаңбасы жарамсыз, ережеге қайшы немесе басқа жиналыстың оқиғасын күтуде).',
    'carry.refused_other':
      '{{count}} оқиға қабылданбады (қолтаңбасы жарамсыз, ережеге қайшы немесе басқа жиналыстың оқиғасын күтуде).',
    'carry.open': 'Жиналысты ашу',
    'carry.again': 'Басқа серияны сканерлеу',
  },
  ko: {
    'scan.camera': '카메라 화면',
    'scan.start': '카메라 켜기',
    'scan.stop': '카메라 끄기',
    'scan.unavailable': '카메라를 열 수 없습니다. 아래에 코드를 붙여 넣으세요.',
    'scan.paste': '또는 여기에 코드를 붙여 넣으세요(한 줄에 코드 하나)',
    'scan.read': '붙여 넣은 코드 읽기',
    'scan.invitationTitle': '초대 스캔',
    'scan.invitationWhat':
      '카메라를 초대 QR 코드에 비추세요. 다음 화면에서 어떤 총회인지 보여 주며, 동의하기 전에는 아무것도 보내지 않습니다.',
    'scan.notInvitation': '이 코드는 베체 초대가 아닙니다. 카메라가 계속 찾습니다.',
    'scan.back': '첫 화면으로',
    'carry.showTitle': '이 총회를 다른 휴대폰으로 옮기기',
    'carry.showWhat':
      '다른 휴대폰이 카메라로 이 코드들을 읽습니다. 허브도 네트워크도 필요 없습니다. 그 휴대폰에서 베체를 열고 “QR로 이벤트 받기”를 고르세요. 모든 코드를 읽을 때까지 코드가 순서와 상관없이 반복됩니다.',
    'carry.carries_other': '이 코드들에 서명된 이벤트 {{count}}개가 담겨 있습니다.',
    'carry.codeOf': '코드 {{index}}/{{total}}',
    'carry.previous': '이전 코드',
    'carry.next': '다음 코드',
    'carry.pause': '일시 정지',
    'carry.play': '재생',
    'carry.asText': '다른 휴대폰에 복사해 붙여 넣을 수 있는 텍스트 코드',
    'carry.empty': '이 휴대폰에는 아직 이 총회의 이벤트가 없습니다.',
    'carry.back': '총회로 돌아가기',
    'carry.receiveTitle': 'QR로 이벤트 받기',
    'carry.receiveWhat':
      '다른 휴대폰이 보여 주는 코드에 순서와 상관없이 카메라를 비추세요. 네트워크로는 아무것도 오가지 않으며, 모든 이벤트는 추가되기 전에 여기서 서명과 규칙을 확인합니다.',
    'carry.none': '아직 읽은 코드가 없습니다.',
    'carry.progress': '코드 {{total}}개 중 {{received}}개 읽음',
    'carry.checking': '모든 코드를 읽었습니다. 이벤트를 확인하는 중…',
    'carry.kept': '이미 읽은 코드는 그대로 남아 있습니다.',
    'carry.error.qr.not-veche': '이 코드는 베체 이벤트 묶음의 코드가 아닙니다.',
    'carry.error.qr.impossible':
      '이 코드는 손상되었습니다. 코드 {{index}}/{{total}}은 있을 수 없습니다.',
    'carry.error.qr.too-many':
      '이 묶음에는 코드가 {{total}}개로, 휴대폰이 읽는 {{max}}개보다 많습니다.',
    'carry.error.qr.damaged': '코드 {{index}}/{{total}}이 손상된 채 읽혔습니다. 다시 보여 주세요.',
    'carry.error.qr.other-series':
      '이 코드는 다른 묶음의 것입니다. 한 번에 한 묶음씩, 이 묶음을 먼저 끝내세요.',
    'carry.error.qr.mismatch':
      '코드들이 하나의 묶음으로 맞지 않습니다. 아무것도 추가하지 않았습니다. 묶음을 다시 스캔하세요.',
    'carry.error.bundle.damaged':
      '코드들로 올바른 이벤트 묶음을 만들 수 없습니다. 아무것도 추가하지 않았습니다.',
    'carry.error.bundle.too-large':
      '이벤트가 이 휴대폰에 너무 큽니다. 아무것도 추가하지 않았습니다.',
    'carry.error.bundle.too-many-members':
      '이 코드에는 JSON 항목이 {{max}}개를 넘는 이벤트가 있습니다. 실제 이벤트에는 그렇게 많은 항목이 없으므로 읽지 않고 거부했습니다. 아무것도 추가하지 않았습니다.',
    'carry.added_other': '새 이벤트 {{count}}개를 확인하고 추가했습니다.',
    'carry.known_other': '이벤트 {{count}}개는 이미 이 휴대폰에 있었습니다.',
    'carry.refused_other':
      '이벤트 {{count}}개를 거부했습니다(잘못된 서명, 규칙 위반, 또는 다른 총회의 이벤트를 기다리는 중).',
    'carry.open': '총회 열기',
    'carry.again': '다른 묶음 스캔',
  },
}

const added = new WeakSet<i18n>()

/** Adds the screens' strings in every language to `instance`, once. */
export function addCarryScreenStrings(instance: i18n): void {
  if (added.has(instance)) return
  added.add(instance)
  for (const [language, strings] of Object.entries(carryScreenStrings))
    instance.addResourceBundle(language, 'translation', strings, true, false)
}
