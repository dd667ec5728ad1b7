// `veche serve`: runs a hub. The embedded SQLite store in the data folder by default (the same
// DATA/veche.db the other commands use), PostgreSQL with --database. Listens on every interface so
// phones on the hall's Wi-Fi can join, prints each LAN address and a QR code for the first, and
// shuts down cleanly on SIGINT/SIGTERM (streams ended, requests finished, store closed). Unless
// --no-tls, it speaks HTTPS on the same port with a certificate signed by an authority of its own
// (hub-certificate.ts, hub-authority.ts), offers that authority at /ca for members to install, and
// prints https:// addresses and both fingerprints: phones need a secure page to make keys, and a
// trusted one to keep the app offline.
import { networkInterfaces } from 'node:os'
import type { NetworkInterfaceInfo } from 'node:os'
import { join } from 'node:path'
import { Command, InvalidArgumentError, Option } from '../commander.js'
import type { AppendNotifier, AppFingerprint, FileLimit, PeerSync } from '@veche/server'
import type { SpaceId } from '@veche/core'
import { createParallelVerifier, Ledger } from '@veche/store'
import type { EventStore } from '@veche/store'
import { CliError } from '../cli-error.js'
import { saveCodeCache } from '../code-cache.js'
import type { Context } from '../context.js'
import type { HubCertificate } from '../hub-certificate.js'
import type { Identity } from '../identities.js'
import { openPostgresHubStore, postgresBallotsFile } from '../postgres-store.js'
import { withContext } from '../run-command.js'
import { demoAssembly, demoInvitation, seedDemo } from './demo-command.js'
import {
  checkReplicationKeys,
  collectReplicationKey,
  collectSpace,
  parseHubUrl,
} from './sync-command.js'
import { terminalSafe } from '../terminal-text.js'

interface ServeOptions {
  readonly port: number
  readonly host: string
  readonly database?: string
  readonly schema: string
  readonly ballotsFile?: string
  readonly demo?: boolean
  readonly logLevel: string
  readonly peer?: string[]
  readonly syncInterval: number
  readonly syncSpace?: SpaceId[]
  readonly replicationKey?: Map<SpaceId, string>
  readonly clusterPeer?: string[]
  readonly clusterKeyFile?: string
  readonly publicUrl?: string
  readonly maxStreams?: number
  readonly maxStreamsPerClient?: number
  readonly memberQuota: number
  readonly largeBodyRate: number
  readonly memberQuotaHours: number
  readonly futureTolerance: number
  readonly tend?: boolean
  /** false with --no-tls: plain HTTP only (behind a proxy that holds a real certificate). */
  readonly tls: boolean
}

function parseSeconds(value: string): number {
  const seconds = Number(value)
  if (!Number.isFinite(seconds) || seconds < 0.1 || seconds > 86_400) {
    throw new InvalidArgumentError('give a number of seconds from 0.1 to 86400')
  }
  return seconds
}

async function parsePublicUrlOption(value: string): Promise<string> {
  const { parsePublicUrl } = await import('@veche/server')
  const parsed = parsePublicUrl(value)
  if (!parsed.ok) throw new CliError(`--public-url: ${parsed.reason}`)
  return parsed.origin
}

function parseCount(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 1)
    throw new InvalidArgumentError('give a whole number from 1')
  return n
}

function parseQuota(value: string): number {
  const n = Number(value)
  if (!Number.isSafeInteger(n) || n < 0)
    throw new InvalidArgumentError('give a whole number from 0')
  return n
}

function parseHours(value: string): number {
  const hours = Number(value)
  if (!Number.isFinite(hours) || hours < 0.01 || hours > 8_760)
    throw new InvalidArgumentError('give a number of hours from 0.01 to 8760')
  return hours
}

function collectPeer(value: string, previous: string[] = []): string[] {
  return [...previous, parseHubUrl(value)]
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new InvalidArgumentError('a port is a whole number from 0 to 65535')
  }
  return port
}

/**
 * Tends secret polls as `me` (secret-tending.ts) and closes polls whose deadline passed
 * (deadline-closing.ts), each step on stdout, each problem on stderr.
 */
