// @vitest-environment happy-dom
// A poll's countdown: the time left in the interface language's own units (two largest units),
// then, once the deadline has passed, that voting has ended and a facilitator is awaited.
import { expect, test } from 'vitest'
import { renderIn } from './component-harness.js'
import { formatRemaining, PollDeadline } from './poll-deadline.js'

test('countdown: the time left in the two largest units, in each interface language', () => {
  const left = 4 * 60_000 + 20_000
  expect(formatRemaining('en', left)).toMatch(/^4 min 20 sec$/)
  expect(formatRemaining('ko', left)).toBe('4분 20초')
  expect(formatRemaining('ru', left)).toMatch(/^4 мин\.? 20 с(ек)?\.?$/)
  expect(formatRemaining('en', 3 * 86_400_000 + 4 * 3_600_000 + 59_000)).toBe('3 days 4 hr')
  // Part of a second left still counts as one: "0 sec" only at the deadline itself.
  expect(formatRemaining('en', 1)).toBe('1 sec')
  expect(formatRemaining('en', 0)).toBe('0 sec')
})

test('countdown: before the deadline it counts down; after it, voting has ended (in Kazakh too)', async () => {
  const before = await renderIn('en', <PollDeadline closesAt={10_000} now={10_000 - 65_000} />)
  expect(before.textContent).toBe('Voting closes in 1 min 5 sec.')
  const after = await renderIn('en', <PollDeadline closesAt={10_000} now={10_001} />)
  expect(after.textContent).toBe('Voting has ended; waiting for a facilitator to close it.')
  const kk = await renderIn('kk', <PollDeadline closesAt={10_000} now={10_001} />)
  expect(kk.textContent).toContain('Дауыс беру аяқталды')
})

test('countdown: after a secret poll’s deadline it waits for the opener’s seal, in every language', async () => {
  const ended = {
    en: 'Voting has ended; waiting for the opener to seal it.',
    ru: 'Голосование окончено; ждём, когда открывший его запечатает.',
    kk: 'Дауыс беру аяқталды; оны ашқан адамның мөрлеуі күтілуде.',
    ko: '투표가 끝났습니다. 투표를 연 사람이 봉인하기를 기다리고 있습니다.',
  } as const
  for (const [language, text] of Object.entries(ended)) {
    const after = await renderIn(
      language as keyof typeof ended,
      <PollDeadline closesAt={10_000} now={10_001} ended="poll.deadlinePassedSecret" />,
    )
    expect(after.textContent).toBe(text)
  }
})
