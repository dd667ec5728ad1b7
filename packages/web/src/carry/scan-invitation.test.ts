// What a scanned invitation QR code may hold: the facilitator's link (its code as typed or
// percent-encoded, on any hub's address) or the bare code; anything else is not an invitation.
import { expect, test } from 'vitest'
import { invitationCodeOf } from './scan-invitation-screen.js'

const code = `veche-invite:${'A'.repeat(22)}.${'B'.repeat(43)}.${'C'.repeat(43)}`

test('scan: a link, a percent-encoded link or a bare code gives the invitation code', () => {
  expect(invitationCodeOf(`http://127.0.0.1:8080/#/join/${code}`)).toBe(code)
  expect(invitationCodeOf(`https://hub.example/#/join/${encodeURIComponent(code)}`)).toBe(code)
  expect(invitationCodeOf(` ${code}\n`)).toBe(code)
})

test('scan: a code that is no invitation is named as such', () => {
  expect(invitationCodeOf('https://example.org/')).toBeNull()
  expect(invitationCodeOf('veche-qr/1 AAAAAAAAAAAAAAAA 1/1 AAAAAAAA ')).toBeNull()
  expect(invitationCodeOf('https://hub.example/#/join/%E0%A4%A')).toBeNull()
})
