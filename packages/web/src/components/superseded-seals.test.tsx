// @vitest-environment happy-dom
// A secret poll sealed twice at once on two hubs (docs/events.md, "Two seals of a secret poll"):
// under its result the card says it was sealed twice, whose seal counts, and what the other seal
// held and what its own count said, in every interface language.
import { createSpaceState } from '@veche/core'
import type { EventId, PollClose, PollRecord, PublicKey, SpaceId } from '@veche/core'
import { expect, test } from 'vitest'
import { renderIn } from './component-harness.js'
import { SupersededCloses } from './superseded-closes.js'

const F1 = 'F1'.padEnd(43, 'a') as PublicKey
const F2 = 'F2'.padEnd(43, 'b') as PublicKey

function sealedTwice() {
  const state = createSpaceState('hall' as SpaceId)
  for (const [key, name] of [
    [F1, 'Aigerim'],
    [F2, 'Bolat'],
  ] as const)
    state.members.set(key, { name } as never)
  const seal = (id: string, by: PublicKey, sealed: number, winner: string): PollClose => ({
    id: id as EventId,
    by,
    seen: {},
    sealed: Array.from({ length: sealed }, (_, i) => `${id}-${i}` as EventId),
    result: { method: 'majority', outcome: 'adopted', winner },
  })
  const poll = {
    close: seal('seal-1', F1, 3, 'yes'),
    superseded: [seal('seal-2', F2, 2, 'no')],
  } as Partial<PollRecord> as PollRecord
  return { state, poll }
}

test('a secret poll sealed twice says so under its result, naming both sealers, in every language', async () => {
  const { state, poll } = sealedTwice()
  const texts = {
    en: ['sealed twice', 'Aigerim', 'The other seal, signed by Bolat, held 2 ballots', 'no'],
    ru: ['запечатали дважды', 'Aigerim', 'Другую печать поставил(а) Bolat; в ней 2 бюллетеня'],
    kk: ['екі рет мөрленді', 'Aigerim', 'Басқа мөрге Bolat қол қойды: онда 2 бюллетень бар'],
    ko: [
      '두 번 봉인되었습니다',
      'Aigerim',
      '다른 봉인은 Bolat님이 서명했으며 투표지 2장을 담았습니다',
    ],
  } as const
  for (const [language, parts] of Object.entries(texts)) {
    const shown = await renderIn(
      language as keyof typeof texts,
      <SupersededCloses state={state} poll={poll} kind="seal" />,
    )
    for (const part of parts) expect(shown.textContent).toContain(part)
    expect(shown.textContent).not.toMatch(/closed twice|закрыли|жабылды|마감/)
  }
})