async function startTending(
  ledger: Ledger,
  me: Identity,
  ctx: Context,
): Promise<() => Promise<void>> {
  const { startSecretTending } = await import('../secret-tending.js')
  const { startDeadlineClosing } = await import('../deadline-closing.js')
  const { walletFolder } = await import('../secret-wallets.js')
  const stopClosing = startDeadlineClosing(ledger, me, {
    onClosed: (_space, poll, ballots) =>
      process.stdout.write(`tend: ${poll}: closed at its deadline, ${ballots} ballot(s) sealed\n`),
    onProblem: (space, poll, message) =>
      process.stderr.write(terminalSafe(`tend: ${poll ?? space}: ${message}\n`)),
  })
  const stopSecret = startSecretTending(ledger, me, walletFolder(ctx, me.publicKey), {
    onStep: (s) =>
      process.stdout.write(
        s.step === 'sealed'
          ? `tend: ${s.poll}: sealed at its deadline, ${s.count ?? 0} ballot(s) sealed\n`
          : `tend: ${s.poll}: ${s.step}${s.count === undefined ? '' : ` ${s.count}`}\n`,
      ),
    onProblem: (p) => process.stderr.write(terminalSafe(`tend: ${p.poll}: ${p.message}\n`)),
    onError: (e) => process.stderr.write(terminalSafe(`tend: ${e.message}\n`)),
  })
  return async () => {
    await stopClosing()
    await stopSecret()
  }
}

/**
 * The addresses people can join at: every non-internal IPv4 address, then every non-internal IPv6
 * one but link-local (fe80::/10 needs a zone, %eth0, that no URL carries), bracketed; or the one
 * bound. A loopback address is always given as http://: a browser counts it as a secure page
 * (WebCrypto and service workers work), with no certificate to trust.
 */
export function joinAddresses(
  host: string,
  port: number,
  scheme: 'http' | 'https' = 'http',
  interfaces: ReturnType<typeof networkInterfaces> = networkInterfaces(),
): string[] {
  if (host !== '0.0.0.0' && host !== '::') {
    const name = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host
    return [`${isLoopback(host) ? 'http' : scheme}://${name}:${port}/`]
  }
  const found = Object.values(interfaces)
    .flat()
    .filter((a): a is NetworkInterfaceInfo => a !== undefined && !a.internal)
  const v4 = found
    .filter((a) => a.family === 'IPv4')
    .map((a) => `${scheme}://${a.address}:${port}/`)
  const v6 = found
    .filter((a) => a.family === 'IPv6' && !/^fe[89ab]/i.test(a.address))
    .map((a) => `${scheme}://[${a.address}]:${port}/`)
  const addresses = [...v4, ...v6]
  return addresses.length > 0 ? addresses : [`http://localhost:${port}/`]
}

/** Whether `host` names this machine's loopback (127.0.0.0/8, ::1, localhost). */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase()
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare)
}

/** Whether `address` is an https:// one at an IP address the certificate does not name. */
function unnamed(address: string, named: readonly string[]): boolean {
  const url = new URL(address)
  const host = url.hostname.replace(/^\[|\]$/g, '')
  return url.protocol === 'https:' && /^[\d.]+$|:/.test(host) && !named.includes(host)
}

/**
 * The addresses printed under "Join at": with `--public-url` (a reverse proxy's address, say),
 * that address first, so the QR code and the demo's links lead there; then this machine's own.
 */
export function withPublicUrl(local: readonly string[], publicUrl: string | undefined): string[] {
  if (publicUrl === undefined) return [...local]
  const url = `${publicUrl}/`
  return [url, ...local.filter((a) => a !== url)]
}

/**
 * The join addresses with those the certificate names first (the QR code is for the first): at a
 * public address, which the hub's authority cannot vouch for, every phone warns.
 */
export function namedFirst(addresses: readonly string[], named: readonly string[]): string[] {
  return [
    ...addresses.filter((a) => !unnamed(a, named)),
    ...addresses.filter((a) => unnamed(a, named)),
  ]
}

/** A join address as printed: one at an address the certificate cannot name says so. */
export function joinLine(address: string, named: readonly string[]): string {
  return unnamed(address, named)
    ? `  ${address}  (a public address, which the hub's authority cannot vouch for: phones warn here)`
    : `  ${address}`
}

/**
 * Under the https:// join addresses: the hub authority's fingerprint and where members install it
 * (`caPage`, over plain http so that no warning stands in the way), and the certificate's own
 * fingerprint for a phone that has not installed it and shows a warning.
 */
