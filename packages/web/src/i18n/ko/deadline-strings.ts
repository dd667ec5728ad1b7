// The strings of poll deadlines (docs/events.md, "Deadlines"), in every language. The remaining
// time itself ("4 min 20 sec") is written by Intl.NumberFormat's units in the interface language.
// This is the Korean part: each language loads only when it is the interface language.
export const deadlineStrings: Record<string, string> = {
  'openPoll.closesAt': '투표 마감 시각 (선택)',
  'openPoll.deadlinePast': '마감 시각이 이미 지났습니다.',
  'poll.closesIn': '투표 마감까지 {{time}} 남았습니다.',
  'poll.deadlinePassed': '투표가 끝났습니다. 진행자가 마감하기를 기다리고 있습니다.',
}
