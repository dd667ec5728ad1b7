// The strings of secret polls (docs/secret-ballot.md, "What a member sees"), in every language.
// `secret.explain` is the design's own wording: shown on every secret poll before anyone votes.
// This is the English part: each language loads only when it is the interface language.
export const secretStrings: Record<string, string> = {
  'secret.badge': 'Secret vote',
  'secret.explain':
    'Secret vote. Everyone can see who asked to take part. Nobody — not the hub, not the facilitators — can see how anyone voted. The choices are counted only after the vote is sealed.',
  'secret.setup':
    "Getting the secret vote ready: the facilitators' devices are publishing their keys.",
  'secret.register_one': '{{count}} member asked to take part',
  'secret.register_other': '{{count}} members asked to take part',
  'secret.held_one': '{{count}} ballot is in. What ballots say stays sealed until the count.',
  'secret.held_other': '{{count}} ballots are in. What ballots say stays sealed until the count.',
  'secret.asking': 'Getting your voting credential…',
  'secret.ready': 'You may vote. Your ballot is sent without your name.',
  'secret.waitingCredential':
    'Your vote is kept on this phone and is cast as soon as your voting credential arrives.',
  'secret.sending': 'Sending your secret ballot…',
  'secret.refused': 'The hub refused your ballot ({{code}}).',
  'secret.mineIn': 'Your secret ballot is in. You may change it until the vote is sealed.',
  'secret.seal': 'Seal the vote',
  'secret.sealed_one': 'Sealed with {{count}} ballot.',
  'secret.sealed_other': 'Sealed with {{count}} ballots.',
  'secret.shares': "Tellers' shares in: {{have}} of {{quorum}} needed.",
  'secret.mineSealed': 'Your ballot was sealed.',
  'secret.count': 'Count the ballots',
  'secret.spoiled_one': '{{count}} ballot did not open to a valid vote and was not counted.',
  'secret.spoiled_other': '{{count}} ballots did not open to a valid vote and were not counted.',
  'secret.mineCounted': 'Your ballot was sealed and counted.',
  'secret.mineSpoiled':
    'Your ballot was sealed but did not open to a valid vote: it was not counted.',
  'secret.unreachable': 'The hub cannot be reached: seal the vote when it is back.',
  'openPoll.secret': 'Secret vote',
  'openPoll.secretExplain':
    'This device gives out the voting credentials and holds the key that opens the ballots: keep the app open here until the vote is counted.',
  'eventType.secret.poll-opened': 'Opening a secret vote',
  'eventType.secret.issuer-key': 'Publishing a credential key',
  'eventType.secret.teller-key': "Publishing a teller's key",
  'eventType.secret.teller-dealt': "Dealing the tellers' key",
  'eventType.secret.teller-checked': "Checking the tellers' shares",
  'eventType.secret.credential-requested': 'Asking for a voting credential',
  'eventType.secret.credential-issued': 'Giving a voting credential',
  'eventType.secret.poll-sealed': 'Sealing a secret vote',
  'eventType.secret.teller-revealed': "Revealing a teller's share",
  'eventType.secret.poll-counted': 'Counting a secret vote',
}
