// A PostgreSQL primary with one synchronous streaming replica, started from nothing with Debian's
// own tools (initdb, pg_ctl, pg_basebackup) on loopback ports, in a temporary folder: for the hub
// cluster test and bench. As root the tools run as the `postgres` user (they refuse root). The
// replica is synchronous (`synchronous_standby_names`), so a commit is acknowledged only once the
// replica has it on disk, and failing over to it loses nothing acknowledged.
import { execFile } from 'node:child_process'
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, appendFileSync } from 'node:fs'
import { userInfo } from 'node:os'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The folder holding initdb, pg_ctl, pg_basebackup of the newest PostgreSQL installed, or null. */
export function postgresBinaries(): string | null {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return null
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(root, v, 'bin', 'pg_basebackup')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? null : join(root, versions[0], 'bin')
}

/** The uid and gid of the `postgres` user (from /etc/passwd), for chown. */
async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const { stdout } = await run('id', ['-u', 'postgres'])
  const { stdout: gid } = await run('id', ['-g', 'postgres'])
  return { uid: Number(stdout.trim()), gid: Number(gid.trim()) }
}

export interface PgServer {
  readonly port: number
  readonly dataDir: string
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database?: string): string
}

export interface PgReplication {
  readonly primary: PgServer
  readonly replica: PgServer
  readonly root: string
  /** Stops the primary as a crash would (`pg_ctl stop -m immediate`). */
  crashPrimary(): Promise<void>
  /** Promotes the replica to a primary that takes writes (`pg_ctl promote`), and waits for it. */
  promoteReplica(): Promise<void>
  /** Runs one of PostgreSQL's tools (pg_dump, psql, …) from the same folder, as postgres. */
  tool(name: string, args: readonly string[]): Promise<string>
  /** Stops both servers and removes the folder. */
  stop(): Promise<void>
}

export interface PgReplicationOptions {
  readonly primaryPort: number
  readonly replicaPort: number
  /** Databases created on the primary before the replica is copied from it. */
  readonly databases: readonly string[]
}

/** Starts a primary and a synchronous replica; rejects with the servers' log on failure. */
export async function startPgReplication(options: PgReplicationOptions): Promise<PgReplication> {
  const bin = postgresBinaries()
  if (bin === null) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql')
  const root = mkdtempSync(join(tmpdir(), 'veche-pg-'))
  const asRoot = userInfo().uid === 0
  if (asRoot) {
    const { uid, gid } = await postgresUser()
    chownSync(root, uid, gid)
  }
  const tool = async (name: string, args: readonly string[]): Promise<string> => {
    const command = asRoot ? 'runuser' : join(bin, name)
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, name), ...args] : [...args]
    const { stdout } = await run(command, full, { cwd: root, maxBuffer: 256 * 1024 * 1024 })
    return stdout
  }
  const primaryDir = join(root, 'primary')
  const replicaDir = join(root, 'replica')
  const server = (port: number, dataDir: string): PgServer => ({
    port,
    dataDir,
    url: (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`,
  })
  const primary = server(options.primaryPort, primaryDir)
  const replica = server(options.replicaPort, replicaDir)
  const started: string[] = []
  const ctl = (dir: string, ...args: string[]) =>
    tool('pg_ctl', [
      '-D',
      dir,
      '-l',
      join(root, `${dir === primaryDir ? 'primary' : 'replica'}.log`),
      ...args,
    ])
  const stopAll = async (): Promise<void> => {
    for (const dir of started.splice(0)) {
      await tool('pg_ctl', ['-D', dir, 'stop', '-m', 'immediate']).catch(() => undefined)
    }
  }
  try {
    await tool('initdb', [
      '-D',
      primaryDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-sync',
    ])
    appendFileSync(
      join(primaryDir, 'postgresql.conf'),
      [
        `port = ${options.primaryPort}`,
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${root}'`,
        'wal_level = replica',
        'max_wal_senders = 4',
        'max_connections = 100',
        'shared_buffers = 32MB',
        '',
      ].join('\n'),
    )
    await ctl(primaryDir, '-w', 'start')
    started.push(primaryDir)
    for (const database of options.databases) {
      await tool('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(primary.port),
        '-U',
        'postgres',
        '-XqAtc',
        `CREATE DATABASE ${database}`,
      ])
    }
    await tool('pg_basebackup', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-D',
      replicaDir,
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ])
    appendFileSync(
      join(replicaDir, 'postgresql.auto.conf'),
      [
        `port = ${options.replicaPort}`,
        `primary_conninfo = 'host=127.0.0.1 port=${options.primaryPort} user=postgres application_name=replica'`,
        '',
      ].join('\n'),
    )
    await ctl(replicaDir, '-w', 'start')
    started.push(replicaDir)
    // Every commit now waits until the replica has it on disk: failover loses nothing
    // acknowledged. (Set once the replica runs: before, a commit would wait for it for ever.)
    await tool('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(primary.port),
      '-U',
      'postgres',
      '-XqAt',
      '-c',
      "ALTER SYSTEM SET synchronous_standby_names = 'replica'",
      '-c',
      'SELECT pg_reload_conf()',
    ])
    // Ready once the primary names the replica as its synchronous standby.
    for (let i = 0; ; i++) {
      const state = await tool('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(primary.port),
        '-U',
        'postgres',
        '-XqAtc',
        "SELECT sync_state FROM pg_stat_replication WHERE application_name = 'replica'",
      ])
      if (state.trim() === 'sync') break
      if (i > 100) throw new Error(`the replica did not become synchronous: ${state}`)
      await new Promise((r) => setTimeout(r, 100))
    }
  } catch (error) {
    await stopAll()
    const logs = ['primary.log', 'replica.log'].map((f) => join(root, f)).filter(existsSync)
    throw new Error(
      `could not start PostgreSQL in ${root} (logs: ${logs.join(', ')}): ${String(error)}`,
      {
        cause: error,
      },
    )
  }
  return {
    primary,
    replica,
    root,
    async crashPrimary() {
      await tool('pg_ctl', ['-D', primaryDir, 'stop', '-m', 'immediate'])
      started.splice(started.indexOf(primaryDir), 1)
    },
    async promoteReplica() {
      await tool('pg_ctl', ['-D', replicaDir, '-w', 'promote'])
    },
    tool,
    async stop() {
      await stopAll()
      rmSync(root, { recursive: true, force: true })
    },
  }
}
