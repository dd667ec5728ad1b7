// `veche sync URL`: one replication pass between this data folder and a running hub: pull what
// this side lacks, then push what the hub lacks, space by space (docs/sync.md). `--space` limits
// it to some spaces; private spaces need `--replication-key SPACE=KEY` (the key a facilitator
// handed out, made with `veche replication-key SPACE`). Interrupted, it is simply run again.
import { Command, InvalidArgumentError } from '../commander.js'
import { SPACE_ID_PATTERN } from '@veche/core'
import type { SpaceId } from '@veche/core'
import type { FlowCounts } from '@veche/server'
import { CliError } from '../cli-error.js'
import { withContext } from '../run-command.js'

/** Parses a repeatable `--replication-key SPACE=KEY` into `previous`. */
export function collectReplicationKey(
  value: string,
  previous: Map<SpaceId, string> = new Map(),
): Map<SpaceId, string> {
  const at = value.indexOf('=')
  const space = value.slice(0, at)
  const key = value.slice(at + 1)
  if (at < 0 || !SPACE_ID_PATTERN.test(space) || key.length === 0) {
    throw new InvalidArgumentError(
      'give SPACE=KEY (a space id, "=", a key from `veche replication-key`)',
    )
  }
  return new Map(previous).set(space as SpaceId, key)
}

/**
 * Checks the keys parsed by `collectReplicationKey` against the hub's key format (loaded with the
 * hub itself, so commands that never sync do not pay for loading it).
 */
export async function checkReplicationKeys(
  keys: ReadonlyMap<SpaceId, string> | undefined,
): Promise<void> {
  if (keys === undefined) return
  const { REPLICATION_KEY_PATTERN } = await import('@veche/server')
  for (const [space, key] of keys) {
    if (!REPLICATION_KEY_PATTERN.test(key)) {
      throw new CliError(
        `the replication key for ${space} is not a key from \`veche replication-key\``,
      )
    }
  }
}

/** Parses a repeatable `--space ID`. */
export function collectSpace(value: string, previous: SpaceId[] = []): SpaceId[] {
  if (!SPACE_ID_PATTERN.test(value)) throw new InvalidArgumentError('a space id is 22 characters')
  return [...previous, value as SpaceId]
}

/** Parses a hub URL. */
export function parseHubUrl(value: string): string {
  // `10.0.0.7:8080` and `localhost:8080` (what a hub's address looks like when said aloud) have
  // no scheme: `new URL` refuses the first and reads the second's host as a scheme.
  if (!value.includes('://'))
    throw new InvalidArgumentError(`a hub URL starts with http:// or https://: http://${value}`)
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new InvalidArgumentError('give a hub URL, like http://192.168.1.20:8080')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidArgumentError('a hub URL starts with http:// or https://')
  }
  return url.href.replace(/\/+$/, '')
}

/**
 * What a pull did to one space. `added` is counted in this store, the space's events after the
 * pass less those before: a pull's own counts put an event held back on arrival and applied later
 * in the pass (a council's, pulled before the assembly it names) on the line of the space whose
 * events let it in, and split one space's new events in two.
 */
function describePull(flow: FlowCounts, added: number): string {
  const parts = [`${added} new`]
  if (flow.duplicate > 0) parts.push(`${flow.duplicate} already known`)
  if (flow.forks > 0) parts.push(`${flow.forks} fork evidence`)
  if (flow.rejected > 0) parts.push(`${flow.rejected} refused by the rules`)
  if (flow.refused.length > 0) parts.push(`${flow.refused.length} batch(es) refused whole`)
  return parts.join(', ')
}

/** What a push did to one space, as the other hub reported it. */
function describePush(flow: FlowCounts): string {
  const parts = [`${flow.accepted} new`]
  // Held back there on arrival until what they depend on came, then applied: nothing left to do.
  if (flow.released > 0)
    parts.push(`${flow.released} more now applied there (held until what they depend on came)`)
  if (flow.duplicate > 0) parts.push(`${flow.duplicate} already known`)
  if (flow.parked > 0)
    parts.push(`${flow.parked} held back there, waiting for events they depend on`)
  if (flow.forks > 0) parts.push(`${flow.forks} fork evidence`)
  if (flow.rejected > 0) parts.push(`${flow.rejected} refused by the rules`)
  if (flow.refused.length > 0) parts.push(`${flow.refused.length} batch(es) refused whole`)
  return parts.join(', ')
}

