// The first page's few strings for QR scanning and carrying events phone to phone (the links
// that open those screens), in every language; the screens' own strings load with them
// (carry-screen-strings.ts).
// This is the Korean part: each language loads only when it is the interface language.
export const carryStrings: Record<string, string> = {
  'carry.scan': 'QR 코드 스캔',
  'carry.receive': 'QR로 이벤트 받기',
  'carry.show': 'QR로 다른 휴대폰에 옮기기',
}
