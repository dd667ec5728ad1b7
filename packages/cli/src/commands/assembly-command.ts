// `veche assembly create`, `veche admit`, `veche invite`, `veche propose`.
import { randomBytes } from 'node:crypto'
import { Command, Option } from '../commander.js'
import {
  deriveSpaceId,
  encodeBase64url,
  POLL_METHODS,
  PUBLIC_KEY_PATTERN,
  RULES_VERSION,
  TEXT_RULES_VERSION,
} from '@veche/core'
import type { SpaceId } from '@veche/core'
import { CliError } from '../cli-error.js'
import { withContext } from '../run-command.js'

/** A fresh random base64url token of `bytes` bytes (nonces, seeds). */
export function randomToken(bytes = 16): string {
  return encodeBase64url(randomBytes(bytes))
}

export function intOption(value: string, name: string, min: number, max: number): number {
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new CliError(`${name} must be a whole number from ${min} to ${max}`)
  return n
}

/**
 * The founder's name in a new assembly or council: the one given, else the identity's, written as
 * a person's name (`aigerim`, a key file's name, founds as `Aigerim`), so the founder reads like
 * the members admitted or joined under the names people gave them (`--name Bolat`).
 */
export function founderName(given: string | undefined, identity: string): string {
  if (given !== undefined) return given
  const first = identity.codePointAt(0)
  if (first === undefined) return identity
  const letter = String.fromCodePoint(first)
  return letter.toLocaleUpperCase() + identity.slice(letter.length)
}

export function assemblyCommand(): Command {
  const assembly = new Command('assembly').description('assemblies')
  assembly
    .command('create')
    .description(
      'create an assembly; you become its first member and facilitator; prints the space id',
    )
    .requiredOption('--name <text>', 'the assembly name')
    .option('--description <text>', 'what the assembly is for', '')
    .option('--languages <tags>', 'comma-separated language tags', 'en')
    .option(
      '--display-name <name>',
      'your name in this assembly (default: your identity name, capitalised)',
    )
    .addOption(
      new Option('--propose-right <who>', 'who may propose')
        .choices(['member', 'facilitator'])
        .default('member'),
    )
    .addOption(
      new Option('--invite-right <who>', 'who may invite')
        .choices(['member', 'facilitator'])
        .default('facilitator'),
    )
    .addOption(
      new Option('--method <method>', 'default decision method')
        .choices(POLL_METHODS)
        .default('majority'),
    )
    .option('--quorum-percent <n>', 'quorum: percentage of members who must vote', '0')
    .option('--quorum-ballots <n>', 'quorum: minimum number of ballots', '0')
    .addOption(
      new Option('--visibility <v>', 'who may read')
        .choices(['public', 'private'])
        .default('public'),
    )
    .action(
      withContext(async (ctx, opts: Record<string, string>) => {
        const me = await ctx.identity()
        const nonce = randomToken()
        const space = deriveSpaceId(me.publicKey, nonce)
        await ctx.act(space, 'assembly.created', {
          nonce,
          texts: TEXT_RULES_VERSION,
          rulesVersion: RULES_VERSION,
          name: opts.name!,
          description: opts.description!,
          languages: opts
            .languages!.split(',')
            .map((s) => s.trim())
            .filter(Boolean),
          founderName: founderName(opts.displayName, me.name),
          rules: {
            proposeRight: opts.proposeRight as 'member' | 'facilitator',
            inviteRight: opts.inviteRight as 'member' | 'facilitator',
            quorum: {
              percent: intOption(opts.quorumPercent!, '--quorum-percent', 0, 100),
              ballots: intOption(opts.quorumBallots!, '--quorum-ballots', 0, 1_000_000_000),
            },
            defaultMethod: opts.method as 'majority' | 'consent',
            visibility: opts.visibility as 'public' | 'private',
          },
        })
        ctx.print({ space, name: opts.name }, () => space)
      }),
    )
  return assembly
}

export function admitCommand(): Command {
  return new Command('admit')
    .description('admit a member by public key (facilitators only)')
    .requiredOption('--space <id>', 'the space id')
    .requiredOption('--key <pubkey>', "the new member's public key (from `veche id new`)")
    .option('--name <name>', "the member's display name in this assembly")
    .action(
      withContext(async (ctx, opts: { space: string; key: string; name?: string }) => {
        if (!PUBLIC_KEY_PATTERN.test(opts.key)) throw await notAKey(ctx.dataDir, opts.key)
        await ctx.space(opts.space)
        const name = opts.name ?? `member-${opts.key.slice(0, 6)}`
        const id = await ctx.act(opts.space as SpaceId, 'member.admitted', {
          member: opts.key,
          name,
        })
        ctx.print({ event: id, member: opts.key, name }, () => `admitted ${name} (${opts.key})`)
      }),
    )
}

/**
 * Why `--key` is refused, and what to give instead: the public key of a local identity given by
 * its name (an easy slip when both live in one folder, as in the README's tour), else what a key
 * looks like and where it is printed.
 */
async function notAKey(dataDir: string, key: string): Promise<CliError> {
  const { listIdentities, loadIdentity } = await import('../identities.js')
  if (listIdentities(dataDir).includes(key)) {
    const { publicKey } = loadIdentity(dataDir, key)
    return new CliError(
      `--key: "${key}" is the name of an identity in this folder, not a key: give its public key, --key ${publicKey}`,
    )
  }
  return new CliError(
    `--key: "${key}" is not a public key: give the 43 characters \`veche id new\` printed on the new member's device (\`veche id list\` prints this folder's)`,
  )
}

export function proposeCommand(): Command {
  return new Command('propose')
    .description('put a proposal before an assembly; prints the proposal id')
    .requiredOption('--space <id>', 'the space id')
    .requiredOption('--title <text>', 'a short title')
    .requiredOption('--text <text>', 'the proposal')
    .action(
      withContext(async (ctx, opts: { space: string; title: string; text: string }) => {
        await ctx.space(opts.space)
        const id = await ctx.act(opts.space as SpaceId, 'proposal.submitted', {
          title: opts.title,
          text: opts.text,
        })
        ctx.print({ proposal: id }, () => id)
      }),
    )
}
