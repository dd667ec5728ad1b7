// This device's steps in a secret poll (docs/secret-ballot.md), over core's secret-client: as a
// member, ask for a credential when the poll is first seen, finalize it, cast and recast under the
// one-time key (sent on its own by ballot-sender.ts); as an issuer or teller, publish keys and
// dealings, answer requests and reveal after the seal, with no one pressing a button; as a
// facilitator, seal and count. The wallet is saved before the event it prepares is signed, and
// deleted after the count. Each step runs at most once at a time per poll (`serially`).
import {
  blindSignCredential,
  castSecretBallot,
  checkBlindedMessage,
  closeClaimedAt,
  finalizeCredentials,
  generateIssuerKey,
  isActiveMember,
  issuerKeyDraft,
  myBallotStatus,
  requestCredential,
  secretCountDraft,
  secretSealDraft,
  tellerRevealDraft,
  tellerSetupDraft,
  unansweredRequests,
  votingEnded,
} from '@veche/core'
import type {
  EventId,
  PollRecord,
  RejectionCode,
  SecretDraft,
  SecretWallet,
  SpaceState,
} from '@veche/core'
import type { AssemblyActions } from '../lib/assembly-actions.js'
import { fetchHeldBallots } from '../lib/held-ballots.js'
import type { KeyValueStore } from '../lib/key-value-store.js'
import type { Outbox } from '../lib/outbox.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { ballotSender } from './ballot-sender.js'
import { forgetWallet, loadWallet, saveWallet } from './secret-wallet.js'

export interface SecretServices {
  readonly actions: AssemblyActions
  readonly outbox: Outbox
  readonly store: KeyValueStore
}

const random = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length))

const running = new Map<string, Promise<unknown>>()

/**
 * Runs `step` after any other step for the same key, so two never race on one wallet: in this
 * tab by a promise chain, and across the device's tabs (which share the wallet) by a Web Lock.
 */
function serially<T>(key: string, step: () => Promise<T>): Promise<T> {
  const locked = (): Promise<T> =>
    typeof navigator !== 'undefined' && 'locks' in navigator
      ? (navigator.locks.request(`veche.secret.${key}`, step) as Promise<T>)
      : step()
  const run = (running.get(key) ?? Promise.resolve()).then(locked, locked)
  running.set(
    key,
    run.catch(() => undefined),
  )
  return run
}

/** Steps already signed in this visit (the replica may not have folded them yet). */
const signed = new Set<string>()

/**
 * Signs `draft` unless it was signed in this visit or waits in the outbox (pending or refused):
 * the replica folds an accepted event a moment after the outbox lets it go.
 */
async function signOnce(
  services: SecretServices,
  state: SpaceState,
  key: string,
  draft: SecretDraft,
  matches: (body: Record<string, unknown>) => boolean = () => true,
): Promise<boolean> {
  const { actions, outbox } = services
  const full = `${state.space}:${key}`
  if (signed.has(full)) return false
  const body = draft.body as Record<string, unknown>
  const queued = outbox.entries.some(
    (e) =>
      e.event.space === state.space &&
      e.event.author === actions.me &&
      e.event.type === draft.type &&
      (e.event.body as Record<string, unknown>).poll === body.poll &&
      matches(e.event.body),
  )
  if (queued) return false
  signed.add(full)
  try {
    await actions.act(state, state.space, draft.type, draft.body)
  } catch (error) {
    // Not signed after all: the next try (the duties retry) must not take it as done.
    signed.delete(full)
    throw error
  }
  return true
}

// —— member ——————————————————————————————————————————————————————————————————————————

/**
 * What the member's card shows: the poll's phase from the log, and from the wallet whether this
 * device asked, holds a credential, waits to cast, or cast.
 */
export interface MemberView {
  readonly asked: boolean
  readonly credential: boolean
  readonly waiting: boolean
  /** The ids of the ballots cast from this device, oldest first. */
  readonly cast: readonly string[]
  readonly status: ReturnType<typeof myBallotStatus>
}

export function memberView(poll: PollRecord, wallet: SecretWallet): MemberView {
  return {
    asked: wallet.pseudonym !== undefined,
    credential: wallet.credentials !== undefined,
    waiting: wallet.waiting !== undefined,
    cast: (wallet.cast ?? []).map((c) => c.id),
    status: myBallotStatus(poll, wallet),
  }
}

/**
 * The member's part, whenever the poll is on screen: ask for a credential (once), finalize it
 * once every issuer answered, cast a vote kept while waiting for it, and forget everything after
 * the count. Returns the wallet as it now stands.
 */
export function tendMember(
  services: SecretServices,
  state: SpaceState,
  pollId: EventId,
): Promise<SecretWallet> {
  const { actions, store } = services
  return serially(`${state.space}:${pollId}`, async () => {
    const poll = state.polls.get(pollId)
    const secret = poll?.secret
    let wallet = await loadWallet(store, state.space, pollId)
    if (poll === undefined || secret == null) return wallet
    if (secret.phase === 'counted') {
      if (Object.keys(wallet).length > 0) {
        await forgetWallet(store, state.space, pollId, myBallotStatus(poll, wallet))
        await (await ballotSender(store)).forget(pollId)
      }
      return {}
    }
    if (secret.phase !== 'open' || !isActiveMember(state, actions.me)) return wallet
    // After the deadline a request is refused, and so is a ballot reaching the hub: nothing is
    // asked or sent (docs/events.md, "Deadlines"); a waiting vote stays unsent.
    if (votingEnded(poll, Date.now())) return wallet
    const request = secret.requests.get(actions.me)
    if (request === undefined && wallet.pseudonym === undefined) {
      const asked = await requestCredential(state, pollId, wallet, random)
      wallet = asked.wallet
      await saveWallet(store, state.space, pollId, wallet)
      await signOnce(services, state, `${pollId}:request`, asked.draft)
      return wallet
    }
    if (request === undefined || wallet.pseudonym === undefined) return wallet
    if (wallet.credentials === undefined) {
      const finalized = await finalizeCredentials(state, pollId, actions.me, wallet)
      if (!finalized.ok || finalized.value === null) return wallet
      wallet = finalized.value
      await saveWallet(store, state.space, pollId, wallet)
    }
    if (wallet.waiting !== undefined) wallet = await castNow(services, state, pollId, wallet)
    return wallet
  })
}

