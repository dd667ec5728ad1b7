// The data folder's secret, from the global options: a passphrase (`--passphrase-file FILE`, or
// the VECHE_PASSPHRASE environment variable) or a key file (`--key-file FILE`). Never from the
// command line itself, where other users of the machine could read it in the process list. From
// it and the key header next to the store comes the store's key (store-key.ts in @veche/store).
import { existsSync, readFileSync, statSync } from 'node:fs'
import {
  deriveStoreKey,
  newStoreKeyHeader,
  parseKeyFileText,
  readStoreKeyHeader,
  StoreKeyError,
  writeStoreKeyHeader,
} from '@veche/store'
import type { StoreSecret } from '@veche/store'
import { CliError } from './cli-error.js'

export interface SecretOptions {
  readonly passphraseFile?: string
  readonly keyFile?: string
}

/** A passphrase longer than this is surely a file given by mistake. */
const MAX_PASSPHRASE_BYTES = 1024

/** The secret the options give, or null. */
export function readStoreSecret(options: SecretOptions): StoreSecret | null {
  if (options.keyFile !== undefined) {
    if (options.passphraseFile !== undefined) {
      throw new CliError('give either --passphrase-file or --key-file, not both')
    }
    const key = parseKeyFileText(readSmallFile(options.keyFile, 'key file'))
    if (key === null) {
      throw new CliError(`${options.keyFile} is not a key file (64 hexadecimal characters)`)
    }
    return { kind: 'key-file', key }
  }
  const passphrase = readPassphrase(options)
  return passphrase === null ? null : { kind: 'passphrase', passphrase }
}

/** The passphrase the options give (the file's first line), or null. */
export function readPassphrase(options: SecretOptions): string | null {
  let passphrase: string | undefined
  if (options.passphraseFile !== undefined) {
    passphrase = readSmallFile(options.passphraseFile, 'passphrase file').replace(/\r?\n$/, '')
  } else passphrase = process.env['VECHE_PASSPHRASE']
  if (passphrase === undefined) return null
  if (passphrase.length === 0) throw new CliError('the passphrase is empty')
  return passphrase
}

function readSmallFile(file: string, what: string): string {
  if (!existsSync(file)) throw new CliError(`no ${what} ${file}`)
  if (statSync(file).size > MAX_PASSPHRASE_BYTES) {
    throw new CliError(`${file} is over ${MAX_PASSPHRASE_BYTES} bytes: not a ${what}`)
  }
  return readFileSync(file, 'utf8')
}

/**
 * The key to open the store `file` with: derived from its header and the secret, or undefined for
 * a plain store. A new store is created encrypted when a secret is given.
 */
export function storeKeyFor(file: string, secret: StoreSecret | null): Uint8Array | undefined {
  let header
  try {
    header = readStoreKeyHeader(file)
  } catch (error) {
    throw new CliError((error as Error).message)
  }
  if (header === null) {
    if (secret === null) return undefined
    if (existsSync(file) && statSync(file).size > 0) {
      throw new CliError(
        `the store ${file} is not encrypted: encrypt it with \`veche encrypt\` (a passphrase or key file alone does not)`,
      )
    }
    header = newStoreKeyHeader(secret)
    writeStoreKeyHeader(file, header)
  }
  if (secret === null) {
    throw new CliError(
      `the store ${file} is encrypted: give its passphrase with --passphrase-file FILE or VECHE_PASSPHRASE, or its key file with --key-file FILE`,
    )
  }
  try {
    return deriveStoreKey(header, secret)
  } catch (error) {
    if (error instanceof StoreKeyError) throw new CliError(error.message)
    throw error
  }
}
