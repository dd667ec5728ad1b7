// A hub cluster on this machine, for the cluster test and bench: a PostgreSQL primary with a
// synchronous replica (pg-replication.ts), HAProxy in front of both the database and the hubs
// (haproxy.ts), and `veche serve` processes reaching PostgreSQL through HAProxy, so that after a
// failover they reconnect to whichever server takes writes. Everything on loopback, on free ports.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { haproxyBinary, startHaproxy } from './haproxy.js'
import type { Haproxy } from './haproxy.js'
import { postgresBinaries, startPgReplication } from './pg-replication.js'
import type { PgReplication } from './pg-replication.js'

const BIN = fileURLToPath(new URL('../../bin/veche.js', import.meta.url))

/** What the cluster needs that npm cannot install, or null when all is there. */
export function missingClusterTools(): string | null {
  const missing = [
    ...(postgresBinaries() === null ? ['PostgreSQL server binaries (postgresql-15)'] : []),
    ...(haproxyBinary() === null ? ['haproxy'] : []),
  ]
  return missing.length === 0 ? null : missing.join(' and ')
}

/**
 * Whether a cluster test named `file` can run: with PostgreSQL given (`pg`) and the tools missing,
 * CI fails at once and elsewhere the skip is said on stderr. True when the tests should run.
 */
export function clusterTestRuns(file: string, pg: string | undefined): boolean {
  if (pg === undefined) return false
  const missing = missingClusterTools()
  if (missing === null) return true
  if (process.env.CI !== undefined) throw new Error(`the hub cluster test needs ${missing}`)
  process.stderr.write(
    `${file}: skipped, it needs ${missing} (apt-get install -y haproxy postgresql-15)\n`,
  )
  return false
}

/** A free TCP port on loopback (free when asked; taken by whoever binds it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

export interface HubProcess {
  readonly port: number
  readonly url: string
  /** Its data folder (one shared by all, or one each for a cluster of machines). */
  readonly data: string
  child: ChildProcess
  /** What the process printed (stdout and stderr). */
  log: string
}

export interface HubCluster {
  /** The hubs through HAProxy: http://127.0.0.1:<port> */
  readonly url: string
  /** The hubs through HAProxy with submissions spread over all of them too. */
  readonly spreadUrl: string
  /** The database through HAProxy (what the hubs use). */
  readonly databaseUrl: string
  readonly hubs: readonly HubProcess[]
  readonly pg: PgReplication
  readonly haproxy: Haproxy
  /** Starts hub `i` again on its port (after a kill). */
  restartHub(i: number): Promise<void>
  stop(): Promise<void>
}

export interface HubClusterOptions {
  readonly hubs: number
  /** The database the hubs use (created on the primary before the replica is copied). */
  readonly database?: string
  /** Extra databases to create (for a restore). */
  readonly databases?: readonly string[]
  /**
   * As machines of one cluster: each hub with a data folder (and so a ballots' file) of its own,
   * the others as its `--cluster-peer`s, and this key in its `--cluster-key-file`. Without it, the
   * hubs share one data folder, as processes of one machine do.
   */
  readonly clusterKey?: string
  /**
   * The hubs reach the primary directly, not through HAProxy: for a test that fails no database
   * over, on a machine so loaded that HAProxy's psql check of the primary times out and cuts the
   * hubs' sessions.
   */
  readonly directDatabase?: boolean
}