/** Per space this store holds, how many events it holds. */
async function countEvents(store: {
  spaces(): Promise<SpaceId[]>
  count(space: SpaceId): Promise<number>
}): Promise<Map<SpaceId, number>> {
  const spaces = await store.spaces()
  return new Map(await Promise.all(spaces.map(async (s) => [s, await store.count(s)] as const)))
}

export function syncCommand(): Command {
  return new Command('sync')
    .description('replicate with a running hub once: pull what this side lacks, push what it lacks')
    .argument('<url>', 'the other hub, e.g. http://192.168.1.20:8080', parseHubUrl)
    .option('--space <id>', 'only this space (repeatable)', collectSpace)
    .option(
      '--replication-key <space=key>',
      'the replication key of a private space (repeatable)',
      collectReplicationKey,
    )
    .action(
      withContext(
        async (
          ctx,
          url: string,
          opts: { space?: SpaceId[]; replicationKey?: Map<SpaceId, string> },
        ) => {
          const { explainPeerFailure, syncWithPeer, SyncError } = await import('@veche/server')
          await checkReplicationKeys(opts.replicationKey)
          const ledger = await ctx.ledger()
          const before = await countEvents(ledger.store)
          let reports
          try {
            reports = await syncWithPeer(ledger, url, {
              ...(opts.space === undefined ? {} : { spaces: opts.space }),
              ...(opts.replicationKey === undefined
                ? {}
                : { replicationKeys: opts.replicationKey }),
            })
          } catch (error) {
            if (error instanceof SyncError) {
              // What to do, where the cause is known (the same words `veche serve --peer` logs);
              // running it again resumes once the cause is gone, unless it needs a change.
              const advice = explainPeerFailure(error)
              const steps =
                advice === undefined
                  ? ['run it again to resume']
                  : advice.again
                    ? [advice.hint, 'run it again to resume']
                    : [advice.hint]
              throw new CliError([error.message, ...steps].join('; '))
            }
            throw error
          }
          const refused = reports.flatMap((r) => [...r.pulled.refused, ...r.pushed.refused])
          const spaces = await Promise.all(
            reports.map(async (r) => ({
              ...r,
              added: (await ledger.store.count(r.space)) - (before.get(r.space) ?? 0),
              waiting: await ledger.store.countPending({ space: r.space }),
            })),
          )
          const waiting = (n: number): string =>
            n === 0 ? '' : `; ${n} waiting here for events they depend on (\`veche pending\`)`
          ctx.print({ hub: url, spaces }, () =>
            [
              `synced ${reports.length} space(s) with ${url}`,
              ...spaces.map(
                (r) =>
                  `  ${r.space}: pulled ${describePull(r.pulled, r.added)}` +
                  (r.skipped === undefined
                    ? `; pushed ${describePush(r.pushed)}`
                    : `; not pushed (${r.skipped})`) +
                  waiting(r.waiting),
              ),
              ...refused.map((reason) => `  refused: ${reason}`),
            ].join('\n'),
          )
          if (refused.length > 0) process.exitCode = 1
        },
      ),
    )
}

export function replicationKeyCommand(): Command {
  return new Command('replication-key')
    .description('make a replication key for a private space, to hand to the hubs that may hold it')
    .argument('<space>', 'the space id')
    .action(
      withContext(async (ctx, space: string) => {
        if (!SPACE_ID_PATTERN.test(space))
          throw new CliError(`"${space}" is not a space id (22 characters)`)
        const { newReplicationKey } = await import('@veche/server')
        const value = `${space}=${newReplicationKey()}`
        ctx.print({ space, replicationKey: value }, () => value)
      }),
    )
}