async function castNow(
  services: SecretServices,
  state: SpaceState,
  pollId: EventId,
  wallet: SecretWallet,
): Promise<SecretWallet> {
  const { ballot, wallet: next } = await castSecretBallot(
    state,
    pollId,
    wallet,
    wallet.waiting,
    random,
  )
  // The wallet first: a ballot sent but not remembered would make the next one reuse its seq.
  await saveWallet(services.store, state.space, pollId, next)
  await (await ballotSender(services.store)).enqueue(ballot)
  return next
}

/**
 * Casts `vote` (or recasts): at once when the credential is here, else kept in the wallet and
 * cast as soon as it arrives (tendMember). Returns the wallet.
 */
export function castSecretVote(
  services: SecretServices,
  state: SpaceState,
  pollId: EventId,
  vote: unknown,
): Promise<SecretWallet> {
  const { store } = services
  return serially(`${state.space}:${pollId}`, async () => {
    const wallet = { ...(await loadWallet(store, state.space, pollId)), waiting: vote }
    if (wallet.credentials === undefined) {
      await saveWallet(store, state.space, pollId, wallet)
      return wallet
    }
    return castNow(services, state, pollId, wallet)
  })
}

// —— issuer and teller ————————————————————————————————————————————————————————————————

/**
 * An issuer's and a teller's part, run whenever the poll changes on a device that is one: the
 * issuer key, answers to every open request, the teller's setup steps, and its share after the
 * seal. After the count the keys are forgotten with the rest of the wallet.
 */
export function tendDuties(
  services: SecretServices,
  replica: SpaceReplica,
  pollId: EventId,
): Promise<void> {
  const { actions, store } = services
  const me = actions.me
  return serially(`${replica.space}:${pollId}`, async () => {
    // Read when the step runs, not when it was asked for: an earlier step may have run meanwhile.
    const state = replica.state
    const secret = state.polls.get(pollId)?.secret
    if (secret == null || secret.phase === 'counted') return
    let wallet = await loadWallet(store, state.space, pollId)
    if (secret.issuers.includes(me)) {
      if (!secret.issuerKeys.has(me)) {
        const made = await issuerKeyDraft(pollId, wallet, generateIssuerKey)
        wallet = made.wallet
        await saveWallet(store, state.space, pollId, wallet)
        await signOnce(services, state, `${pollId}:issuer-key`, made.draft)
      } else if (secret.phase === 'open' && wallet.issuerPrivateKey !== undefined) {
        const key = secret.issuerKeys.get(me)!
        const blindedOf = (request: EventId): string | undefined => {
          const event = replica.log.find((e) => e.id === request)?.event
          if (event?.type !== 'secret.credential-requested') return undefined
          return event.body.blinded[me]
        }
        for (const { request, blinded } of unansweredRequests(state, pollId, me, blindedOf)) {
          if (checkBlindedMessage(key, blinded) !== null) continue
          const signature = await blindSignCredential(wallet.issuerPrivateKey, blinded)
          await signOnce(
            services,
            state,
            `${pollId}:issued:${request}`,
            { type: 'secret.credential-issued', body: { poll: pollId, request, signature } },
            (body) => body.request === request,
          )
        }
      }
    }
    if (secret.tellers.includes(me)) {
      const step = tellerSetupDraft(state, pollId, me, wallet, random)
      if (step !== null) {
        wallet = step.wallet
        await saveWallet(store, state.space, pollId, wallet)
        await signOnce(services, state, `${pollId}:${step.draft.type}`, step.draft)
      }
      const reveal = tellerRevealDraft(state, pollId, me, wallet)
      if (reveal.ok && reveal.value !== null)
        await signOnce(services, state, `${pollId}:reveal`, reveal.value)
    }
  })
}

// —— facilitator —————————————————————————————————————————————————————————————————————

/**
 * Seals the poll: fetches the ballots the hub holds, checks and folds them, and signs the seal of
 * every one-time key's latest ballot. Returns a problem to show, or null.
 */
export async function sealSecretPoll(
  services: SecretServices,
  replica: SpaceReplica,
  pollId: EventId,
): Promise<'unreachable' | null> {
  const held = await fetchHeldBallots(replica.space, pollId)
  if (held === null) return 'unreachable'
  await replica.receiveHeld(held)
  const state = replica.state
  // After the deadline claimed at it (`closeClaimedAt`): a hub tending as the opener that held the
  // same ballots signed the same bytes, so one of the two is a duplicate, not a fork.
  await services.actions.act(
    state,
    state.space,
    'secret.poll-sealed',
    secretSealDraft(state, pollId).body,
    closeClaimedAt(state.polls.get(pollId)!, Date.now()),
  )
  return null
}

/** Counts the poll once enough tellers revealed; returns the refusal's code, or null. */
export async function countSecretBallots(
  services: SecretServices,
  state: SpaceState,
  pollId: EventId,
): Promise<RejectionCode | null> {
  const at = Date.now()
  const draft = secretCountDraft(state, pollId, at)
  if (!draft.ok) return draft.code
  if (draft.value === null) return null
  await services.actions.act(state, state.space, 'secret.poll-counted', draft.value.body, at)
  return null
}
