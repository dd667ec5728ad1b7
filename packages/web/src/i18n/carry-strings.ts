// The first page's few strings for QR scanning and carrying events phone to phone (the links
// that open those screens), in every language; the screens' own strings load with them
// (carry-screen-strings.ts).
export const carryStrings: Record<'en' | 'ru' | 'kk' | 'ko', Record<string, string>> = {
  en: {
    'carry.scan': 'Scan a QR code',
    'carry.receive': 'Receive events by QR',
    'carry.show': 'Carry to another phone by QR',
  },
  ru: {
    'carry.scan': 'Сканировать QR-код',
    'carry.receive': 'Получить события по QR',
    'carry.show': 'Перенести на другой телефон по QR',
  },
  kk: {
    'carry.scan': 'QR кодты сканерлеу',
    'carry.receive': 'Оқиғаларды QR арқылы алу',
    'carry.show': 'Басқа телефонға QR арқылы көшіру',
  },
  ko: {
    'carry.scan': 'QR 코드 스캔',
    'carry.receive': 'QR로 이벤트 받기',
    'carry.show': 'QR로 다른 휴대폰에 옮기기',
  },
}
