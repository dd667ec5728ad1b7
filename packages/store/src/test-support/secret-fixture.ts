// A secret poll run for real through a ledger: an assembly, a secret poll with its issuer and
// tellers, members who ask for credentials, are issued them (OpenSSL's raw RSA, as a hub issues),
// cast and recast under one-time keys, the seal, the tellers' shares and the count. Each device's
// wallet is kept in a map, as the CLI keeps files and the app IndexedDB.
import { randomBytes } from 'node:crypto'
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
import type {
  DecisionMethod,
  EventAuthor,
  SecretDraft,
  SecretWallet,
  SignedEvent,
} from '@veche/core'
import type { Ledger } from '../ledger.js'
import { nodeBlindSign } from '../node-blind-rsa.js'
import { RULES, T0, newAuthor, submitAll } from './assembly-fixture.js'

export const random = (n: number): Uint8Array => new Uint8Array(randomBytes(n))

/** Makes the share a dealing draft gives `victim` unopenable (a dishonest dealer's). */
function spoilShare(draft: SecretDraft, victim: EventAuthor): void {
  if (draft.type !== 'secret.teller-dealt') return
  const body = draft.body as { dealing: { shares: Record<string, { box: string }> } }
  const share = body.dealing.shares[victim.publicKey]!
  share.box = `${share.box.startsWith('A') ? 'B' : 'A'}${share.box.slice(1)}`
}

export interface SecretPollOptions {
  readonly members?: number
  readonly tellers?: number
  readonly tellerQuorum?: number
  readonly issuers?: number
  readonly method?: DecisionMethod
  readonly options?: readonly string[]
  readonly seats?: number
  readonly scoreRange?: { min: number; max: number } | null
  /** The last teller deals the first teller a share that does not open (a dishonest dealer). */
  readonly cheat?: boolean
  /** The poll's deadline (`closesAt`), as an offset in ms from the time it is opened. */
  readonly closesIn?: number
  /** The assembly's visibility (default public). */
  readonly visibility?: 'public' | 'private'
  /** The assembly's quorum, as a percentage of its members (default none). */
  readonly quorumPercent?: number
}

