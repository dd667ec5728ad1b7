// A secret poll counted on one hub while a member leaves on another (adversarial review
// 2026-12-07): the count states the counter's membership view (`secret.poll-counted` `members`),
// and its quorum counts the members within it, so both hubs take both events, in either order,
// and end at one state hash; the counter's later event is taken on both. Before, the hub that
// took the leave first counted one member fewer and refused the count (`poll.result-mismatch`).
import { expect, test } from 'vitest'
import { hashSpaceState, secretCountDraft, secretSealDraft } from '@veche/core'
import { hubPair, pull } from './test-support/hub-pair.js'
import { secretPollOnLedger } from './test-support/secret-fixture.js'
import { revealOf } from './test-support/two-sealers.js'

const { newHub } = hubPair('secret-count-members')

test('a secret count on hub A while a member leaves on hub B: one state on both, the counter goes on', async () => {
  const [a, b] = [await newHub('a'), await newHub('b')]
  // Six members and a 60 % quorum: 4 ballots of 6 are needed, 3 of 5 once one has left.
  const p = await secretPollOnLedger(a, { members: 6, quorumPercent: 60 })
  const [founder, m1, m2, , , m5] = p.members
  const ballots = [
    await p.vote(founder!, { choice: 'yes' }),
    await p.vote(m1!, { choice: 'yes' }),
    await p.vote(m2!, { choice: 'no' }),
  ]
  // Secret ballots are not replicated with the log here: both hubs take them directly.
  await pull(a, b, p.space)
  await a.submit(ballots)
  await b.submit(ballots)
  await p.submit([await p.sign(founder!, secretSealDraft(await p.state(), p.poll))])
  await p.submit([await revealOf({ ...p, f1: founder!, f2: m1! }, await p.state(), founder!)])
  await pull(a, b, p.space)
  const count = secretCountDraft(await p.state(), p.poll, p.at())
  if (!count.ok || count.value === null) throw new Error('no count')
  expect(count.value.body.result).toMatchObject({ quorum: { required: 4, met: false } })
  const counted = await p.sign(founder!, count.value)
  const later = await founder!.next(
    p.space,
    'proposal.submitted',
    { title: 'Next', text: 'x' },
    p.at(),
  )
  expect((await a.submit([counted, later])).outcomes.map((o) => o.status)).toEqual([
    'accepted',
    'accepted',
  ])
  const left = await m5!.next(p.space, 'member.left', {}, p.at())
  expect((await b.submit([left])).outcomes[0]).toMatchObject({ status: 'accepted' })
  await pull(a, b, p.space)
  await pull(b, a, p.space)
  const [sa, sb] = [(await a.state(p.space))!, (await b.state(p.space))!]
  expect(hashSpaceState(sb)).toBe(hashSpaceState(sa))
  for (const state of [sa, sb]) {
    expect(state.polls.get(p.poll)!.status).toBe('closed')
    expect(state.proposals.size).toBe(1)
    expect(state.activeMembers).toBe(5)
  }
})