/** Starts `veche serve` on `port` against `databaseUrl`; resolves once it listens. */
function startHub(
  port: number,
  databaseUrl: string,
  data: string,
  extra: readonly string[] = [],
): Promise<HubProcess> {
  const child = spawn(
    process.execPath,
    [
      BIN,
      '--data',
      data,
      'serve',
      '--database',
      databaseUrl,
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      // Behind HAProxy every client has the proxy's address.
      '--max-streams-per-client',
      '10000',
      ...extra,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const hub: HubProcess = { port, url: `http://127.0.0.1:${port}`, data, child, log: '' }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start: ${hub.log}`)), 90_000)
    child.stdout.on('data', (chunk: Buffer) => {
      hub.log += chunk.toString()
      if (hub.log.includes('listening on port')) {
        clearTimeout(timer)
        resolve(hub)
      }
    })
    child.stderr.on('data', (chunk: Buffer) => (hub.log += chunk.toString()))
    child.once('exit', (code, signal) => {
      clearTimeout(timer)
      reject(new Error(`hub exited with ${code ?? signal}: ${hub.log}`))
    })
  })
}

/** Waits until `count` connections in a row through HAProxy reach a primary. */
async function waitForPrimary(pg: PgReplication, port: number, count = 6): Promise<void> {
  let inARow = 0
  for (let i = 0; i < 200 && inARow < count; i++) {
    const answer = await pg
      .tool('psql', [
        '-h',
        '127.0.0.1',
        '-p',
        String(port),
        '-U',
        'postgres',
        '-XqAtc',
        'SELECT pg_is_in_recovery()',
      ])
      .catch(() => 'error')
    inARow = answer.trim() === 'f' ? inARow + 1 : 0
    if (inARow < count) await new Promise((r) => setTimeout(r, 100))
  }
  if (inARow < count) throw new Error(`HAProxy does not reach a PostgreSQL primary on ${port}`)
}

export async function startHubCluster(options: HubClusterOptions): Promise<HubCluster> {
  const database = options.database ?? 'veche'
  const [primaryPort, replicaPort, pgPort, hubPort, spreadPort, ...hubPorts] = await Promise.all(
    Array.from({ length: 5 + options.hubs }, () => freePort()),
  )
  const pg = await startPgReplication({
    primaryPort: primaryPort!,
    replicaPort: replicaPort!,
    databases: [database, ...(options.databases ?? [])],
  })
  const dir = mkdtempSync(join(tmpdir(), 'veche-cluster-'))
  const data = join(dir, 'data')
  let haproxy: Haproxy | null = null
  const hubs: HubProcess[] = []
  const stop = async (): Promise<void> => {
    for (const hub of hubs) if (hub.child.exitCode === null) hub.child.kill('SIGKILL')
    await haproxy?.stop()
    await pg.stop()
    rmSync(dir, { recursive: true, force: true })
  }
  try {
    haproxy = await startHaproxy({
      dir,
      hubPort: hubPort!,
      spreadPort: spreadPort!,
      hubs: hubPorts,
      pgPort: pgPort!,
      pgServers: [primaryPort!, replicaPort!],
      psql: join(postgresBinaries()!, 'psql'),
    })
    await waitForPrimary(pg, pgPort!)
    const databaseUrl =
      options.directDatabase === true
        ? pg.primary.url(database)
        : `postgres://postgres@127.0.0.1:${pgPort}/${database}`
    const keyFile = join(dir, 'cluster.key')
    if (options.clusterKey !== undefined) writeFileSync(keyFile, `${options.clusterKey}\n`)
    /** Hub `i`'s data folder and its cluster options. */
    const machine = (i: number): { data: string; extra: string[] } =>
      options.clusterKey === undefined
        ? { data, extra: [] }
        : {
            data: join(dir, `data-${i}`),
            extra: [
              '--cluster-key-file',
              keyFile,
              ...hubPorts.flatMap((port, j) =>
                j === i ? [] : ['--cluster-peer', `http://127.0.0.1:${port}`],
              ),
            ],
          }
    const start = (i: number): Promise<HubProcess> =>
      startHub(hubPorts[i]!, databaseUrl, machine(i).data, machine(i).extra)
    // One first, so the schema is created once; then the others.
    hubs.push(await start(0))
    hubs.push(...(await Promise.all(hubPorts.slice(1).map((_, i) => start(i + 1)))))
    const live = haproxy
    return {
      url: `http://127.0.0.1:${hubPort}`,
      spreadUrl: `http://127.0.0.1:${spreadPort}`,
      databaseUrl,
      hubs,
      pg,
      haproxy: live,
      async restartHub(i) {
        hubs[i] = await start(i)
      },
      stop,
    }
  } catch (error) {
    await stop()
    throw error
  }
}
