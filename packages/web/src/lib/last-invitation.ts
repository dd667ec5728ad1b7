// The invitation link this device made last for each assembly, so the projector can show it.
// Kept on this device only (localStorage, or sealed under the passphrase lock: local-text.ts).
import { texts } from './local-text.js'

export function rememberInvitationLink(space: string, link: string): void {
  texts.setItem(`veche.invitation.${space}`, link)
}

export function lastInvitationLink(space: string): string | null {
  return texts.getItem(`veche.invitation.${space}`)
}
