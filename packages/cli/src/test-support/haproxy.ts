// HAProxy from Debian in front of a hub cluster, for its test and bench: one HTTP frontend over
// the hub processes, and one TCP frontend over the PostgreSQL servers that sends connections only
// to the one taking writes (checked with `SELECT pg_is_in_recovery()`). The configuration is the
// one docs/deploy.md gives operators, with the ports and intervals of a test.
import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/** Where Debian's haproxy lives, or null when it is not installed. */
export function haproxyBinary(): string | null {
  return ['/usr/sbin/haproxy', '/usr/bin/haproxy'].find((p) => existsSync(p)) ?? null
}

export interface HaproxyOptions {
  /** Folder for the configuration and the check script. */
  readonly dir: string
  /** The port hubs are reached at (HTTP). */
  readonly hubPort: number
  /** A second port where every request, submissions too, goes to any hub (for the bench). */
  readonly spreadPort?: number
  /** The hub processes' ports. */
  readonly hubs: readonly number[]
  /** The port the hubs reach PostgreSQL at. */
  readonly pgPort: number
  /** The PostgreSQL servers' ports, primary first. */
  readonly pgServers: readonly number[]
  /** The psql binary the check runs. */
  readonly psql: string
}

/** The check HAProxy runs on each PostgreSQL server: up only when it takes writes. */
export function primaryCheckScript(psql: string): string {
  return [
    '#!/bin/sh',
    '# HAProxy external check: $3 is the server address, $4 its port. Up only on a primary.',
    `exec ${psql} -h "$3" -p "$4" -U postgres -d postgres -XqAtc 'SELECT pg_is_in_recovery()' 2>/dev/null | grep -qx f`,
    '',
  ].join('\n')
}

/** A backend over the hub processes; a killed one is skipped, its requests sent to another. */
function hubBackend(name: string, balance: string, ports: readonly number[]): string[] {
  return [
    `backend ${name}`,
    '  mode http',
    `  balance ${balance}`,
    '  option redispatch',
    '  retries 3',
    '  option httpchk GET /api/health',
    '  http-check expect status 200',
    ...ports.map(
      (port, i) => `  server hub${i + 1} 127.0.0.1:${port} check inter 500ms fall 2 rise 1`,
    ),
    '',
  ]
}

/** The configuration: `hub` over the hub processes, `postgres` over the database servers. */
export function haproxyConfig(options: HaproxyOptions, checkScript: string): string {
  return [
    'global',
    '  maxconn 4000',
    '  external-check',
    '  insecure-fork-wanted',
    '',
    'defaults',
    '  timeout connect 2s',
    '  timeout queue 10s',
    // Streams stay open for long; hubs send a comment line every 15 s.
    '  timeout client 1h',
    '  timeout server 1h',
    // A check slower than this counts as failed (a loaded machine forks psql slowly).
    '  timeout check 3s',
    '',
    // Reads and streams go to whichever hub has the fewest connections; submissions (POST) all
    // go to the first hub up, since the database takes one append at a time anyway and hubs
    // writing the same space at once only retry each other's conflicts.
    'frontend hub',
    `  bind 127.0.0.1:${options.hubPort}`,
    '  mode http',
    '  use_backend hub_writes if METH_POST',
    '  default_backend hub_reads',
    '',
    ...hubBackend('hub_reads', 'leastconn', options.hubs),
    ...hubBackend('hub_writes', 'first', options.hubs),
    ...(options.spreadPort === undefined
      ? []
      : [
          // For the bench: every request to whichever hub has the fewest connections.
          'frontend hub_spread',
          `  bind 127.0.0.1:${options.spreadPort}`,
          '  mode http',
          '  default_backend hub_reads',
          '',
        ]),
    'listen postgres',
    `  bind 127.0.0.1:${options.pgPort}`,
    '  mode tcp',
    '  option external-check',
    `  external-check command ${checkScript}`,
    '  external-check path "/usr/bin:/bin"',
    // A server no longer primary loses its sessions at once, so no hub keeps writing to it.
    ...options.pgServers.map(
      (port, i) =>
        `  server pg${i + 1} 127.0.0.1:${port} check inter 500ms fall 2 rise 2 on-marked-down shutdown-sessions`,
    ),
    '',
  ].join('\n')
}

export interface Haproxy {
  readonly child: ChildProcess
  stop(): Promise<void>
}

/** Writes the configuration and starts haproxy in the foreground; resolves once it listens. */
export async function startHaproxy(options: HaproxyOptions): Promise<Haproxy> {
  const binary = haproxyBinary()
  if (binary === null) throw new Error('haproxy is not installed (apt-get install -y haproxy)')
  const script = join(options.dir, 'pg-primary-check.sh')
  writeFileSync(script, primaryCheckScript(options.psql))
  chmodSync(script, 0o755)
  const config = join(options.dir, 'haproxy.cfg')
  writeFileSync(config, haproxyConfig(options, script))
  const child = spawn(binary, ['-db', '-f', config], { stdio: ['ignore', 'pipe', 'pipe'] })
  let log = ''
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()))
  child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()))
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()))
  // Listening once a connection to the hub frontend is taken.
  const { connect } = await import('node:net')
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${log}`)
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(options.hubPort, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) break
    if (i > 100) {
      child.kill('SIGKILL')
      throw new Error(`haproxy did not start: ${log}`)
    }
    await new Promise((r) => setTimeout(r, 50))
  }
  return {
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM')
      await exited
    },
  }
}