export function certificateLines(
  certificate: Pick<HubCertificate, 'fingerprint' | 'authority'>,
  port: number,
  caPage: string,
): string[] {
  return [
    `  (on this computer also http://localhost:${port}/)`,
    `Hub authority: SHA-256 ${certificate.authority.fingerprint}${certificate.authority.made ? ' (new at this start)' : ''}`,
    `  (members install it once from ${caPage}, which says how, after comparing this fingerprint;`,
    '  then their phones trust the hub with no warning, and the app works offline and installs)',
    `Certificate: signed by the hub authority, SHA-256 ${certificate.fingerprint}`,
    '  (a phone without the authority warns that the connection is not private: check that the',
    '  fingerprint in the certificate details matches this one, then tap Advanced → Proceed)',
  ]
}

/**
 * Under the printed addresses (--no-tls), when one is plain http:// at a LAN address: browsers
 * make keys only on a secure page (https://, or localhost), so a phone opening it gets the app's
 * "open Veche at a secure address" page, and the operator should know why before handing it out.
 */
export function insecureNote(addresses: readonly string[], port: number): string[] {
  return addresses.some((a) => a.startsWith('http://') && !/^http:\/\/(localhost|127\.)/.test(a))
    ? [
        `  (a phone needs the hub at an https:// address: serve without --no-tls, or put TLS in front, docs/deploy.md; on this computer open http://localhost:${port}/)`,
      ]
    : []
}

/** What the hub holds open at most, and whether the open-files limit lowered it. */
function streamsLine(
  files: FileLimit | null,
  streams: { total: number; perClient: number },
  wanted: number,
): string {
  const short =
    files !== null && streams.total < wanted
      ? ` (the open-files limit, ${files.soft}, allows no more: raise it with ulimit -n, or LimitNOFILE= under systemd)`
      : ''
  return `Streams: at most ${streams.total}, ${streams.perClient} per client${short}`
}

