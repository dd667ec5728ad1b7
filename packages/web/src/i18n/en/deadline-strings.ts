// The strings of poll deadlines (docs/events.md, "Deadlines"), in every language. The remaining
// time itself ("4 min 20 sec") is written by Intl.NumberFormat's units in the interface language.
// This is the English part: each language loads only when it is the interface language.
export const deadlineStrings: Record<string, string> = {
  'openPoll.closesAt': 'Voting closes at (optional)',
  'openPoll.closesAtHint': 'Date and time, for example {{example}}',
  'openPoll.closesOn': 'Voting will close on {{when}}.',
  'openPoll.deadlineBad':
    'The closing time is not a date and time this app can read. Write it like this: {{example}}',
  'openPoll.deadlinePast': 'The closing time has already passed.',
  'poll.closesIn': 'Voting closes in {{time}}.',
  'poll.deadlinePassed': 'Voting has ended; waiting for a facilitator to close it.',
  'poll.deadlinePassedSecret': 'Voting has ended; waiting for the opener to seal it.',
  'openPoll.secretDeadline':
    'Only you can seal a secret vote: at the deadline this device seals it while the app is open here (or a hub that tends as you). Until then voting has ended but nothing is counted.',
}
