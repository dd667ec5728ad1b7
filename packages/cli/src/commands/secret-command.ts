// `veche secret tend` (whatever this identity owes the secret polls: keys, dealings, credentials,
// shares, a waiting ballot, the count of a poll it opened) and `veche secret status` (where one
// secret poll stands, and where this identity's ballot stands in it).
import { Command } from '../commander.js'
import { credentialsIssued, myBallotStatus } from '@veche/core'
import type { EventId, PublicKey } from '@veche/core'
import { CliError } from '../cli-error.js'
import { terminalSafe } from '../terminal-text.js'
import { walletFolder } from '../secret-wallets.js'
import { outcomeOf, tendSecretPolls } from '../secret-tending.js'
import type { TendStep } from '../secret-tending.js'
import { withContext } from '../run-command.js'
import { names, setupWaits } from './secret-poll-steps.js'

export function secretCommand(): Command {
  const secret = new Command('secret').description(
    'secret polls: do what this identity owes them, and see where one stands',
  )
  secret
    .command('tend')
    .description(
      'publish issuer keys and teller dealings, answer credential requests, cast a waiting vote, reveal shares after a seal, count polls you opened',
    )
    .option('--space <id>', 'only this space')
    .action(
      withContext(async (ctx, opts: { space?: string }) => {
        const ledger = await ctx.ledger()
        const spaces =
          opts.space === undefined
            ? await ledger.store.spaces()
            : [(await ctx.space(opts.space)).space]
        const me = await ctx.identity()
        const { steps, problems } = await tendSecretPolls(
          ledger,
          me,
          walletFolder(ctx, me.publicKey),
          spaces,
        )
        for (const problem of problems)
          process.stderr.write(terminalSafe(`veche: poll ${problem.poll}: ${problem.message}\n`))
        if (problems.length > 0) process.exitCode = 1
        ctx.print({ steps, problems }, () =>
          steps.length === 0 ? 'nothing to do' : steps.map(describeStep).join('\n'),
        )
      }),
    )
  secret
    .command('status')
    .description('where a secret poll stands: setup, credentials, ballots held, and your ballot')
    .requiredOption('--poll <id>', 'the poll id')
    .action(
      withContext(async (ctx, opts: { poll: string }) => {
        const event = await ctx.event(opts.poll, 'poll')
        if (event.type !== 'secret.poll-opened')
          throw new CliError(`${opts.poll} is a ${event.type} event, not a secret poll`)
        const state = await ctx.space(event.space)
        const poll = state.polls.get(opts.poll as EventId)!
        const s = poll.secret!
        const me = await ctx.identity()
        const wallets = walletFolder(ctx, me.publicKey)
        let stored = wallets.read(poll.id)
        if (s.phase === 'counted' && stored !== null && stored.outcome === undefined) {
          // The count is in: the one-time key and the ballot's traces go now (design, "My ballot counted").
          const outcome = outcomeOf(poll, stored)
          await wallets.locked(() => Promise.resolve(wallets.forget(stored!, outcome)))
          stored = wallets.read(poll.id)
        }
        const request = s.requests.get(me.publicKey)
        const mine = {
          issuer: s.issuers.includes(me.publicKey),
          teller: s.tellers.includes(me.publicKey),
          requested: request !== undefined,
          credential: stored?.wallet.credentials !== undefined,
          waiting: stored?.wallet.waiting !== undefined,
          ballot:
            stored?.outcome ?? (stored === null ? 'not-cast' : myBallotStatus(poll, stored.wallet)),
          ballots: stored?.wallet.cast?.length ?? 0,
        }
        const view = {
          poll: poll.id,
          space: state.space,
          question: poll.question,
          method: poll.method,
          phase: s.phase,
          issuers: s.issuers.map((k) => ({ key: k, keyed: s.issuerKeys.has(k) })),
          tellers: s.tellers.map((k) => ({
            key: k,
            dealt: s.dealings.has(k),
            revealed: s.reveals.has(k),
          })),
          tellerQuorum: s.tellerQuorum,
          ...(poll.closesAt === undefined ? {} : { closesAt: poll.closesAt }),
          requested: s.requests.size,
          issued: credentialsIssued(s),
          held: s.phase === 'open' ? poll.latest.size : 0,
          sealed: poll.sealed?.length ?? 0,
          result: poll.result,
          me: mine,
        }
        ctx.print(view, () => {
          const lines = [
            `secret poll ${poll.id} "${poll.question}" (${poll.method}): ${s.phase}`,
            `  issuers: ${list(state, s.issuers, (k) => (s.issuerKeys.has(k) ? 'key in' : 'no key yet'))}`,
            `  tellers (${s.tellerQuorum} needed): ${list(state, s.tellers, (k) => (s.reveals.has(k) ? 'revealed' : s.dealings.has(k) ? 'dealt' : 'not set up'))}`,
            `  credentials: ${s.requests.size} asked, ${credentialsIssued(s)} issued`,
          ]
          if (poll.closesAt !== undefined && (s.phase === 'setup' || s.phase === 'open')) {
            const when = new Date(poll.closesAt).toISOString().replace('.000Z', 'Z')
            lines.push(
              Date.now() <= poll.closesAt
                ? `  voting closes at ${when}`
                : `  voting ended at ${when}; waiting for the opener to seal it`,
            )
          }
          if (s.phase === 'setup') lines.push(`  ${setupWaits(state, poll)}`)
          if (s.phase === 'open')
            lines.push(`  ballots held: ${poll.latest.size} (contents sealed until the count)`)
          if (s.phase === 'sealed' || s.phase === 'counted')
            lines.push(`  sealed: ${poll.sealed?.length ?? 0} ballot(s)`)
          if (s.phase === 'sealed')
            lines.push(
              `  shares: ${s.reveals.size} of ${s.tellerQuorum} needed; waiting for ${names(
                state,
                s.tellers.filter((t) => !s.reveals.has(t)),
              )}`,
            )
          const roles = [mine.issuer ? 'issuer' : '', mine.teller ? 'teller' : ''].filter(Boolean)
          lines.push(
            `you (${me.name}${roles.length > 0 ? `, ${roles.join(' and ')}` : ''}): ${myLine(mine)}`,
          )
          return lines.join('\n')
        })
      }),
    )
  return secret
}