export function serveCommand(): Command {
  return new Command('serve')
    .description('run a hub: the HTTP API and live streams, on this machine')
    .addOption(
      new Option('--port <port>', 'TCP port (0: any free port)')
        .env('PORT')
        .argParser(parsePort)
        .default(8080),
    )
    .option('--host <address>', 'address to listen on (all interfaces by default)', '0.0.0.0')
    .option('--database <url>', 'a PostgreSQL URL (default: SQLite in the data folder)')
    .option('--schema <name>', 'the PostgreSQL schema', 'public')
    .option(
      '--ballots-file <file>',
      "with --database: the held secret ballots' file (default DATA/postgres-<schema>.ballots)",
    )
    .option('--demo', 'seed the demo assembly when the store is empty')
    .option('--log-level <level>', 'fatal, error, warn, info or debug', 'warn')
    .option('--peer <url>', 'another hub to keep replicating with (repeatable)', collectPeer)
    .option('--sync-interval <seconds>', 'seconds between passes with each peer', parseSeconds, 5)
    .option('--sync-space <id>', 'replicate only this space with peers (repeatable)', collectSpace)
    .option(
      '--replication-key <space=key>',
      'a private space this hub may replicate, with its key (repeatable)',
      collectReplicationKey,
    )
    .option(
      '--cluster-peer <url>',
      'another process of this cluster (other machines on the same database): held secret ballots are passed to one before they are acknowledged, and everything is replicated with it (repeatable; needs --cluster-key-file)',
      collectPeer,
    )
    .option(
      '--cluster-key-file <file>',
      "a file holding the cluster's key (the same on every process; base64url, at least 16 bytes): it stands for every private space's replication key between cluster peers",
    )
    .option(
      '--public-url <url>',
      'the address people reach this hub at (https://…): absolute links in feeds start with it, and "Join at" and its QR code give it first',
    )
    .option(
      '--max-streams <n>',
      'live streams open at most (default 10000, fewer if the open-files limit is low)',
      parseCount,
    )
    .option(
      '--max-streams-per-client <n>',
      'live streams one client address keeps open at most (default 256; raise it behind a proxy)',
      parseCount,
    )
    .option(
      '--large-body-rate <members>',
      'JSON members of large bodies (over 20000 members each) one client address may send per second, 20 seconds of it at once; past it such a body is refused unread (request.too-busy) until the budget refills (0: none; raise it behind a proxy, where every client has its address)',
      parseQuota,
      60_000,
    )
    .option(
      '--member-quota <events>',
      'events one member may have accepted in one space through this hub within --member-quota-hours (sent directly; sync still takes what another hub took; 0: no quota)',
      parseQuota,
      20_000,
    )
    .option(
      '--member-quota-hours <hours>',
      "the sliding window of --member-quota, by this hub's clock",
      parseHours,
      24,
    )
    .option(
      '--future-tolerance <hours>',
      "how far ahead of this hub's clock an event sent to it may claim its time; later ones are refused (event.claimed-future), as a date in the future would hold an election or count until then; replication still takes what another hub took",
      parseHours,
      24,
    )
    .option(
      '--no-tls',
      "plain HTTP only: no certificate of the hub's own (behind a proxy that holds a real one)",
    )
    .option(
      '--tend',
      "tend polls as this hub's identity (--as): close polls at their deadline; secret polls' issuer keys, credentials, shares, counts",
    )
    .action(
      withContext(async (ctx, options: ServeOptions) => {
        const tender = options.tend === true ? await ctx.identity() : null
        // Loaded here, not at the top: every other command starts faster without the hub.
        const {
          appFingerprint,
          createHub,
          createPostgresNotifier,
          DEFAULT_MAX_STREAMS,
          explainPeerFailure,
          readFileLimit,
          startPeerSync,
        } = await import('@veche/server')
        // Each stream holds a file descriptor (Node has already raised its soft limit to the hard one).
        const files = readFileLimit()
        const { default: QRCode } = await import('qrcode')
        await checkReplicationKeys(options.replicationKey)
        const clusterKey =
          options.clusterKeyFile === undefined
            ? undefined
            : await readClusterKey(options.clusterKeyFile)
        if (options.clusterPeer !== undefined && clusterKey === undefined) {
          throw new CliError(
            '--cluster-peer needs --cluster-key-file: the processes of a cluster prove one key to each other',
          )
        }
        const publicUrl =
          options.publicUrl === undefined
            ? undefined
            : await parsePublicUrlOption(options.publicUrl)
        let store: EventStore
        let notifier: AppendNotifier | undefined
        try {
          if (options.database === undefined) {
            store = await ctx.openStore()
          } else {
            store = await openPostgresHubStore(ctx, {
              database: options.database,
              schema: options.schema,
              create: true,
              announceAppends: true,
              ...(options.ballotsFile === undefined ? {} : { ballotsFile: options.ballotsFile }),
            })
            notifier = createPostgresNotifier(options.database, options.schema)
          }
        } catch (error) {
          if (error instanceof CliError) throw error
          throw new CliError(`cannot open the store: ${(error as Error).message}`, { cause: error })
        }
        // The event loop is a hub's one busy thread (HTTP, rules, the store's calls), so every
        // check goes to the workers whatever the size of the group, and the event loop checks a
        // part itself only if no worker has taken it within 2 ms (a machine with no core free):
        // its free turns are the next requests'. On PostgreSQL too, since the checks are posted as
        // one buffer a group (BENCHMARKS.md, "hub one ballot per request, fourth pass").
        const verifier = createParallelVerifier(undefined, { minParallel: 1, callerWaitMs: 2 })
        const ledger = new Ledger(store, verifier)
        let demo: SpaceId | undefined
        let demoCode: string | null = null
        if (options.demo === true) {
          demo =
            (await demoAssembly(ledger, ctx.dataDir, ctx.passphrase())) ??
            (await seedDemo(ledger, ctx.dataDir, ctx.passphrase()))
          demoCode = await demoInvitation(ledger, ctx.dataDir, demo, ctx.passphrase())
        }
        const certificate = options.tls ? await loadCertificate(ctx.dataDir) : null
        const hub = await createHub({
          ledger,
          storeKind: options.database === undefined ? 'sqlite' : 'postgres',
          log: { level: options.logLevel },
          futureToleranceMs: Math.round(options.futureTolerance * 3_600_000),
          ...(options.replicationKey === undefined
            ? {}
            : { replicationKeys: options.replicationKey }),
          ...(clusterKey === undefined ? {} : { clusterKey }),
          ...(options.clusterPeer === undefined ? {} : { clusterPeers: options.clusterPeer }),
          ...(notifier === undefined ? {} : { notifier }),
          ...(publicUrl === undefined ? {} : { publicUrl }),
          largeBodyBudget: { perSecond: options.largeBodyRate },
          volumeLimit: {
            events: options.memberQuota,
            windowMs: options.memberQuotaHours * 3_600_000,
          },
          ...(options.maxStreams === undefined ? {} : { maxStreams: options.maxStreams }),
          ...(options.maxStreamsPerClient === undefined
            ? {}
            : { maxStreamsPerClient: options.maxStreamsPerClient }),
          ...(certificate === null
            ? {}
            : {
                tls: { key: certificate.key, cert: certificate.cert },
                authority: { cert: certificate.authority.cert },
              }),
        })
        try {
          await hub.app.listen({ host: options.host, port: options.port })
        } catch (error) {
          await hub.close()
          await store.close()
          await verifier.close()
          throw new CliError(
            `cannot listen on ${options.host}:${options.port}: ${(error as Error).message}`,
            {
              cause: error,
            },
          )
        }
        const bound = hub.app.server.address()
        const port = typeof bound === 'object' && bound !== null ? bound.port : options.port
        const local =
          certificate === null
            ? joinAddresses(options.host, port, 'http')
            : namedFirst(joinAddresses(options.host, port, 'https'), certificate.names.ips)
        const addresses = withPublicUrl(local, publicUrl)
        // The QR code is drawn with terminal colours: only for a terminal, never into a log file.
        const qr =
          process.stdout.isTTY === true
            ? await QRCode.toString(addresses[0]!, { type: 'terminal', small: true })
            : null
        const stopTending = tender === null ? null : await startTending(ledger, tender, ctx)
        // A failure's cause with what to do about it, in the words `veche sync` uses.
        const failure = (error: Error): string => {
          const advice = explainPeerFailure(error)
          return `${terminalSafe(error.message)}${advice === undefined ? '' : `; ${advice.hint}`}`
        }
        /** Spaces a pass left out, per peer, and why: each is logged once, not every pass. */
        const skipped = new Map<string, string>()
        const syncWith = (peerUrls: string[], cluster: string | undefined): PeerSync =>
          startPeerSync({
            ledger,
            peers: peerUrls,
            intervalMs: options.syncInterval * 1_000,
            ...(options.syncSpace === undefined ? {} : { spaces: options.syncSpace }),
            ...(options.replicationKey === undefined
              ? {}
              : { replicationKeys: options.replicationKey }),
            ...(cluster === undefined ? {} : { clusterKey: cluster }),
            onFollowDrop: (peer, error, retryInMs) => {
              process.stderr.write(
                `following ${peer}: ${failure(error)}; trying again in ${Math.round(retryInMs / 1000)} s\n`,
              )
            },
            onPass: (peer, outcome) => {
              if ('error' in outcome) {
                process.stderr.write(
                  `sync with ${peer} failed: ${failure(outcome.error)}; retrying in ${Math.round(outcome.retryInMs / 1000)} s\n`,
                )
                return
              }
              for (const r of outcome.reports) {
                const left = `${peer} ${r.space}`
                if (r.skipped !== skipped.get(left)) {
                  if (r.skipped === undefined) skipped.delete(left)
                  else {
                    skipped.set(left, r.skipped)
                    process.stderr.write(`sync with ${peer}: ${r.space} left out: ${r.skipped}\n`)
                  }
                }
                const moved = r.pulled.accepted + r.pulled.released + r.pushed.accepted
                const refused = [...r.pulled.refused, ...r.pushed.refused]
                if (moved > 0) {
                  process.stdout.write(
                    `sync with ${peer}: ${r.space}: ${r.pulled.accepted + r.pulled.released} pulled, ${r.pushed.accepted} pushed\n`,
                  )
                }
                for (const reason of refused)
                  process.stderr.write(`sync with ${peer}: refused: ${terminalSafe(reason)}\n`)
              }
            },
          })
        const peers = options.peer === undefined ? undefined : syncWith(options.peer, undefined)
        // Cluster peers replicate with the cluster key (every private space): a process started
        // again, or with a new disk, takes the held ballots it lacks from them this way.
        const clusterSync =
          options.clusterPeer === undefined ? undefined : syncWith(options.clusterPeer, clusterKey)
        process.stdout.write(
          [
            `Veche hub on ${options.database === undefined ? join(ctx.dataDir, 'veche.db') : 'PostgreSQL'}, listening on port ${port}`,
            'Join at:',
            ...addresses.map((a) =>
              !local.includes(a)
                ? `  ${a}  (--public-url)`
                : certificate === null
                  ? `  ${a}`
                  : joinLine(a, certificate.names.ips),
            ),
            ...(certificate === null
              ? insecureNote(local, port)
              : certificateLines(certificate, port, `${local[0]!.replace(/^https:/, 'http:')}ca`)),
            ...(qr === null ? [] : [qr]),
            ...(demo === undefined
              ? []
              : [`Demo assembly: ${addresses[0]!}api/spaces/${demo} (live: …/stream)`]),
            ...(demoCode === null
              ? []
              : [`Join the demo assembly: ${addresses[0]!}#/join/${demoCode}`]),
            ...(options.peer === undefined ? [] : [`Replicating with: ${options.peer.join(', ')}`]),
            ...(options.clusterPeer === undefined
              ? []
              : [
                  `Cluster peers (held secret ballots passed on before they are acknowledged): ${options.clusterPeer.join(', ')}`,
                ]),
            ...(options.database === undefined
              ? []
              : ballotsLines(
                  options.ballotsFile ?? postgresBallotsFile(ctx, options.schema),
                  options.peer ?? options.clusterPeer,
                )),
            ...(tender === null
              ? []
              : [`Tending secret polls as ${tender.name}, and closing polls at their deadline`]),
            streamsLine(files, hub.streams, options.maxStreams ?? DEFAULT_MAX_STREAMS),
            appLine(appFingerprint()),
            `API: ${addresses[0]!}api/docs   Stop: Ctrl+C`,
            '',
          ].join('\n'),
        )
        // A hub runs for days: the code it compiled to start (and to answer its first requests)
        // goes into the CLI's code cache a second after it listens, not only at its exit.
        setTimeout(saveCodeCache, 1_000).unref()
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            process.off('SIGINT', stop)
            process.off('SIGTERM', stop)
            resolve()
          }
          process.on('SIGINT', stop)
          process.on('SIGTERM', stop)
        })
        process.stdout.write('Stopping: ending streams, finishing requests, closing the store.\n')
        await peers?.stop()
        await clusterSync?.stop()
        await stopTending?.()
        await hub.close()
        await store.close()
        await verifier.close()
      }),
    )
}

