// The strings of conversations an assembly's screen and the outbox show (docs/opinions.md), in
// every language; the conversation screen's own strings load with it (conversation-screen-strings.ts).
// This is the Russian part: each language loads only when it is the interface language.
export const conversationStrings: Record<string, string> = {
  'eventType.conversation.opened': 'Открытие обсуждения',
  'eventType.conversation.statement-submitted': 'Утверждение в обсуждении',
  'eventType.conversation.statement-accepted': 'Принятие утверждения',
  'eventType.conversation.statement-rejected': 'Отклонение утверждения',
  'eventType.conversation.voted': 'Голос по утверждению',
  'eventType.conversation.closed': 'Закрытие обсуждения',
  'eventType.conversation.closed.2': 'Закрытие обсуждения',
  'conversations.title': 'Обсуждения',
  'conversations.none': 'Обсуждений пока нет.',
  'conversations.open': 'Открыть обсуждение',
  'conversations.question': 'Вопрос обсуждения',
  'conversations.start': 'Открыть обсуждение',
  'conversations.statements_one': '{{count}} утверждение',
  'conversations.statements_few': '{{count}} утверждения',
  'conversations.statements_many': '{{count}} утверждений',
  'conversations.statements_other': '{{count}} утверждения',
  'conversation.closed': 'Закрыто',
}
