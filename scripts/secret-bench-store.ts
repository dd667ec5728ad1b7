// The store the secret-ballot bench measures, shared with the profile script that times its
// verify alone: 2,000 members (VECHE_BENCH_SECRET_MEMBERS), a secret poll whose credentials are
// all issued, and an open poll; then the secret poll sealed, its share revealed and counted.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import {
  castSecretBallot,
  computeEventId,
  finalizeCredentials,
  generateIssuerKey,
  issuerKeyDraft,
  requestCredential,
  secretCountDraft,
  secretSealDraft,
  tellerRevealDraft,
  tellerSetupDraft,
} from '@veche/core'
import type { EventAuthor, SecretDraft, SecretWallet, SignedEvent, SpaceId } from '@veche/core'
import { Ledger, nodeBlindSign, nodeVerifier, openSqliteStore } from '@veche/store'
import { foundBenchAssembly } from './assembly-fixture.js'

/** Members (and so ballots) of the poll; VECHE_BENCH_SECRET_MEMBERS overrides it. */
export const MEMBERS = Number(process.env.VECHE_BENCH_SECRET_MEMBERS ?? 2_000)
const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n))

export interface PreparedPoll {
  readonly space: SpaceId
  readonly poll: string
  readonly founder: EventAuthor
  readonly wallet: SecretWallet
  readonly secret: SignedEvent[]
  readonly open: SignedEvent[]
}

/** A store in `dir` with 2,000 members, a secret poll whose credentials are all issued, and an open poll. */
export async function preparePoll(dir: string): Promise<PreparedPoll> {
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  const { founder, members, space, events } = await foundBenchAssembly('bench-secret', MEMBERS)
  const submit = async (batch: readonly SignedEvent[]): Promise<void> => {
    for (let i = 0; i < batch.length; i += 1_000) {
      const report = await ledger.submit(batch.slice(i, i + 1_000))
      if (report.written !== Math.min(1_000, batch.length - i))
        throw new Error(
          `setup refused: ${JSON.stringify(report.outcomes.find((o) => o.status === 'rejected'))}`,
        )
    }
  }
  await submit(events)
  let t = 100_000
  const sign = (who: EventAuthor, draft: SecretDraft): Promise<SignedEvent> =>
    who.next(space, draft.type, draft.body, t++)
  const opened = await founder.next(
    space,
    'secret.poll-opened',
    {
      question: 'Strike?',
      subject: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: 1,
      scoreRange: null,
      tieBreakSeed: 'bench-secret-0001',
      secret: { issuers: [founder.publicKey], tellers: [founder.publicKey], tellerQuorum: 1 },
    },
    t++,
  )
  await submit([opened])
  const poll = computeEventId(opened)
  const key = await issuerKeyDraft(poll, {}, generateIssuerKey)
  let wallet = key.wallet
  await submit([await sign(founder, key.draft)])
  for (;;) {
    const step = tellerSetupDraft(
      (await ledger.state(space))!,
      poll,
      founder.publicKey,
      wallet,
      random,
    )
    if (step === null) break
    wallet = step.wallet
    await submit([await sign(founder, step.draft)])
  }
  const wallets: SecretWallet[] = []
  const requests: SignedEvent[] = []
  const state = (await ledger.state(space))!
  for (const m of members) {
    const asked = await requestCredential(state, poll, {}, random)
    wallets.push(asked.wallet)
    requests.push(await sign(m, asked.draft))
  }
  await submit(requests)
  const issued: SignedEvent[] = []
  for (const request of requests) {
    const blinded = (request.body as { blinded: Record<string, string> }).blinded[
      founder.publicKey
    ]!
    issued.push(
      await sign(founder, {
        type: 'secret.credential-issued',
        body: {
          poll,
          request: computeEventId(request),
          signature: nodeBlindSign(wallet.issuerPrivateKey!, blinded),
        },
      }),
    )
  }
  await submit(issued)
  const openPoll = await founder.next(
    space,
    'poll.opened',
    {
      question: 'Open?',
      proposal: null,
      method: 'majority',
      options: ['yes', 'no'],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      tieBreakSeed: 'bench-secret-0002',
    },
    t++,
  )
  await submit([openPoll])
  const after = (await ledger.state(space))!
  const secret: SignedEvent[] = []
  const open: SignedEvent[] = []
  for (const [i, m] of members.entries()) {
    const done = await finalizeCredentials(after, poll, m.publicKey, wallets[i]!)
    if (!done.ok || done.value === null) throw new Error('no credential')
    const choice = i % 3 === 0 ? 'no' : 'yes'
    secret.push((await castSecretBallot(after, poll, done.value, { choice }, random)).ballot)
    open.push(
      await m.next(space, 'ballot.cast', { poll: computeEventId(openPoll), vote: { choice } }, t++),
    )
  }
  await store.close()
  return { space, poll, founder, wallet, secret, open }
}

/** Seals the secret poll in `dir`'s store, reveals the one teller's share and counts it. */
export async function sealAndCount(dir: string, poll: PreparedPoll): Promise<void> {
  const store = await openSqliteStore(join(dir, 'veche.db'))
  const ledger = new Ledger(store, nodeVerifier)
  let t = 900_000
  const signAndSubmit = async (draft: SecretDraft): Promise<void> => {
    const report = await ledger.submit([
      await poll.founder.next(poll.space, draft.type, draft.body, t++),
    ])
    if (report.written !== 1) throw new Error(`refused: ${JSON.stringify(report.outcomes)}`)
  }
  const pollId = poll.poll as never
  await signAndSubmit(secretSealDraft((await ledger.state(poll.space))!, pollId))
  const reveal = tellerRevealDraft(
    (await ledger.state(poll.space))!,
    pollId,
    poll.founder.publicKey,
    poll.wallet,
  )
  if (!reveal.ok || reveal.value === null) throw new Error('no share')
  await signAndSubmit(reveal.value)
  const count = secretCountDraft((await ledger.state(poll.space))!, pollId, t)
  if (!count.ok || count.value === null) throw new Error('no count')
  await signAndSubmit(count.value)
  await store.close()
}
