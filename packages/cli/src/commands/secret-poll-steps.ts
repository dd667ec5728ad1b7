// The secret-poll branches of `veche poll open --secret`, `veche vote` and `veche poll close`
// (docs/secret-ballot.md). Opening signs the poll and the opener's own issuer key and teller
// setup at once. Voting asks for a credential the first time (the wallet keeps the one-time key
// and the vote waiting for it), casts under the one-time key once every issuer has answered, and
// recasts on the next vote. Closing signs the seal, the closer's own share if it is a teller, and
// the count once enough shares are in. What cannot be done yet (a credential or shares not in)
// is said with what to run, and exits with EXIT_WAITING: nothing is lost, running again goes on.
import {
  checkVote,
  closeClaimedAt,
  describeSpace,
  PUBLIC_KEY_PATTERN,
  requestCredential,
  secretSealDraft,
} from '@veche/core'
import type { EventId, PollRecord, PollSubject, PublicKey, SpaceState } from '@veche/core'
import { CliError } from '../cli-error.js'
import { terminalSafe } from '../terminal-text.js'
import type { Context } from '../context.js'
import { listIdentities, loadIdentity } from '../identities.js'
import type { Identity } from '../identities.js'
import { walletFolder } from '../secret-wallets.js'
import type { WalletFolder } from '../secret-wallets.js'
import { countPoll, osRandom, signAndSubmit, tendPoll } from '../secret-tending.js'
import type { TendStep } from '../secret-tending.js'
import { keyLabels } from './key-names.js'
import { describeResult } from './result-text.js'

/** Exit code when a step waits for others (a credential, tellers' shares): EX_TEMPFAIL. */
export const EXIT_WAITING = 75

/** The poll fields `poll open` has gathered, as a `secret.poll-opened` body takes them. */
export interface SecretPollFields {
  readonly question: string
  readonly subject: PollSubject | null
  readonly method: PollRecord['method']
  readonly options: string[]
  readonly threshold: { num: number; den: number }
  readonly seats: number
  readonly scoreRange: { min: number; max: number } | null
  readonly tieBreakSeed: string
  /** When voting ends (ms since 1970), if the poll has a deadline. */
  readonly closesAt?: number
}

/** `--issuers`, `--tellers` and `--quorum` as given. */
export interface SecretSetupOptions {
  readonly issuers?: string
  readonly tellers?: string
  readonly quorum?: string
}

/** Opens a secret poll and takes the opener's own setup steps; prints the poll id. */
export async function openSecretPoll(
  ctx: Context,
  state: SpaceState,
  fields: SecretPollFields,
  opts: SecretSetupOptions,
): Promise<void> {
  const me = await ctx.identity()
  const issuers =
    opts.issuers === undefined ? [me.publicKey] : resolveMembers(ctx, state, opts.issuers)
  const tellers =
    opts.tellers === undefined ? [me.publicKey] : resolveMembers(ctx, state, opts.tellers)
  const quorum = opts.quorum === undefined ? 1 : Number(opts.quorum)
  if (!Number.isSafeInteger(quorum) || quorum < 1 || quorum > tellers.length) {
    throw new CliError(
      `--quorum must be a whole number from 1 to the number of tellers (${tellers.length}), not "${opts.quorum}"`,
    )
  }
  const poll = await ctx.act(state.space, 'secret.poll-opened', {
    ...fields,
    voters: 'members',
    secret: { issuers, tellers, tellerQuorum: quorum },
  })
  const steps = await tendOne(ctx, me, poll)
  const after = describeSpace(await ctx.space(state.space)).polls[poll]!.secret!
  ctx.print({ poll, phase: after.phase, steps: steps.map((s) => s.step) }, () => poll)
  if (after.phase === 'setup' && !ctx.json)
    process.stderr.write(
      terminalSafe(`secret poll in setup: ${setupWaits(state, state.polls.get(poll)!)}\n`),
    )
}

