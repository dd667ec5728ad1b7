// Opening a hub's PostgreSQL store from the command line (`serve`, `verify`, `pending purge` with
// --database): the database holds the log, and the held secret ballots live in a SQLite file
// beside the hub, in its data folder (DATA/postgres-<schema>.ballots, or --ballots-file), encrypted
// under the data folder's store key when the folder is encrypted (docs/secret-ballot.md, "On
// PostgreSQL"). Every process of one hub on one machine names the same file.
import { existsSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { openPostgresStore, postgresBallotsFileName, storeKeyHeaderFile } from '@veche/store'
import type { EventStore } from '@veche/store'
import { CliError } from './cli-error.js'
import type { Context } from './context.js'

export interface PostgresStoreRequest {
  readonly database: string
  readonly schema: string
  /** --ballots-file: the held ballots' file, instead of the one in the data folder. */
  readonly ballotsFile?: string
  /**
   * A hub (`serve`) creates its ballots' file; a reader (`verify`) opens it only if it is there,
   * and the store refuses a log with secret polls without it.
   */
  readonly create: boolean
  /**
   * A hub (`serve`) announces each append to the other hub processes on the schema from inside
   * its transaction (PostgresStoreOptions.announceAppends).
   */
  readonly announceAppends?: boolean
}

/** The held ballots' file of `schema` in the data folder. */
export function postgresBallotsFile(ctx: Context, schema: string): string {
  return join(ctx.dataDir, postgresBallotsFileName(schema))
}

/** Opens the PostgreSQL store with its held ballots' file; errors become CliErrors. */
export async function openPostgresHubStore(
  ctx: Context,
  request: PostgresStoreRequest,
): Promise<EventStore> {
  const file = request.ballotsFile ?? postgresBallotsFile(ctx, request.schema)
  if (!request.create && request.ballotsFile !== undefined && !existsSync(file))
    throw new CliError(`--ballots-file: ${file} does not exist`)
  const withFile = request.create || existsSync(file)
  const key = withFile ? ballotsKey(ctx) : undefined
  try {
    return await openPostgresStore(request.database, {
      schema: request.schema,
      ...(withFile ? { ballotsFile: file } : {}),
      ...(key === undefined ? {} : { ballotsKey: key }),
      announceAppends: request.announceAppends === true,
    })
  } catch (error) {
    throw new CliError(`cannot open the store: ${(error as Error).message}`, { cause: error })
  }
}

/**
 * The key the ballots' file is encrypted under: the data folder's store key when the folder is
 * encrypted, or is new and a passphrase or key file is given; none beside a plain SQLite store.
 */
function ballotsKey(ctx: Context): Uint8Array | undefined {
  const plainStore =
    !existsSync(storeKeyHeaderFile(ctx.storeFile)) &&
    existsSync(ctx.storeFile) &&
    statSync(ctx.storeFile).size > 0
  return plainStore ? undefined : ctx.storeKey()
}
