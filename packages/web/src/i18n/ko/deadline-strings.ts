// The strings of poll deadlines (docs/events.md, "Deadlines"), in every language. The remaining
// time itself ("4 min 20 sec") is written by Intl.NumberFormat's units in the interface language.
// This is the Korean part: each language loads only when it is the interface language.
export const deadlineStrings: Record<string, string> = {
  'openPoll.closesAt': '투표 마감 시각 (선택)',
  'openPoll.closesAtHint': '날짜와 시각, 예: {{example}}',
  'openPoll.closesOn': '투표 마감: {{when}}',
  'openPoll.deadlineBad':
    '마감 시각을 날짜와 시각으로 읽을 수 없습니다. 이렇게 적어 주세요: {{example}}',
  'openPoll.deadlinePast': '마감 시각이 이미 지났습니다.',
  'poll.closesIn': '투표 마감까지 {{time}} 남았습니다.',
  'poll.deadlinePassed': '투표가 끝났습니다. 진행자가 마감하기를 기다리고 있습니다.',
  'poll.deadlinePassedSecret': '투표가 끝났습니다. 투표를 연 사람이 봉인하기를 기다리고 있습니다.',
  'openPoll.secretDeadline':
    '비밀 투표는 연 사람만 봉인할 수 있습니다. 마감 시각에 이 기기에서 앱이 열려 있으면 이 기기가 봉인합니다(또는 당신 대신 일하는 허브). 그때까지 투표는 끝났지만 아무것도 집계되지 않습니다.',
}
