// `veche invite` and `veche join`: capability invitations. The facilitator makes a fresh
// invitation key and records only its public half in the space; the secret half is the invitation
// code, handed over in person (or as a link or QR code). Whoever holds the code can let their own
// key join by signing a join statement with it, as many times as the invitation allows.
import { Command } from '../commander.js'
import {
  decodeBase64url,
  describeSpace,
  encodeBase64url,
  joinStatement,
  SPACE_ID_PATTERN,
} from '@veche/core'
import type { PublicKey, Signature, SpaceId } from '@veche/core'
import { generateKeyPair, nodeSigner } from '@veche/store'
import type { KeyPairText } from '@veche/store'
import { CliError } from '../cli-error.js'
import { withContext } from '../run-command.js'
import { parseHubUrl } from './sync-command.js'

// The prefix names the format and keeps a code from starting with '-' (base64url may), which
// a command line would take for an option.
const CODE_PREFIX = 'veche-invite:'

/** The invitation code for `space` carrying the invitation key pair `invitation`. */
export function invitationCode(space: string, invitation: KeyPairText): string {
  return `${CODE_PREFIX}${space}.${invitation.publicKey}.${invitation.secretKey}`
}
const CODE_PATTERN = /^veche-invite:([A-Za-z0-9_-]{22})\.([A-Za-z0-9_-]{43})\.([A-Za-z0-9_-]{43})$/

export function inviteCommand(): Command {
  return new Command('invite')
    .description(
      'make an invitation code that lets new keys join an assembly; --list shows the invitations, --revoke ends one',
    )
    .requiredOption('--space <id>', 'the space id')
    .option('--uses <n>', 'how many keys may join with it', '1')
    .option('--note <text>', 'a note for the other facilitators', '')
    .option(
      '--expires <when>',
      'no join after this: a duration from now (30m, 24h, 7d) or an ISO date and time',
    )
    .option('--list', 'list the invitations of the space, with their uses, expiry and state')
    .option('--revoke <key>', 'end the invitation with this public key (see --list)')
    .option('--reason <text>', 'why it is revoked (kept in the log)', '')
    .option(
      '--hub <url>',
      "print a link that opens the hub's web app on the join screen",
      parseHubUrl,
    )
    .action(
      withContext(
        async (
          ctx,
          opts: {
            space: string
            uses: string
            note: string
            expires?: string
            list?: boolean
            revoke?: string
            reason: string
            hub?: string
          },
        ) => {
          const state = await ctx.space(opts.space)
          if (opts.list === true) {
            const view = describeSpace(state).invitations
            const rows = Object.entries(view).map(([key, i]) => ({ key, ...i }))
            ctx.print(rows, () =>
              rows.length === 0
                ? 'no invitations'
                : rows
                    .map(
                      (r) =>
                        `${r.key}  ${r.used}/${r.uses} used` +
                        (r.expires == null
                          ? ''
                          : `, expires ${new Date(r.expires).toISOString()}`) +
                        (r.revoked == null ? '' : ', revoked') +
                        (r.note === undefined || r.note === '' ? '' : `  "${r.note}"`),
                    )
                    .join('\n'),
            )
            return
          }
          if (opts.revoke !== undefined) {
            if (!state.invitations.has(opts.revoke as PublicKey))
              throw new CliError(`no invitation ${opts.revoke} in this space (see --list)`)
            const id = await ctx.act(opts.space as SpaceId, 'invitation.revoked', {
              invitation: opts.revoke,
              reason: opts.reason,
            })
            ctx.print({ revoked: opts.revoke, event: id }, () => `revoked ${opts.revoke}`)
            return
          }
          const uses = Number(opts.uses)
          if (!Number.isInteger(uses) || uses < 1 || uses > 100_000)
            throw new CliError('--uses must be a whole number from 1 to 100000')
          const expires = opts.expires === undefined ? null : parseExpiry(opts.expires, Date.now())
          const invitation = generateKeyPair()
          await ctx.act(opts.space as SpaceId, 'member.invited.2', {
            invitation: invitation.publicKey,
            uses,
            note: opts.note,
            expires,
          })
          const code = invitationCode(opts.space, invitation)
          // The code travels in the URL fragment, which browsers never send to the hub.
          const link = opts.hub === undefined ? undefined : `${opts.hub}/#/join/${code}`
          ctx.print(
            link === undefined ? { code, uses, expires } : { code, uses, expires, link },
            () => link ?? code,
          )
        },
      ),
    )
}

/** An expiry from `--expires`: a duration from `now` (30m, 24h, 7d) or an ISO date and time. */
export function parseExpiry(text: string, now: number): number {
  const duration = /^(\d+)\s*(m|h|d)$/.exec(text.trim())
  if (duration !== null) {
    const unit = { m: 60_000, h: 3_600_000, d: 86_400_000 }[duration[2] as 'm' | 'h' | 'd']
    return now + Number(duration[1]) * unit
  }
  const at = Date.parse(text)
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim()) || Number.isNaN(at))
    throw new CliError(
      `--expires takes a duration such as 24h or 7d, or an ISO date and time, not "${text}"`,
    )
  if (at <= now) throw new CliError(`--expires ${text} is already past`)
  return at
}

export function joinCommand(): Command {
  return new Command('join')
    .description('join an assembly with an invitation code')
    .argument('<code>', 'the invitation code or hub link from `veche invite`')
    .requiredOption('--name <name>', 'your name in this assembly')
    .action(
      withContext(async (ctx, code: string, opts: { name: string }) => {
        // A hub link (`veche invite --hub`) carries the code after `#/join/`.
        const at = code.indexOf('#/join/')
        const text = at < 0 ? code.trim() : decodeURIComponent(code.slice(at + 7).trim())
        const match = CODE_PATTERN.exec(text)
        if (
          match === null ||
          !SPACE_ID_PATTERN.test(match[1]!) ||
          decodeBase64url(match[3]!) === null
        ) {
          throw new CliError('this is not an invitation code (veche-invite:space.key.secret)')
        }
        const space = match[1] as SpaceId
        if ((await (await ctx.ledger()).state(space)) === null) {
          // The joiner's folder must hold the assembly to sign into it: say where to get it.
          let hub = 'HUB'
          try {
            if (at >= 0) hub = new URL(code.slice(0, at).trim()).origin
          } catch {
            // Not a URL before the fragment: the placeholder stays.
          }
          throw new CliError(
            `no space ${space} in ${ctx.dataDir}: bring the assembly here first ` +
              `(\`veche sync ${hub} --space ${space}\`, or import its export or bundle), then join`,
          )
        }
        let invitation
        try {
          invitation = nodeSigner({ publicKey: match[2]! as never, secretKey: match[3]! })
        } catch {
          throw new CliError('this invitation code is damaged: its secret does not match its key')
        }
        const me = await ctx.identity()
        const proof = encodeBase64url(
          await invitation.sign(joinStatement(space, me.publicKey)),
        ) as Signature
        const id = await ctx.act(space, 'member.joined', {
          invitation: invitation.publicKey,
          proof,
          name: opts.name,
        })
        ctx.print({ event: id, space }, () => `joined ${space} as ${opts.name}`)
      }),
    )
}