/** Casts (or recasts) `vote` in a secret poll, asking for a credential first if need be. */
export async function voteSecretly(
  ctx: Context,
  state: SpaceState,
  poll: PollRecord,
  vote: unknown,
): Promise<void> {
  const secret = poll.secret!
  const problem = checkVote(poll, vote)
  if (problem !== null) throw new CliError(`ballot.invalid: ${problem}`)
  if (secret.phase === 'setup') {
    throw new CliError(
      `secret.setup: this secret poll is not open for voting yet: ${setupWaits(state, poll)}`,
    )
  }
  if (secret.phase !== 'open') {
    throw new CliError(
      'secret.sealed: this secret poll is sealed: a ballot cast now would never be counted',
    )
  }
  const me = await ctx.identity()
  const ledger = await ctx.ledger()
  const wallets = walletFolder(ctx, me.publicKey)
  const outcome = await wallets.locked(async () => {
    // Read again under the lock: another process may have signed as this identity meanwhile.
    const now = (await ledger.state(state.space))!
    if (now.polls.get(poll.id)!.secret!.phase !== 'open')
      throw new CliError('secret.sealed: this secret poll was sealed meanwhile')
    const stored = wallets.read(poll.id)
    const wallet = stored?.wallet ?? {}
    let recast = (wallet.cast?.length ?? 0) > 0
    if (!now.polls.get(poll.id)!.secret!.requests.has(me.publicKey)) {
      // The first vote: a new one-time key, blinded for each issuer; kept before it is sent.
      const {
        pseudonymSeed: _s,
        pseudonym: _p,
        blinding: _b,
        credentials: _c,
        cast: _k,
        ...rest
      } = wallet
      const asked = await requestCredential(now, poll.id, rest, osRandom)
      wallets.write({
        space: state.space,
        poll: poll.id,
        wallet: { ...asked.wallet, waiting: vote },
      })
      await signAndSubmit(ledger, me, now, asked.draft, Date.now())
      recast = false
    } else if (wallet.blinding === undefined && wallet.credentials === undefined) {
      throw new CliError(
        `secret.already-requested: ${me.name} already asked for a credential in this poll, and this data folder does not hold it (another device, or a lost wallet): a member asks once per poll`,
      )
    } else {
      wallets.write({ space: state.space, poll: poll.id, wallet: { ...wallet, waiting: vote } })
    }
    const steps = await tendLocked(ctx, me, wallets, poll.id)
    return { cast: steps.find((s) => s.step === 'cast'), recast }
  })
  if (outcome.cast !== undefined) {
    ctx.print({ poll: poll.id, cast: true, recast: outcome.recast }, () =>
      outcome.recast
        ? 'secret ballot cast again (only your latest ballot counts; `veche secret status` follows it)'
        : 'secret ballot cast under a one-time key (`veche secret status` follows it)',
    )
    return
  }
  const now = (await ctx.space(state.space)).polls.get(poll.id)!.secret!
  const request = now.requests.get(me.publicKey)!
  const missing = now.issuers.filter((i) => !request.issued.has(i))
  ctx.print(
    { poll: poll.id, waiting: 'credential', request: request.id, issuers: missing },
    () =>
      `your vote waits for a voting credential: asked (request ${request.id}), not yet answered by ${names(state, missing)}.\n` +
      `They answer with \`veche secret tend\` (or their hub with \`veche serve --tend\`); once their answer is in this data folder, ` +
      `run \`veche secret tend\` (casts the waiting vote) or \`veche vote --poll ${poll.id} …\` again.`,
  )
  process.exitCode = EXIT_WAITING
}

