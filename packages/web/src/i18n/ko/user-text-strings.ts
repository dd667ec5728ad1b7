// The strings that go with names and texts members wrote: the mark on a name that looks like
// another member's (packages/core/src/name-skeleton.ts), in every language.
// This is the Korean part: each language loads only when it is the interface language.
export const userTextStrings: Record<string, string> = {
  'lookAlike.badge': '다른 구성원의 이름과 비슷함',
  'lookAlike.key': '키 {{key}}',
  'lookAlike.explain':
    '이 이름은 {{others}}의 이름과 비슷합니다. 작업하기 전에 키로 두 사람을 구별하세요.',
  'lookAlike.admit':
    '이 이름은 이미 있는 구성원({{others}})의 이름과 비슷합니다. 받아들이기 전에 키를 확인하세요.',
}
