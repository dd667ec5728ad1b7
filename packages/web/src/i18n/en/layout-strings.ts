// The strings of the assembly's sections (docs/web.md, "Layout"): the section bar's labels, short
// enough for six of them across a 390 px phone, and what an empty section says. This is the
// English part: each language loads only when it is the interface language.
export const layoutStrings: Record<string, string> = {
  'section.nav': 'Parts of the assembly',
  'section.now': 'Now',
  'section.decisions': 'Decisions',
  'section.proposals': 'Proposals',
  'section.statements': 'Statements',
  'section.members': 'Members',
  'section.councils': 'Councils',
  'now.quiet': 'No vote is open and no meeting is under way.',
  'decisions.none': 'No decisions yet: a vote shows here once it is closed and counted.',
  'catchUp.progress': "Checking the assembly's record: {{checked}} of {{total}} events",
  'catchUp.started': "Checking the assembly's record: {{checked}} events so far",
  'assembly.membersSoFar_one': '{{count}} member so far',
  'assembly.membersSoFar_other': '{{count}} members so far',
  'verify.waiting': 'The state hash is shown once the whole record is checked.',
  'insecure.title': 'Open Veche at a secure address',
  'insecure.explain':
    'This page is open at {{origin}}, an address without HTTPS. Browsers let a page make and keep keys only at a secure address, so Veche cannot make your key here.',
  'insecure.local': 'On the computer that runs the hub, open',
  'insecure.phones':
    'On a phone, open the same address with https:// (a hub started by veche serve answers there; the phone warns that the hub made its certificate itself: check that its fingerprint is the one the hub printed, then proceed):',
  'offline.hint':
    'To use Veche offline and install it on the home screen, this device must first trust the hub:',
  'offline.link': "install the hub's authority",
}