/** The cluster key in `file` (its first line, trimmed). */
async function readClusterKey(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises')
  const { REPLICATION_KEY_PATTERN } = await import('@veche/server')
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new CliError(`--cluster-key-file: cannot read ${file}: ${(error as Error).message}`, {
      cause: error,
    })
  }
  const key = text.split('\n')[0]!.trim()
  if (!REPLICATION_KEY_PATTERN.test(key)) {
    throw new CliError(
      `--cluster-key-file: ${file} must hold a key of at least 22 base64url characters (16 bytes), such as \`openssl rand -base64 32 | tr '+/' '-_' | tr -d '='\``,
    )
  }
  return key
}

async function loadCertificate(dataDir: string): Promise<HubCertificate> {
  const { loadHubCertificate } = await import('../hub-certificate.js')
  try {
    return await loadHubCertificate(dataDir)
  } catch (error) {
    throw new CliError(
      `cannot make or read the hub's certificate in ${join(dataDir, 'tls')}: ${(error as Error).message} (--no-tls serves plain HTTP only)`,
      { cause: error },
    )
  }
}

/** The fingerprint of the web app served, to compare with the published one (docs/web.md). */
function appLine(app: AppFingerprint | null): string {
  return app === null
    ? 'Web app: not built (npm run build -w @veche/web); serving the minimal home page'
    : `Web app fingerprint: sha256 ${app.sha256} (${app.files} files; compare with the published one)`
}

/**
 * Where a PostgreSQL hub holds secret ballots: a file on this machine, not the database
 * (docs/secret-ballot.md, "On PostgreSQL"). Hub processes on other machines serving the same
 * database hold files of their own, which only replication keeps in step: without --peer or
 * --cluster-peer, say so.
 */
function ballotsLines(file: string, peers: readonly string[] | undefined): string[] {
  const lines = [`Secret ballots held on this machine in ${terminalSafe(file)}`]
  if (peers === undefined)
    lines.push(
      '  (hub processes serving this database from other machines hold their own: name them with ' +
        '--cluster-peer, or their secret polls disagree; docs/deploy.md)',
    )
  return lines
}
