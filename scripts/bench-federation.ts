// Federation: a council of 5,000 member spaces with 1,000,000 members in all ratifies a referred
// motion. Timed: the council adding it up as its fold does: 5,000 `council.notice` events of the
// spaces' `referral.answered` applied one by one (each looked up, checked and recorded), then the
// result computed and the `referral.closed` that states it checked by recomputing it. Signing the
// events and admitting the spaces is set-up, not timed. Goal: at most 2 s. Floor: one plain pass
// summing the same 5,000 answers' numbers from the same objects, in the same run.
import {
  applyEvent,
  computeEventId,
  computeReferralResult,
  createSpaceState,
  EventAuthor,
} from '@veche/core'
import type { EventId, SignedEvent, SpaceId, SpaceState } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import { emitBench, peakMemoryMiB } from './bench-line.js'

const SPACES = 5_000
const MEMBERS_PER_SPACE = 200 // 1,000,000 in all
const ROUNDS = 5

function must(rejection: ReturnType<typeof applyEvent>): void {
  if (rejection !== null) throw new Error(`${rejection.code}: ${rejection.message}`)
}

interface Setup {
  readonly convenor: EventAuthor
  readonly base: () => { state: SpaceState; referral: EventId }
  readonly answers: readonly SignedEvent[]
  readonly notices: readonly SignedEvent[]
}

/** Signs everything once: the council's founding, the admissions, the answers and the notices. */
async function prepare(): Promise<Setup> {
  const convenor = new EventAuthor(nodeSigner(generateKeyPair()))
  const spaces = new EventAuthor(nodeSigner(generateKeyPair()))
  const notary = new EventAuthor(nodeSigner(generateKeyPair()))
  const council = convenor.spaceFor('bench-council-1')
  let at = 0
  const head: SignedEvent[] = [
    await convenor.next(
      council,
      'council.created',
      {
        nonce: 'bench-council-1',
        name: 'City',
        description: '',
        languages: ['en'],
        founderName: 'Convenor',
        rules: {
          seats: { kind: 'fixed', perSpace: 1 },
          quorum: { ballots: 0, percent: 0 },
          defaultMethod: 'majority',
        },
      },
      at++,
    ),
  ]
  const foreign = new Map<EventId, SignedEvent>()
  const members: SpaceId[] = []
  for (let i = 0; i < SPACES; i++) {
    const space = spaces.spaceFor(`bench-space-${String(i).padStart(6, '0')}`)
    members.push(space)
    const decision = await spaces.next(
      space,
      'council.join-decided',
      { council, poll: computeEventId(head[0]!) },
      at++,
    )
    foreign.set(computeEventId(decision), decision)
    head.push(
      await convenor.next(
        council,
        'council.space-admitted',
        { space, decision: computeEventId(decision) },
        at++,
      ),
    )
  }
  const motion = await convenor.next(
    council,
    'proposal.submitted',
    { title: 'Rent cap', text: 'Cap rents.' },
    at++,
  )
  const opened = await convenor.next(
    council,
    'referral.opened',
    { motion: computeEventId(motion), rule: 'both' },
    at++,
  )
  head.push(motion, opened)
  const referral = computeEventId(opened)
  const answers: SignedEvent[] = []
  const notices: SignedEvent[] = []
  for (const [i, space] of members.entries()) {
    const abstain = i % 7
    const yes = (i * 7919) % (MEMBERS_PER_SPACE - abstain + 1)
    const answer = await spaces.next(
      space,
      'referral.answered',
      {
        council,
        referral,
        poll: referral,
        for: yes,
        against: MEMBERS_PER_SPACE - abstain - yes,
        abstain,
      },
      at++,
    )
    answers.push(answer)
    foreign.set(computeEventId(answer), answer)
    notices.push(
      await notary.next(council, 'council.notice', { reference: computeEventId(answer) }, at++),
    )
  }
  const context = { foreign }
  const base = (): { state: SpaceState; referral: EventId } => {
    const state = createSpaceState(council)
    for (const event of head) must(applyEvent(state, event, computeEventId(event), context))
    return { state, referral }
  }
  return { convenor, base, answers, notices }
}

async function main(): Promise<void> {
  const { convenor, base, answers, notices } = await prepare()
  const foreign = new Map(answers.map((a) => [computeEventId(a), a]))
  const noticeIds = notices.map((n) => computeEventId(n))
  let best = Infinity
  let result: ReturnType<typeof computeReferralResult> | null = null
  for (let round = 0; round < ROUNDS; round++) {
    const { state, referral } = base()
    // The close is signed before the clock starts (signing is the convenor's, not the adding up).
    const record = () => state.council!.referrals.get(referral)!
    const start = process.hrtime.bigint()
    for (const [i, notice] of notices.entries()) {
      must(applyEvent(state, notice, noticeIds[i]!, { foreign }))
    }
    result = computeReferralResult(state.council!, record())
    const middle = process.hrtime.bigint()
    convenor.follow(state.space, state.heads.get(convenor.publicKey) ?? null)
    const close = await convenor.next(state.space, 'referral.closed', { referral, result }, 1e12)
    const resumed = process.hrtime.bigint()
    must(applyEvent(state, close, computeEventId(close)))
    const end = process.hrtime.bigint()
    best = Math.min(best, Number(middle - start + (end - resumed)) / 1e9)
  }
  // Floor: one plain pass over the same answers, summing their numbers.
  let floor = Infinity
  let sum = 0
  for (let round = 0; round < ROUNDS; round++) {
    const start = process.hrtime.bigint()
    let yes = 0
    let no = 0
    let abstain = 0
    for (const a of answers) {
      const body = a.body as { for: number; against: number; abstain: number }
      yes += body.for
      no += body.against
      abstain += body.abstain
    }
    sum = yes + no + abstain
    floor = Math.min(floor, Number(process.hrtime.bigint() - start) / 1e9)
  }
  const totals = result!.totals
  if (sum !== totals.for + totals.against + totals.abstain || sum !== SPACES * MEMBERS_PER_SPACE)
    throw new Error(`the sums disagree: ${sum} and ${JSON.stringify(totals)}`)
  emitBench({
    bench: 'federation.ratify-5000-spaces-1m-members',
    value: Number(best.toFixed(4)),
    unit: 's',
    ratio: Number((best / floor).toFixed(1)),
    goal: 2,
    floorSeconds: Number(floor.toFixed(6)),
    spaces: SPACES,
    members: sum,
    outcome: result!.outcome,
    peakMiB: peakMemoryMiB(),
  })
}

await main()