function list(
  state: Parameters<typeof names>[0],
  keys: readonly PublicKey[],
  what: (k: PublicKey) => string,
): string {
  return keys.map((k) => `${names(state, [k])} (${what(k)})`).join(', ')
}

function myLine(mine: {
  requested: boolean
  credential: boolean
  waiting: boolean
  ballot: string
}): string {
  switch (mine.ballot) {
    case 'counted':
      return 'your last ballot was sealed and counted'
    case 'spoiled':
      return 'your last ballot was sealed but did not decrypt to a valid vote (spoiled)'
    case 'not-counted':
    case 'late':
      return 'your last ballot was not sealed: it is not counted'
    case 'sealed':
      return 'your last ballot is sealed; it is counted when the tellers reveal their shares'
    case 'held':
      return 'your ballot is cast and held; you may vote again until the seal (only the last counts)'
    default:
      if (mine.waiting)
        return 'your vote waits for a credential (`veche secret tend` casts it once issued)'
      return mine.requested ? 'credential asked, no ballot cast' : 'no ballot cast'
  }
}

function describeStep(step: TendStep): string {
  const what = {
    'issuer-key': "published this poll's issuer key",
    'teller-key': 'published a teller share key',
    'teller-dealt': 'dealt teller shares',
    'teller-checked': 'checked the shares dealt to this teller',
    sealed: `sealed at its deadline, ${step.count ?? 0} one-time key(s)' ballots`,
    issued: `issued ${step.count ?? 1} credential(s)`,
    cast: 'cast the waiting secret ballot under its one-time key',
    revealed: "revealed this teller's share",
    counted: 'counted the poll',
    forgotten: 'forgot the one-time key and ballot after the count',
  }[step.step]
  return `${step.poll}: ${what}`
}
