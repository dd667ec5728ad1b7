// The strings of a poll closed twice at once on two hubs (docs/events.md, "Two closes"), shown
// under its result. This is the English part: each language loads only when it is the interface
// language.
export const twoClosesStrings: Record<string, string> = {
  'poll.closedTwice':
    'This vote was closed twice at once, on two hubs. Every hub counts the close with the lower event id (a fingerprint no one can choose): the one signed by {{name}}, whose result is above.',
  'poll.supersededClose_one':
    'The other close, signed by {{name}}, counted {{count}} ballot: {{result}}. It stays in the log and changes nothing.',
  'poll.supersededClose_other':
    'The other close, signed by {{name}}, counted {{count}} ballots: {{result}}. It stays in the log and changes nothing.',
  'poll.sealedTwice':
    'This secret vote was sealed twice at once, on two hubs. Every hub counts the seal with the lower event id (a fingerprint no one can choose): the one signed by {{name}}, whose result is above.',
  'poll.supersededSeal_one':
    'The other seal, signed by {{name}}, held {{count}} ballot: {{result}}. It stays in the log and changes nothing.',
  'poll.supersededSeal_other':
    'The other seal, signed by {{name}}, held {{count}} ballots: {{result}}. It stays in the log and changes nothing.',
}
