// What every command works with: the data folder (DATA/veche.db, DATA/identities/), the store,
// the ledger, the acting identity, and how to print.
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import {
  createParallelVerifier,
  Ledger,
  makePrivateFolder,
  openSqliteStore,
  StoreLockedError,
  storeKeyHeaderFile,
} from '@veche/store/local'
import type { EventStore, ParallelVerifier, SubmitOutcome } from '@veche/store/local'
import type { StoreSecret } from '@veche/store'
import { SPACE_ID_PATTERN, EVENT_ID_PATTERN } from '@veche/core/replay'
import type {
  EventBodyInput,
  EventId,
  EventType,
  SignedEvent,
  SpaceId,
  SpaceState,
} from '@veche/core'
import { CliError } from './cli-error.js'
import type * as StoreSecretModule from './store-secret.js'
import type { SecretOptions } from './store-secret.js'
import { jsonSafe, terminalSafe } from './terminal-text.js'
import type { Identity } from './identities.js'

export interface GlobalOptions extends SecretOptions {
  readonly data: string
  readonly as?: string
  readonly json?: boolean
}

export class Context {
  readonly dataDir: string
  readonly json: boolean
  readonly #as: string | undefined
  readonly #secretOptions: SecretOptions
  #secret: StoreSecret | null | undefined
  #storeKey: Uint8Array | undefined | null = null
  #store: EventStore | null = null
  #ledger: Ledger | null = null
  #verifier: ParallelVerifier | null = null
  /**
   * store-secret.ts, and with it the store's key code, zod and the key derivations: loaded by
   * `load()` only when the options give a secret or the store has a key header, so a plain store
   * read without one (`veche show`) never loads them.
   */
  #secrets: typeof StoreSecretModule | null = null