/** Seals a secret poll (if open), reveals the closer's share, and counts once enough are in. */
export async function closeSecretPoll(
  ctx: Context,
  state: SpaceState,
  poll: PollRecord,
): Promise<void> {
  const secret = poll.secret!
  if (secret.phase === 'setup') {
    throw new CliError(
      `secret.setup: this secret poll is not open for voting yet: ${setupWaits(state, poll)}`,
    )
  }
  if (secret.phase === 'counted') throw new CliError('this poll is already counted')
  const me = await ctx.identity()
  const ledger = await ctx.ledger()
  const wallets = walletFolder(ctx, me.publicKey)
  let sealed: EventId | null = null
  await wallets.locked(async () => {
    const fresh = (await ledger.state(state.space))!
    const record = fresh.polls.get(poll.id)!
    // After the deadline claimed at it, as a tending hub's seal is (deadline-close.ts in core).
    if (record.secret!.phase === 'open')
      sealed = await signAndSubmit(
        ledger,
        me,
        fresh,
        secretSealDraft(fresh, poll.id),
        closeClaimedAt(record, Date.now()),
      )
    await tendLocked(ctx, me, wallets, poll.id)
    const now = await ctx.space(state.space)
    if (now.polls.get(poll.id)!.secret!.phase === 'sealed')
      await countPoll(ledger, me, now, poll.id, Date.now())
    await tendLocked(ctx, me, wallets, poll.id)
  })
  const now = await ctx.space(state.space)
  const record = now.polls.get(poll.id)!
  const after = record.secret!
  const ballots = record.sealed?.length ?? 0
  if (after.phase === 'counted') {
    ctx.print(
      { poll: poll.id, seal: sealed, ballots, result: record.result, spoiled: after.spoiled },
      () =>
        [
          `counted: ${ballots} secret ballot(s) sealed${after.spoiled.length > 0 ? `, ${after.spoiled.length} spoiled (did not decrypt to a valid vote)` : ''}`,
          describeResult(record.result, keyLabels([now])),
        ].join('\n'),
    )
    return
  }
  const waiting = after.tellers.filter((t) => !after.reveals.has(t))
  ctx.print(
    {
      poll: poll.id,
      seal: sealed,
      ballots,
      waiting: 'shares',
      revealed: after.reveals.size,
      quorum: after.tellerQuorum,
    },
    () =>
      `sealed: ${ballots} secret ballot(s). The count needs ${after.tellerQuorum} teller share(s), ${after.reveals.size} in; ` +
      `tellers ${names(now, waiting)} reveal theirs with \`veche secret tend\` (or \`veche serve --tend\`). ` +
      `Then run \`veche poll close --poll ${poll.id}\` again to count.`,
  )
  process.exitCode = EXIT_WAITING
}

/** Tends one poll for `me` under the wallet lock; the steps taken. */
async function tendOne(ctx: Context, me: Identity, poll: EventId): Promise<TendStep[]> {
  const wallets = walletFolder(ctx, me.publicKey)
  return wallets.locked(() => tendLocked(ctx, me, wallets, poll))
}

/** Takes every step `me` owes `poll` until none is left (the caller holds the lock). */
async function tendLocked(
  ctx: Context,
  me: Identity,
  wallets: WalletFolder,
  poll: EventId,
): Promise<TendStep[]> {
  const ledger = await ctx.ledger()
  const event = await ctx.event(poll, 'poll')
  const steps: TendStep[] = []
  for (let i = 0; i < 12; i++) {
    const step = await tendPoll(ledger, me, wallets, event.space, poll, Date.now)
    if (step === null) break
    steps.push(step)
  }
  return steps
}

/** What a poll in setup waits for, in words. */
export function setupWaits(state: SpaceState, poll: PollRecord): string {
  const s = poll.secret!
  const keys = s.issuers.filter((i) => !s.issuerKeys.has(i))
  const tellers = s.tellers.filter(
    (t) => !s.dealings.has(t) || (s.tellers.length > 1 && !s.checked.has(t)),
  )
  const parts = []
  if (keys.length > 0) parts.push(`issuer key(s) from ${names(state, keys)}`)
  if (tellers.length > 0) parts.push(`teller setup from ${names(state, tellers)}`)
  return `waiting for ${parts.join(' and ')}; they run \`veche secret tend\` (or a hub with \`veche serve --tend\`)`
}

/** Members' names (or short keys) for messages. */
export function names(state: SpaceState, keys: readonly string[]): string {
  return keys.map((k) => state.members.get(k as PublicKey)?.name ?? `${k.slice(0, 8)}…`).join(', ')
}

/**
 * `--issuers`/`--tellers`: comma-separated public keys, local identity names or members' names in
 * the space, each resolved to one member's key.
 */
function resolveMembers(ctx: Context, state: SpaceState, text: string): PublicKey[] {
  const out: PublicKey[] = []
  const local = new Set(listIdentities(ctx.dataDir))
  for (const item of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    let key: PublicKey | undefined
    if (PUBLIC_KEY_PATTERN.test(item)) key = item as PublicKey
    else if (local.has(item)) key = loadIdentity(ctx.dataDir, item).publicKey
    else {
      const named = [...state.members.values()].filter(
        (m) => m.status === 'active' && m.name === item,
      )
      if (named.length > 1)
        throw new CliError(`several members are named "${item}": give their public key`)
      key = named[0]?.key
    }
    if (key === undefined)
      throw new CliError(
        `"${item}" is not a public key, a local identity or a member's name in this space`,
      )
    if (out.includes(key)) throw new CliError(`"${item}" is named twice`)
    out.push(key)
  }
  if (out.length === 0) throw new CliError('name at least one member')
  return out
}
