// The invitation link this device made last for each assembly, so the projector can show it.
// Kept in localStorage: the secret is already on this device, and stays on it.

export function rememberInvitationLink(space: string, link: string): void {
  localStorage.setItem(`veche.invitation.${space}`, link)
}

export function lastInvitationLink(space: string): string | null {
  return localStorage.getItem(`veche.invitation.${space}`)
}