  constructor(options: GlobalOptions) {
    this.dataDir = resolve(options.data)
    this.json = options.json === true
    this.#as = options.as
    this.#secretOptions = {
      ...(options.passphraseFile === undefined ? {} : { passphraseFile: options.passphraseFile }),
      ...(options.keyFile === undefined ? {} : { keyFile: options.keyFile }),
    }
  }

  /** The key file the options name (`veche wipe` destroys it too). */
  get keyFile(): string | undefined {
    return this.#secretOptions.keyFile
  }

  /** DATA/veche.db. */
  get storeFile(): string {
    return join(this.dataDir, 'veche.db')
  }

  /** Loads what the options and the data folder call for; run before the command (withContext). */
  async load(): Promise<void> {
    const given =
      this.#secretOptions.passphraseFile !== undefined ||
      this.#secretOptions.keyFile !== undefined ||
      process.env['VECHE_PASSPHRASE'] !== undefined
    if (given || existsSync(storeKeyHeaderFile(this.storeFile)))
      this.#secrets = await import('./store-secret.js')
  }

  /** The passphrase or key file the options give, read once; null without. */
  secret(): StoreSecret | null {
    if (this.#secret === undefined)
      this.#secret = this.#secrets?.readStoreSecret(this.#secretOptions) ?? null
    return this.#secret
  }

  /** The passphrase the options give (identities are sealed under it), or null. */
  passphrase(): string | null {
    const secret = this.secret()
    return secret?.kind === 'passphrase' ? secret.passphrase : null
  }

  /** The key of DATA/veche.db, derived once: undefined for a plain store (storeKeyFor). */
  storeKey(): Uint8Array | undefined {
    if (this.#storeKey === null) {
      makePrivateFolder(this.dataDir)
      // Without a secret or a header (load() left #secrets out) the store is plain.
      this.#storeKey = this.#secrets?.storeKeyFor(this.storeFile, this.secret())
    }
    return this.#storeKey
  }

  /** Opens DATA/veche.db: with its key when it is encrypted (or is new and a secret is given). */
  async openStore(): Promise<EventStore> {
    makePrivateFolder(this.dataDir)
    const key = this.storeKey()
    try {
      return await openSqliteStore(this.storeFile, key === undefined ? {} : { key })
    } catch (error) {
      if (error instanceof StoreLockedError) throw new CliError(error.message)
      throw error
    }
  }

  /** The ledger over DATA/veche.db, opened on first use. */
  async ledger(): Promise<Ledger> {
    if (this.#ledger === null) {
      this.#store = await this.openStore()
      this.#ledger = new Ledger(this.#store, this.verifier())
    }
    return this.#ledger
  }

  /** Signature checking on every core (worker threads start on first use). */
  verifier(): ParallelVerifier {
    this.#verifier ??= createParallelVerifier()
    return this.#verifier
  }

  async close(): Promise<void> {
    await this.#store?.close()
    await this.#verifier?.close()
  }

  /** The identity that acts: --as NAME, or the only one (identities.ts loads on first use). */
  async identity(): Promise<Identity> {
    const { loadIdentity } = await import('./identities.js')
    return loadIdentity(this.dataDir, this.#as, this.passphrase())
  }

  /** The state of `space`; a clear error if this hub holds none of it. */
  async space(space: string): Promise<SpaceState> {
    if (!SPACE_ID_PATTERN.test(space))
      throw new CliError(`"${space}" is not a space id (22 characters)`)
    const state = await (await this.ledger()).state(space as SpaceId)
    if (state === null)
      throw new CliError(
        `no space ${space} in ${this.dataDir}: name the folder that holds it with --data DIR, or bring it here with \`veche sync URL --space ${space}\` or \`veche import FILE\``,
      )
    return state
  }

  /** The stored event `id`, parsed (used to find the space of a poll or proposal). */
  async event(id: string, what: string): Promise<SignedEvent> {
    if (!EVENT_ID_PATTERN.test(id))
      throw new CliError(
        `"${id}" is not ${/^[aeiou]/.test(what) ? 'an' : 'a'} ${what} id (43 characters)`,
      )
    const stored = await (await this.ledger()).store.get(id as EventId)
    if (stored === null) throw new CliError(`no ${what} ${id} in ${this.dataDir}`)
    return JSON.parse(stored.json) as SignedEvent
  }

  /**
   * Signs the acting identity's next event in `space`, claimed at `at` (now unless given), and
   * submits it; throws on rejection.
   */
  async act<T extends EventType>(
    space: SpaceId,
    type: T,
    body: EventBodyInput<T>,
    at: number = Date.now(),
  ): Promise<EventId> {
    const ledger = await this.ledger()
    const me = await this.identity()
    const state = await ledger.state(space)
    // Signing brings the event schemas (zod); commands that only read never load them.
    const { draftNext, signEvent } = await import('@veche/core')
    const event = await signEvent(draftNext(state, space, me.publicKey, type, body, at), me.signer)
    const report = await ledger.submit([event])
    return acceptedId(report.outcomes[0])
  }

  /** Prints `value` as JSON with --json, or `human()` otherwise. */
  print(value: unknown, human: () => string): void {
    process.stdout.write(
      this.json ? `${jsonSafe(JSON.stringify(value, null, 2))}\n` : `${terminalSafe(human())}\n`,
    )
  }
}

/** What to do about a refusal whose fix is another command, by its code. */
const REJECTION_HINTS: Readonly<Record<string, string>> = {
  'decision.wrong-subject':
    'a decision about a council rests on a poll opened on exactly it: `veche council poll --on join|leave|mandate|referral`, then vote and close that poll',
  'poll.bad-options':
    'give the choices with --options, e.g. --options A,B,C (a majority poll asks yes,no without it; a consent poll takes none)',
  'statement.wrong-poll':
    'a statement is adopted or co-signed by a poll opened on it: `veche statement poll`, then vote and close that poll',
}

function acceptedId(outcome: SubmitOutcome | undefined): EventId {
  if (outcome === undefined) throw new Error('the ledger gave no outcome')
  if (outcome.status === 'rejected') {
    const hint = REJECTION_HINTS[outcome.code]
    throw new CliError(
      `rejected: ${outcome.code}: ${outcome.message}${outcome.id === undefined ? '' : ` (event ${outcome.id})`}${hint === undefined ? '' : `\n  ${hint}`}`,
    )
  }
  return outcome.id
}
