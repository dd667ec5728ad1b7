// The assembly the benchmarks start from: a founder, `memberCount` members with fresh keys, and
// the signed events that create the space and admit them. (Not a bench itself: bench.ts runs only
// files named bench-*.)
import { computeEventId, EventAuthor } from '@veche/core'
import type { EventId, SignedEvent, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'

export interface BenchAssembly {
  readonly founder: EventAuthor
  readonly members: readonly EventAuthor[]
  readonly space: SpaceId
  /** The creation, then one admission per member; callers may append to it. */
  readonly events: SignedEvent[]
}

/** Founds an assembly with `nonce` and admits `memberCount` members, all signed. */
export async function foundBenchAssembly(
  nonce: string,
  memberCount: number,
): Promise<BenchAssembly> {
  const founder = new EventAuthor(nodeSigner(generateKeyPair()))
  const members = Array.from(
    { length: memberCount },
    () => new EventAuthor(nodeSigner(generateKeyPair())),
  )
  const space = founder.spaceFor(nonce)
  const events: SignedEvent[] = [
    await founder.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Bench',
        description: '',
        languages: ['en'],
        founderName: 'F',
        rules: {
          proposeRight: 'member',
          inviteRight: 'facilitator',
          quorum: { ballots: 0, percent: 0 },
          defaultMethod: 'majority',
          visibility: 'public',
        },
      },
      0,
    ),
  ]
  for (const [i, m] of members.entries()) {
    events.push(
      await founder.next(space, 'member.admitted', { member: m.publicKey, name: `m${i}` }, i),
    )
  }
  return { founder, members, space, events }
}

/**
 * The bench assembly filled to `total` events: majority polls opened by the founder, each followed
 * by a ballot from every member in turn (a third vote no), until the log holds `total` events.
 */
export async function benchBallotLog(
  nonce: string,
  memberCount: number,
  total: number,
): Promise<BenchAssembly> {
  const assembly = await foundBenchAssembly(nonce, memberCount)
  const { founder, members, space, events } = assembly
  for (let p = 0; events.length < total; p++) {
    const open = await founder.next(
      space,
      'poll.opened',
      {
        question: `Question ${p}`,
        proposal: null,
        method: 'majority',
        options: ['yes', 'no'],
        voters: 'members',
        threshold: { num: 1, den: 2 },
        tieBreakSeed: 'bench-seed-0001',
      },
      p,
    )
    events.push(open)
    const poll: EventId = computeEventId(open)
    for (const [i, m] of members.entries()) {
      if (events.length >= total) break
      events.push(
        await m.next(
          space,
          'ballot.cast',
          { poll, vote: { choice: i % 3 === 0 ? 'no' : 'yes' } },
          p,
        ),
      )
    }
  }
  return assembly
}
