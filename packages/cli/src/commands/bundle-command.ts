// `veche bundle`: events carried between hubs by hand. `export` writes a compressed,
// self-verifying bundle (only what the other side lacks, given its vector file, and the events
// this hub holds back that the other side lacks, so they are not stuck here); `import` checks
// the checksum, then every event's form and signatures, before writing anything, parks events
// that arrive before what they depend on, keeps fork evidence, and is idempotent; `vector` writes
// what this hub holds, for the other side's `export --since`.
import { readFileSync } from 'node:fs'
import { Command } from '../commander.js'
import { SPACE_ID_PATTERN } from '@veche/core'
import type { EventId, SpaceId } from '@veche/core'
import { TAMPERED_CODES, writePrivateFile } from '@veche/store'
import type { VersionVector } from '@veche/store'
import { ballotCounts, decodeBundle, encodeBundle, heldCounts } from '../bundle-file.js'
import type { BundleEvent } from '../bundle-file.js'
import { CliError } from '../cli-error.js'
import type { Context } from '../context.js'
import { startProgress } from '../progress.js'
import { withContext } from '../run-command.js'
import { namesHead, parseVectorFile, vectorFileText } from '../vector-file.js'
import type { VectorHeads } from '../vector-file.js'
import { bundleQrCommand, bundleUnqrCommand } from './bundle-qr-command.js'

export function bundleCommand(): Command {
  return new Command('bundle')
    .description('carry events between hubs by hand: compressed, self-verifying files')
    .addCommand(bundleExportCommand())
    .addCommand(bundleImportCommand())
    .addCommand(bundleVectorCommand())
    .addCommand(bundleQrCommand())
    .addCommand(bundleUnqrCommand())
}

function bundleExportCommand(): Command {
  return new Command('export')
    .description('write the events the other side lacks (all, without --since) to a bundle')
    .option('--space <id>', 'only this space')
    .option('--since <file>', "the other side's vector file (from `veche bundle vector`)")
    .requiredOption('--out <file>', 'the bundle file to write')
    .action(
      withContext(async (ctx, opts: { space?: string; since?: string; out: string }) => {
        const spaces = opts.space === undefined ? undefined : [checkSpace(opts.space)]
        const { vector: theirs, heads: theirHeads } =
          opts.since === undefined ? { vector: {}, heads: null } : readVector(opts.since)
        const ledger = await ctx.ledger()
        if (spaces !== undefined && (await ledger.store.count(spaces[0])) === 0) {
          throw new CliError(`no space ${opts.space} in ${ctx.dataDir}`)
        }
        const events: BundleEvent[] = []
        for (const space of spaces ?? (await ledger.store.spaces())) {
          // A space with forks goes whole, with its evidence: a vector cannot tell which branch
          // the other side holds at a forked seq.
          const evidence = await ledger.store.forks(space)
          const known = evidence.length > 0 ? {} : (theirs[space] ?? {})
          // Each author's event at the seq the other side holds goes too, unless the other side
          // named it as its own there (the heads of its vector file): another event at that seq
          // is a fork, below this hub's newest or at it, which the other side would otherwise
          // never see (its import refusing this hub's next event as `chain.wrong-prev` for good).
          // Kept as evidence there, it sends the space whole both ways from then on. A file that
          // names no heads (an older hub's) gets what it got before.
          const read: Record<string, number> = { ...known }
          if (evidence.length === 0 && theirHeads !== null) {
            const ours = (await ledger.store.vector(space))[space] ?? {}
            for (const [author, seq] of Object.entries(known))
              if ((ours[author] ?? 0) >= seq) read[author] = seq - 1
          }
          for await (const stored of ledger.store.readMissing(space, read))
            if (theirHeads === null || !namesHead(theirHeads, stored.id)) events.push(stored)
          events.push(...evidence)
          // Secret ballots, held apart from the log: every one (a vector does not name
          // one-time keys), sorted by id as the store gives them, never in arrival order.
          for (const ballot of await ledger.store.ballots(space))
            events.push({ space, json: ballot.json, ballot: true })
          // Events held back here (parked until what they depend on arrives) go last: the other
          // side may hold what they wait for, or carry them on to a hub that does. Held-back
          // secret ballots go after the rest, sorted by id too.
          const parked = (await ledger.pending(space)).filter(
            (p) => p.seq > (known[p.author] ?? 0) || p.type === 'secret.ballot',
          )
          const ballotsLast = [
            ...parked.filter((p) => p.type !== 'secret.ballot'),
            ...parked
              .filter((p) => p.type === 'secret.ballot')
              .sort((a, b) => (a.id < b.id ? -1 : 1)),
          ]
          for (const p of ballotsLast) events.push({ space, json: p.json, held: true })
        }
        const { bytes, header } = encodeBundle(events)
        writePrivateFile(opts.out, bytes)
        const held = Object.values(heldCounts(header)).reduce((a, b) => a + b, 0)
        const ballots = Object.values(ballotCounts(header)).reduce((a, b) => a + b, 0)
        ctx.print(
          {
            file: opts.out,
            bytes: bytes.length,
            version: header.version,
            events: header.events,
            spaces: header.spaces,
            held: heldCounts(header),
            ballots: ballotCounts(header),
          },
          () =>
            `exported ${header.events} event(s) of ${Object.keys(header.spaces).length} space(s) to ${opts.out} (${bytes.length} bytes)` +
            (ballots > 0 ? `; ${ballots} of them held secret ballot(s)` : '') +
            (held > 0 ? `; ${held} of them held back here, waiting for events they depend on` : ''),
        )
      }),
    )
}

