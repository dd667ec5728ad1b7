// The strings of conversations an assembly's screen and the outbox show (docs/opinions.md), in
// every language; the conversation screen's own strings load with it (conversation-screen-strings.ts).
// This is the Kazakh part: each language loads only when it is the interface language.
export const conversationStrings: Record<string, string> = {
  'eventType.conversation.opened': 'Талқылау ашу',
  'eventType.conversation.statement-submitted': 'Талқылаудағы тұжырым',
  'eventType.conversation.statement-accepted': 'Тұжырымды қабылдау',
  'eventType.conversation.statement-rejected': 'Тұжырымды қабылдамау',
  'eventType.conversation.voted': 'Тұжырым бойынша дауыс',
  'eventType.conversation.closed': 'Талқылауды жабу',
  'eventType.conversation.closed.2': 'Талқылауды жабу',
  'conversations.title': 'Талқылаулар',
  'conversations.none': 'Әзірге талқылау жоқ.',
  'conversations.open': 'Талқылау ашу',
  'conversations.question': 'Талқылау сұрағы',
  'conversations.start': 'Талқылауды ашу',
  'conversations.statements_one': '{{count}} тұжырым',
  'conversations.statements_other': '{{count}} тұжырым',
  'conversation.closed': 'Жабық',
}
