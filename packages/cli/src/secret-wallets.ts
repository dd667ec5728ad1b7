// The secrets one identity keeps for the secret polls it takes part in (docs/secret-ballot.md):
// its one-time key, blinding inverses and credentials as a voter, its RSA private key as an issuer,
// its teller secret as a teller. One file per identity and poll,
// DATA/secrets/<identity's public key>/<poll>.json, readable by the owner only (0600, in 0700
// folders), written whole or not at all (a temporary file, flushed, then renamed over the old
// one). A file others can read is refused, as identities are. Commands that change a wallet hold
// the identity's lock (DATA/secrets/<key>/.lock) for the whole read-sign-write, so `veche serve
// --tend` and a command at the terminal never both make a key for one poll.
//
// When the data folder is encrypted (a passphrase or key file, docs/cli.md), each wallet is sealed
// with AES-256-GCM (NIST SP 800-38D, @noble/ciphers) under a key derived from the store's key with
// HKDF-SHA-256 (RFC 5869, @noble/hashes), the identity and the poll authenticated with it, so a
// seized disk shows which polls an identity keeps secrets for (public anyway: its requests are in
// the log) and nothing of the secrets. A plain wallet found in an encrypted folder is read, and
// sealed at its next write (`veche encrypt` seals them all at once).
//
// After the count the voter's part is forgotten: the one-time key, the blinding, the credentials
// and the ids of the ballots cast (any of them finds the vote in the counted log). Only the
// outcome stays ("counted", "spoiled", "not-counted"), so `veche secret status` can still answer
// "was my ballot counted?" without showing how.
import {
  closeSync,
  existsSync,
  fsyncSync,
  linkSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import { gcm } from '@noble/ciphers/aes.js'
import { hkdf } from '@noble/hashes/hkdf.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { z } from 'zod'
import { decodeBase64url, encodeBase64url, EVENT_ID_PATTERN, PUBLIC_KEY_PATTERN } from '@veche/core'
import type { EventId, PublicKey, SecretWallet } from '@veche/core'
import { CliError } from './cli-error.js'
import type { Context } from './context.js'

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

const outcomeSchema = z.enum(['counted', 'spoiled', 'not-counted', 'not-cast'])
/** The secret part of a wallet file: the device's secrets, and after the count the outcome. */
const walletContent = z.strictObject({
  wallet: walletSchema,
  /** Set once the voter's part is forgotten: what happened to the last ballot. */
  outcome: outcomeSchema.optional(),
})
const fileHead = {
  format: z.literal('veche-secret-wallet'),
  version: z.literal(1),
  space: z.string(),
  poll: z.string().regex(EVENT_ID_PATTERN),
}
/** A wallet file: plain, or its content sealed (an encrypted data folder). */
const walletFile = z.union([
  z.strictObject({ ...fileHead, ...walletContent.shape }),
  z.strictObject({
    ...fileHead,
    sealed: z.strictObject({ cipher: z.literal('aes-256-gcm'), nonce: b64, ciphertext: b64 }),
  }),
])

/** The wallets' key: HKDF-SHA-256 of the store's key, for this use only. */
export function walletKeyOf(storeKey: Uint8Array): Uint8Array {
  return hkdf(sha256, storeKey, undefined, new TextEncoder().encode('veche/secret-wallets/1'), 32)
}

export type WalletOutcome = 'counted' | 'spoiled' | 'not-counted' | 'not-cast'

export interface StoredWallet {
  readonly space: string
  readonly poll: EventId
  readonly wallet: SecretWallet
  readonly outcome?: WalletOutcome
}

/** The wallets of `identity` in the context's data folder, sealed when the folder is encrypted. */
export function walletFolder(ctx: Context, identity: PublicKey): WalletFolder {
  const key = ctx.secret() === null ? undefined : ctx.storeKey()
  return new WalletFolder(ctx.dataDir, identity, key)
}

/** The wallets of one identity in one data folder. */
export class WalletFolder {
  readonly dir: string
  readonly #identity: PublicKey
  readonly #key: Uint8Array | null
  #locked = false

  /** `storeKey`: the encrypted store's key (wallets are sealed under a key derived from it). */
  constructor(dataDir: string, identity: PublicKey, storeKey?: Uint8Array) {
    this.dir = join(dataDir, 'secrets', identity)
    this.#identity = identity
    this.#key = storeKey === undefined ? null : walletKeyOf(storeKey)
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
    const content = 'sealed' in parsed ? this.#open(file, poll, parsed.sealed) : parsed
    const stored: StoredWallet = {
      space: parsed.space,
      poll,
      wallet: content.wallet as SecretWallet,
      ...(content.outcome === undefined ? {} : { outcome: content.outcome }),
    }
    // A plain wallet in an encrypted folder is sealed now, if this process may write.
    if (!('sealed' in parsed) && this.#key !== null && this.#locked) this.write(stored)
    return stored
  }

  /** Whether the wallet of `poll` is written plain. */
  isPlain(poll: EventId): boolean {
    const text = readFileSync(this.#file(poll), 'utf8')
    return (JSON.parse(text) as { sealed?: unknown }).sealed === undefined
  }

  #open(
    file: string,
    poll: EventId,
    sealed: { nonce: string; ciphertext: string },
  ): z.infer<typeof walletContent> {
    if (this.#key === null) {
      throw new CliError(
        `wallet ${file} is encrypted: give the data folder's passphrase (--passphrase-file FILE or VECHE_PASSPHRASE) or --key-file FILE`,
      )
    }
    const nonce = decodeBase64url(sealed.nonce)
    const ciphertext = decodeBase64url(sealed.ciphertext)
    let plain: Uint8Array
    try {
      plain = gcm(this.#key, nonce!, this.#context(poll)).decrypt(ciphertext!)
    } catch {
      throw new CliError(
        `wallet ${file} does not open under this data folder's key (damaged, or from another folder)`,
      )
    }
    try {
      return walletContent.parse(JSON.parse(new TextDecoder().decode(plain)))
    } catch (error) {
      throw new CliError(`wallet ${file} is damaged: ${(error as Error).message}`)
    }
  }

  /** What a sealed wallet is bound to: its identity and its poll. */
  #context(poll: EventId): Uint8Array {
    return new TextEncoder().encode(`veche/secret-wallet/1\n${this.#identity}\n${poll}`)
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
    const content = {
      wallet: stored.wallet,
      ...(stored.outcome === undefined ? {} : { outcome: stored.outcome }),
    }
    const head = {
      format: 'veche-secret-wallet',
      version: 1,
      space: stored.space,
      poll: stored.poll,
    }
    let body: object = content
    if (this.#key !== null) {
      const nonce = randomBytes(12)
      const ciphertext = gcm(this.#key, nonce, this.#context(stored.poll)).encrypt(
        new TextEncoder().encode(JSON.stringify(content)),
      )
      body = {
        sealed: {
          cipher: 'aes-256-gcm',
          nonce: encodeBase64url(nonce),
          ciphertext: encodeBase64url(ciphertext),
        },
      }
    }
    const text = `${JSON.stringify({ ...head, ...body })}\n`
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
    // The lock appears with its holder's pid already in it (written to a file of this process's
    // own, then linked to the lock's name, which fails if the lock exists): a lock created empty
    // and written after would, for a moment, read as a lock whose holder no longer runs, and a
    // second process would take it over (two `secret tend` at once then signed two events).
    const mine = `${lock}.${process.pid}.${randomBytes(6).toString('hex')}`
    writeFileSync(mine, String(process.pid), { mode: 0o600 })
    try {
      for (;;) {
        try {
          linkSync(mine, lock)
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
    } finally {
      rmSync(mine, { force: true })
    }
    this.#locked = true
    try {
      return await task()
    } finally {
      this.#locked = false
      rmSync(lock, { force: true })
    }
  }

  #file(poll: EventId): string {
    return join(this.dir, `${poll}.json`)
  }
}

/** A lock file that names no process is taken over only once it is this old (ms). */
const NAMELESS_LOCK_STALE_MS = 10_000

/**
 * Whether the process that wrote the lock file still runs. A lock gone meanwhile does not; one
 * that names no process (empty: written by a Veche that created the file before writing its pid
 * in it, and may still be writing it) counts as held until it is NAMELESS_LOCK_STALE_MS old.
 */
function holderRuns(lock: string): boolean {
  let pid: number
  let modified: number
  try {
    modified = statSync(lock).mtimeMs
    pid = Number(readFileSync(lock, 'utf8').trim() || NaN)
  } catch {
    return false
  }
  if (!Number.isSafeInteger(pid) || pid <= 0) return Date.now() - modified < NAMELESS_LOCK_STALE_MS
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

/**
 * Seals every plain wallet of the data folder under the store's key (`veche encrypt`); returns
 * how many. Each identity's wallets are sealed under its lock.
 */
export async function sealPlainWallets(ctx: Context): Promise<number> {
  const root = join(ctx.dataDir, 'secrets')
  if (ctx.secret() === null || !existsSync(root)) return 0
  let sealed = 0
  for (const identity of readdirSync(root).sort()) {
    if (!PUBLIC_KEY_PATTERN.test(identity)) continue
    const wallets = walletFolder(ctx, identity as PublicKey)
    await wallets.locked(() => {
      for (const poll of wallets.polls()) {
        if (!wallets.isPlain(poll)) continue
        wallets.read(poll) // read under the lock with a key: written back sealed
        sealed += 1
      }
      return Promise.resolve()
    })
  }
  return sealed
}
