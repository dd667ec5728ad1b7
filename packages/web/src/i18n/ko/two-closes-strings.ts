// 두 허브에서 동시에 두 번 마감된 투표의 문구(docs/events.md, "Two closes"), 한국어.
export const twoClosesStrings: Record<string, string> = {
  'poll.closedTwice':
    '이 투표는 두 허브에서 동시에 두 번 마감되었습니다. 모든 허브는 이벤트 ID가 더 작은 마감을 따릅니다(아무도 고를 수 없는 지문입니다). 그 마감은 {{name}}님이 서명했고, 결과는 위와 같습니다.',
  'poll.supersededClose_other':
    '다른 마감은 {{name}}님이 서명했으며 투표지 {{count}}장을 셌습니다(결과: {{result}}). 기록에 남지만 아무것도 바꾸지 않습니다.',
  'poll.sealedTwice':
    '이 비밀 투표는 두 허브에서 동시에 두 번 봉인되었습니다. 모든 허브는 이벤트 ID가 더 작은 봉인을 따릅니다(아무도 고를 수 없는 지문입니다). 그 봉인은 {{name}}님이 서명했고, 결과는 위와 같습니다.',
  'poll.supersededSeal_other':
    '다른 봉인은 {{name}}님이 서명했으며 투표지 {{count}}장을 담았습니다(결과: {{result}}). 기록에 남지만 아무것도 바꾸지 않습니다.',
}
