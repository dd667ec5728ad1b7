// The first page's few strings for QR scanning and carrying events phone to phone (the links
// that open those screens), in every language; the screens' own strings load with them
// (carry-screen-strings.ts).
// This is the English part: each language loads only when it is the interface language.
export const carryStrings: Record<string, string> = {
  'carry.scan': 'Scan a QR code',
  'carry.receive': 'Receive events by QR',
  'carry.show': 'Carry to another phone by QR',
}
