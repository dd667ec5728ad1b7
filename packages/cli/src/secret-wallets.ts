// The secrets one identity keeps for the secret polls it takes part in (docs/secret-ballot.md):
// its one-time key, blinding inverses and credentials as a voter, its RSA private key as an issuer,
// its teller secret as a teller. One file per identity and poll,
// DATA/secrets/<identity's public key>/<poll>.json, readable by the owner only (0600, in 0700
// folders), written whole or not at all (a temporary file, flushed, then renamed over the old
// one). A file others can read is refused, as identities are. Commands that change a wallet hold
// the identity's lock (DATA/secrets/<key>/.lock) for the whole read-sign-write, so `veche serve
// --tend` and a command at the terminal never both make a key for one poll.
//
// After the count the voter's part is forgotten: the one-time key, the blinding, the credentials
// and the ids of the ballots cast (any of them finds the vote in the counted log). Only the
// outcome stays ("counted", "spoiled", "not-counted"), so `veche secret status` can still answer "was my
// ballot counted?" without showing how.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { z } from 'zod'
import { EVENT_ID_PATTERN } from '@veche/core'
import type { EventId, PublicKey, SecretWallet } from '@veche/core'
import { CliError } from './cli-error.js'

/** How long a command waits for another process to finish with an identity's wallets. */
export const WALLET_LOCK_WAIT_MS = 30_000
/** How often it looks again while waiting. */
const LOCK_POLL_MS = 50

const b64 = z.string().regex(/^[A-Za-z0-9_-]*$/)
const walletSchema = z.strictObject({
  pseudonymSeed: b64.optional(),
  pseudonym: b64.optional(),
  blinding: z.record(b64, z.strictObject({ blinded: b64, inverse: b64 })).optional(),
  credentials: z
    .array(z.strictObject({ issuer: b64, key: b64, signature: b64 }))
    .max(3)
    .optional(),
  cast: z
    .array(z.strictObject({ seq: z.number().int().min(1), id: z.string().regex(EVENT_ID_PATTERN) }))
    .optional(),
  waiting: z.unknown().optional(),
  issuerPublicKey: b64.optional(),
  issuerPrivateKey: b64.optional(),
  tellerSecret: b64.optional(),
  tellerPublicKey: b64.optional(),
})

/** What a wallet file holds: the poll, the device's secrets, and after the count the outcome. */
const walletFile = z.strictObject({
  format: z.literal('veche-secret-wallet'),
  version: z.literal(1),
  space: z.string(),
  poll: z.string().regex(EVENT_ID_PATTERN),
  wallet: walletSchema,
  /** Set once the voter's part is forgotten: what happened to the last ballot. */
  outcome: z.enum(['counted', 'spoiled', 'not-counted', 'not-cast']).optional(),
})

export type WalletOutcome = 'counted' | 'spoiled' | 'not-counted' | 'not-cast'

export interface StoredWallet {
  readonly space: string
  readonly poll: EventId
  readonly wallet: SecretWallet
  readonly outcome?: WalletOutcome
}

/** The wallets of one identity in one data folder. */
export class WalletFolder {
  readonly dir: string

  constructor(dataDir: string, identity: PublicKey) {
    this.dir = join(dataDir, 'secrets', identity)
  }

  /** The wallet of `poll`, or null when this identity keeps nothing for it. */
  read(poll: EventId): StoredWallet | null {
    const file = this.#file(poll)
    if (!existsSync(file)) return null
    const mode = statSync(file).mode & 0o777
    if ((mode & 0o077) !== 0) {
      throw new CliError(
        `wallet ${file} has permissions ${mode.toString(8)}: others can read it. ` +
          `Check that it has not been copied, then run: chmod 600 ${file}`,
      )
    }
    let parsed: z.infer<typeof walletFile>
    try {
      parsed = walletFile.parse(JSON.parse(readFileSync(file, 'utf8')))
    } catch (error) {
      throw new CliError(`wallet ${file} is damaged: ${(error as Error).message}`)
    }
    if (parsed.poll !== poll) throw new CliError(`wallet ${file} names another poll`)
    return {
      space: parsed.space,
      poll,
      wallet: parsed.wallet as SecretWallet,
      ...(parsed.outcome === undefined ? {} : { outcome: parsed.outcome }),
    }
  }

  /** The polls this identity keeps a wallet for. */
  polls(): EventId[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.json') && EVENT_ID_PATTERN.test(f.slice(0, -5)))
      .map((f) => f.slice(0, -5) as EventId)
      .sort()
  }

  /** Writes the wallet of `poll` whole: a flushed temporary file renamed over the old one. */
  write(stored: StoredWallet): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const file = this.#file(stored.poll)
    const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
    const text = `${JSON.stringify({
      format: 'veche-secret-wallet',
      version: 1,
      space: stored.space,
      poll: stored.poll,
      wallet: stored.wallet,
      ...(stored.outcome === undefined ? {} : { outcome: stored.outcome }),
    })}\n`
    const fd = openSync(temp, 'wx', 0o600)
    try {
      writeSync(fd, text)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(temp, file)
    syncFolder(this.dir)
  }

  /**
   * Forgets the voter's part of the wallet of `poll` (after the count), keeping `outcome`; the
   * issuer and teller parts go too: the seal has ended issuing and the shares are public.
   */
  forget(stored: StoredWallet, outcome: WalletOutcome): void {
    this.write({ space: stored.space, poll: stored.poll, wallet: {}, outcome })
  }

  /**
   * Runs `task` holding this identity's lock: one process at a time reads, signs with and writes
   * these wallets. A lock left by a process that no longer runs is taken over.
   */
  async locked<T>(task: () => Promise<T>): Promise<T> {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 })
    const lock = join(this.dir, '.lock')
    const deadline = Date.now() + WALLET_LOCK_WAIT_MS
    for (;;) {
      try {
        const fd = openSync(lock, 'wx', 0o600)
        writeSync(fd, String(process.pid))
        closeSync(fd)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        if (!holderRuns(lock)) {
          rmSync(lock, { force: true })
          continue
        }
        if (Date.now() > deadline) {
          throw new CliError(
            `another veche process (pid ${readFileSync(lock, 'utf8')}) is using this identity's secret-poll wallets; try again when it is done`,
          )
        }
        await new Promise((resolve) => setTimeout(resolve, LOCK_POLL_MS))
      }
    }
    try {
      return await task()
    } finally {
      rmSync(lock, { force: true })
    }
  }

  #file(poll: EventId): string {
    return join(this.dir, `${poll}.json`)
  }
}

/** Whether the process that wrote the lock file still runs (an unreadable lock counts as held). */
function holderRuns(lock: string): boolean {
  let pid: number
  try {
    pid = Number(readFileSync(lock, 'utf8'))
  } catch {
    return false
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** Flushes a folder's entries, so a rename survives a power cut. */
function syncFolder(dir: string): void {
  try {
    const fd = openSync(dir, 'r')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  } catch {
    // Some file systems refuse fsync on a folder; the rename is still atomic.
  }
}