/** An assembly on `ledger` with `members` members (the founder first) and a secret poll set up. */
export async function secretPollOnLedger(ledger: Ledger, opts: SecretPollOptions = {}) {
  const count = opts.members ?? 6
  const founder = newAuthor()
  const members = [founder, ...Array.from({ length: count - 1 }, () => newAuthor())]
  const nonce = `secret-${computeEventId.name.length}-${randomBytes(4).toString('hex')}`
  const space = founder.spaceFor(nonce)
  const log: SignedEvent[] = []
  const wallets = new Map<string, SecretWallet>()
  let t = T0
  const submit = async (events: readonly SignedEvent[]) => {
    await submitAll(ledger, events)
    log.push(...events.filter((e) => e.type !== 'secret.ballot'))
  }
  const sign = async (who: EventAuthor, draft: SecretDraft) =>
    who.next(space, draft.type, draft.body, t++)
  const state = async () => (await ledger.state(space))!
  await submit([
    await founder.next(
      space,
      'assembly.created',
      {
        nonce,
        name: 'Secret hall',
        description: '',
        languages: ['en'],
        founderName: 'F',
        rules: {
          ...RULES,
          visibility: opts.visibility ?? RULES.visibility,
          ...(opts.quorumPercent === undefined
            ? {}
            : { quorum: { ballots: 0, percent: opts.quorumPercent } }),
        },
      },
      t++,
    ),
  ])
  for (const [i, m] of members.slice(1).entries())
    await submit([
      await founder.next(space, 'member.admitted', { member: m.publicKey, name: `m${i}` }, t++),
    ])
  const tellers = members.slice(0, opts.tellers ?? 1)
  const issuers = members.slice(0, opts.issuers ?? 1)
  const method = opts.method ?? 'majority'
  const opened = await founder.next(
    space,
    'secret.poll-opened',
    {
      question: 'Strike?',
      subject: null,
      method,
      options: [...(opts.options ?? (method === 'consent' ? [] : ['yes', 'no']))],
      voters: 'members',
      threshold: { num: 1, den: 2 },
      seats: opts.seats ?? 1,
      scoreRange: opts.scoreRange ?? null,
      tieBreakSeed: 'secret-seed-0001',
      secret: {
        issuers: issuers.map((i) => i.publicKey),
        tellers: tellers.map((x) => x.publicKey),
        tellerQuorum: opts.tellerQuorum ?? 1,
      },
      ...(opts.closesIn === undefined ? {} : { closesAt: t + opts.closesIn }),
    },
    t++,
  )
  await submit([opened])
  const poll = computeEventId(opened)
  const walletOf = (who: EventAuthor) => wallets.get(who.publicKey) ?? {}

  /** Issuers publish keys and answer every open request; tellers set up; until nothing moves. */
  const tend = async (): Promise<void> => {
    for (let moved = true; moved;) {
      moved = false
      const now = await state()
      const secret = now.polls.get(poll)!.secret!
      for (const issuer of issuers) {
        if (!secret.issuerKeys.has(issuer.publicKey)) {
          const { draft, wallet } = await issuerKeyDraft(poll, walletOf(issuer), generateIssuerKey)
          wallets.set(issuer.publicKey, wallet)
          await submit([await sign(issuer, draft)])
          moved = true
          continue
        }
        if (secret.phase !== 'open') continue
        for (const [member, request] of secret.requests) {
          if (request.issued.has(issuer.publicKey)) continue
          const asked = log.find((e) => computeEventId(e) === request.id)!
          const blinded = (asked.body as { blinded: Record<string, string> }).blinded[
            issuer.publicKey
          ]!
          const signature = nodeBlindSign(walletOf(issuer).issuerPrivateKey!, blinded)
          await submit([
            await sign(issuer, {
              type: 'secret.credential-issued',
              body: { poll, request: request.id, signature },
            }),
          ])
          void member
          moved = true
        }
      }
      for (const teller of tellers) {
        const step = tellerSetupDraft(
          await state(),
          poll,
          teller.publicKey,
          walletOf(teller),
          random,
        )
        if (step !== null) {
          wallets.set(teller.publicKey, step.wallet)
          if (opts.cheat === true && teller === tellers.at(-1)) spoilShare(step.draft, tellers[0]!)
          await submit([await sign(teller, step.draft)])
          moved = true
        }
      }
    }
  }

  /** `who`'s signed credential request at `at` (default: the next time), kept in its wallet. */
  const askCredential = async (who: EventAuthor, at = t++): Promise<SignedEvent> => {
    const asked = await requestCredential(await state(), poll, walletOf(who), random)
    wallets.set(who.publicKey, asked.wallet)
    return who.next(space, asked.draft.type, asked.draft.body, at)
  }

  /** `who` asks for a credential (if it has none), gets it, and casts `vote`: the ballot. */
  const vote = async (who: EventAuthor, choice: unknown): Promise<SignedEvent> => {
    let wallet = walletOf(who)
    if (wallet.pseudonym === undefined) {
      await submit([await askCredential(who)])
      await tend()
      wallet = walletOf(who)
    }
    const finalized = await finalizeCredentials(await state(), poll, who.publicKey, wallet)
    if (!finalized.ok || finalized.value === null) throw new Error('no credential')
    const cast = await castSecretBallot(await state(), poll, finalized.value, choice, random)
    wallets.set(who.publicKey, cast.wallet)
    return cast.ballot
  }

  /** Seals, lets `revealing` tellers reveal, and counts. */
  const sealAndCount = async (revealing = tellers.slice(0, opts.tellerQuorum ?? 1)) => {
    await submit([await sign(founder, secretSealDraft(await state(), poll))])
    for (const teller of revealing) {
      const reveal = tellerRevealDraft(await state(), poll, teller.publicKey, walletOf(teller))
      if (!reveal.ok) throw new Error(reveal.message)
      if (reveal.value !== null) await submit([await sign(teller, reveal.value)])
    }
    const count = secretCountDraft(await state(), poll, t)
    if (!count.ok) throw new Error(count.message)
    if (count.value === null) throw new Error('too few shares')
    await submit([await sign(founder, count.value)])
  }

  await tend()
  return {
    space: space,
    poll: poll,
    founder,
    members,
    tellers,
    issuers,
    log,
    wallets,
    state,
    submit,
    sign,
    tend,
    askCredential,
    vote,
    sealAndCount,
    at: () => t++,
  }
}