function bundleImportCommand(): Command {
  return new Command('import')
    .description(
      'import a bundle: checksum and every event checked first, then written; idempotent',
    )
    .argument('<file>', 'a file written by `veche bundle export` or `veche bundle unqr`')
    .action(
      withContext(async (ctx, file: string) => {
        const report = await importBundle(ctx, readBytes(file), file)
        ctx.print(
          report,
          () =>
            `imported ${report.written + report.released} new event(s) from ${file}` +
            (report.held > 0
              ? ` (${report.held} of the bundle's events were held back by the hub that wrote it)`
              : '') +
            (report.ballots > 0
              ? `; the bundle carried ${report.ballots} held secret ballot(s)`
              : '') +
            (report.duplicates > 0 ? `; ${report.duplicates} already known` : '') +
            (report.waiting > 0 ? `; ${report.waiting} waiting for events they depend on` : '') +
            (report.forks > 0 ? `; ${report.forks} kept as fork evidence` : '') +
            (report.rejected > 0 ? `; ${report.rejected} refused by the rules` : ''),
        )
      }),
    )
}

/** Checks a whole bundle, then writes it; refuses it whole, writing nothing, on any fault. */
export async function importBundle(
  ctx: Context,
  bytes: Uint8Array,
  name: string,
): Promise<{
  file: string
  events: number
  /** Of `events`, how many the exporting hub held back. */
  held: number
  /** Of `events`, how many are secret ballots the exporting hub held apart from its log. */
  ballots: number
  written: number
  released: number
  duplicates: number
  parked: number
  forks: number
  rejected: number
  /** Events still held back here after the import, in the spaces where some were parked. */
  waiting: number
}> {
  const decoded = decodeBundle(bytes)
  if (!decoded.ok) throw new CliError(`${name}: ${decoded.message}; nothing was imported`)
  const { events } = decoded
  // One submission: every event checked and folded once, written in one transaction, and
  // nothing written if any event is tampered (refuseOn).
  const ledger = await ctx.ledger()
  const progress = startProgress('import', events.length)
  const report = await ledger.submit(events, {
    park: true,
    refuseOn: TAMPERED_CODES,
    onProgress: () => progress.tick(),
  })
  progress.stop()
  const bad = report.outcomes.findIndex(
    (o) => o.status === 'rejected' && TAMPERED_CODES.has(o.code),
  )
  const rejected = report.outcomes[bad]
  if (rejected !== undefined && rejected.status === 'rejected') {
    throw new CliError(
      `${name} event ${bad + 1}: rejected: ${rejected.code}: ${rejected.message}` +
        `${rejected.id === undefined ? '' : ` (event ${rejected.id})`}; nothing was imported`,
    )
  }
  const counts = {
    written: report.written,
    released: report.released,
    duplicates: 0,
    parked: 0,
    forks: 0,
    rejected: 0,
  }
  for (const o of report.outcomes) {
    if (o.status === 'duplicate') counts.duplicates += 1
    else if (o.status === 'rejected' && o.parked === true) counts.parked += 1
    else if (o.status === 'rejected' && o.code === 'chain.fork') counts.forks += 1
    else if (o.status === 'rejected') counts.rejected += 1
  }
  // What still waits after the import, in the spaces where events were held back on arrival:
  // most of those are released by later events of the same bundle.
  const parkedSpaces = new Set<SpaceId>()
  report.outcomes.forEach((o, i) => {
    const event = events[i]
    if (o.status === 'rejected' && o.parked === true && typeof event === 'object' && event !== null)
      if ('space' in event && typeof event.space === 'string')
        parkedSpaces.add(event.space as SpaceId)
  })
  let waiting = 0
  for (const space of parkedSpaces) waiting += await ledger.store.countPending({ space })
  const held = Object.values(heldCounts(decoded.header)).reduce((a, b) => a + b, 0)
  const ballots = Object.values(ballotCounts(decoded.header)).reduce((a, b) => a + b, 0)
  return { file: name, events: events.length, held, ballots, ...counts, waiting }
}

function bundleVectorCommand(): Command {
  return new Command('vector')
    .description(
      'write what this hub holds (highest seq per author per space) for `export --since`',
    )
    .option('--space <id>', 'only this space')
    .requiredOption('--out <file>', 'the vector file to write')
    .action(
      withContext(async (ctx, opts: { space?: string; out: string }) => {
        const space = opts.space === undefined ? undefined : checkSpace(opts.space)
        const ledger = await ctx.ledger()
        const vector = await ledger.store.vector(space)
        // Per author, the event held at that seq (its newest).
        const heads = new Map<EventId, number>()
        for (const [id, seqs] of Object.entries(vector))
          for (const [author, h] of (await ledger.state(id as SpaceId))?.heads ?? [])
            if (seqs[author] === h.seq) heads.set(h.head, h.seq)
        writePrivateFile(opts.out, vectorFileText(vector, heads))
        const spaces = Object.keys(vector).length
        ctx.print(
          { file: opts.out, spaces: vector },
          () => `wrote the vector of ${spaces} space(s) to ${opts.out}`,
        )
      }),
    )
}

function checkSpace(space: string): SpaceId {
  if (!SPACE_ID_PATTERN.test(space))
    throw new CliError(`"${space}" is not a space id (22 characters)`)
  return space as SpaceId
}

function readVector(file: string): { vector: VersionVector; heads: VectorHeads } {
  const parsed = parseVectorFile(readText(file))
  if (!parsed.ok) throw new CliError(`${file}: ${parsed.message}`)
  return parsed
}

function readText(file: string): string {
  return readBytes(file).toString('utf8')
}

/** A file's bytes, or a clear error. */
export function readBytes(file: string): Buffer {
  try {
    return readFileSync(file)
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`)
  }
}
