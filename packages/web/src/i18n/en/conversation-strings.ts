// The strings of conversations an assembly's screen and the outbox show (docs/opinions.md), in
// every language; the conversation screen's own strings load with it (conversation-screen-strings.ts).
// This is the English part: each language loads only when it is the interface language.
export const conversationStrings: Record<string, string> = {
  'eventType.conversation.opened': 'Opening a conversation',
  'eventType.conversation.statement-submitted': 'Statement in a conversation',
  'eventType.conversation.statement-accepted': 'Accepting a statement',
  'eventType.conversation.statement-rejected': 'Rejecting a statement',
  'eventType.conversation.voted': 'Vote on a statement',
  'eventType.conversation.closed': 'Closing a conversation',
  'eventType.conversation.closed.2': 'Closing a conversation',
  'conversations.title': 'Conversations',
  'conversations.none': 'No conversations yet.',
  'conversations.open': 'Open a conversation',
  'conversations.question': 'What the conversation is about',
  'conversations.start': 'Open the conversation',
  'conversations.statements_one': '{{count}} statement',
  'conversations.statements_other': '{{count}} statements',
  'conversation.closed': 'Closed',
}
