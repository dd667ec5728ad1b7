// The strings of conversations an assembly's screen and the outbox show (docs/opinions.md), in
// every language; the conversation screen's own strings load with it (conversation-screen-strings.ts).
// This is the Korean part: each language loads only when it is the interface language.
export const conversationStrings: Record<string, string> = {
  'eventType.conversation.opened': '대화 열기',
  'eventType.conversation.statement-submitted': '대화의 의견',
  'eventType.conversation.statement-accepted': '의견 승인',
  'eventType.conversation.statement-rejected': '의견 거절',
  'eventType.conversation.voted': '의견에 대한 투표',
  'eventType.conversation.closed': '대화 닫기',
  'eventType.conversation.closed.2': '대화 닫기',
  'conversations.title': '대화',
  'conversations.none': '아직 대화가 없습니다.',
  'conversations.open': '대화 열기',
  'conversations.question': '대화의 질문',
  'conversations.start': '대화를 엽니다',
  'conversations.statements_other': '의견 {{count}}개',
  'conversation.closed': '닫힘',
}
