// Local identities: Ed25519 key pairs kept in DATA/identities/NAME.json, readable by the owner
// only (0600), the secret key sealed under the passphrase when one is given (sealed-secret.ts). A
// key file that others can read is refused: the key may have leaked, and Veche says so rather than
// signing with it.
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import { generateKeyPair, makePrivateFolder, nodeSigner, writePrivateFile } from '@veche/store'
import type { KeyPairText } from '@veche/store'
import type { PublicKey, Signer } from '@veche/core'
import { decodeBase64url, encodeBase64url, PUBLIC_KEY_PATTERN } from '@veche/core'
import { z } from 'zod'
import { CliError } from './cli-error.js'
import { openSealedSecret, sealedSecretSchema, sealSecret } from './sealed-secret.js'

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

const plainIdentityFile = z.strictObject({
  name: z.string().regex(NAME_PATTERN),
  publicKey: z.string().regex(PUBLIC_KEY_PATTERN),
  secretKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
})
const sealedIdentityFile = z.strictObject({
  name: z.string().regex(NAME_PATTERN),
  publicKey: z.string().regex(PUBLIC_KEY_PATTERN),
  sealed: sealedSecretSchema,
})
const identityFile = z.union([plainIdentityFile, sealedIdentityFile])

/** What a sealed secret key is bound to: its identity's name and public key. */
const sealContext = (name: string, publicKey: string) => `veche/identity/1\n${name}\n${publicKey}`

export interface Identity {
  readonly name: string
  readonly publicKey: PublicKey
  readonly signer: Signer
}

function folder(dataDir: string): string {
  return join(dataDir, 'identities')
}

/**
 * Creates a new identity; refuses to overwrite one. With a passphrase its secret key is sealed
 * under it (scrypt and AES-256-GCM, sealed-secret.ts).
 */
export function createIdentity(
  dataDir: string,
  name: string,
  passphrase: string | null = null,
): Identity {
  if (!NAME_PATTERN.test(name)) {
    throw new CliError(
      `identity name "${name}" must be letters, digits, '.', '_' or '-' (at most 64)`,
    )
  }
  const dir = folder(dataDir)
  makePrivateFolder(dir, true)
  const file = join(dir, `${name}.json`)
  if (existsSync(file)) throw new CliError(`identity "${name}" already exists (${file})`)
  const pair = generateKeyPair()
  writeFileSync(file, identityText(name, pair, passphrase), {
    mode: 0o600,
    flag: 'wx',
  })
  chmodSync(file, 0o600)
  return { name, publicKey: pair.publicKey, signer: nodeSigner(pair) }
}

function identityText(
  name: string,
  pair: KeyPairText,
  passphrase: string | null,
  logN?: number,
): string {
  const seed = decodeBase64url(pair.secretKey)!
  const content =
    passphrase === null
      ? { name, ...pair }
      : {
          name,
          publicKey: pair.publicKey,
          sealed: sealSecret(seed, passphrase, sealContext(name, pair.publicKey), logN),
        }
  return `${JSON.stringify(content, null, 2)}\n`
}

/** Names of the identities in the data folder, sorted. */
export function listIdentities(dataDir: string): string[] {
  const dir = folder(dataDir)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort()
}

/**
 * Loads the identity named `name`, or the only one there is when `name` is undefined. A sealed
 * secret key is opened with `passphrase` when the identity first signs, so reading its public key
 * needs no passphrase.
 */
export function loadIdentity(
  dataDir: string,
  name: string | undefined,
  passphrase: string | null = null,
): Identity {
  const names = listIdentities(dataDir)
  if (name === undefined) {
    if (names.length === 1) return loadIdentity(dataDir, names[0], passphrase)
    if (names.length === 0)
      throw new CliError(`no identity in ${dataDir} yet: create one with \`veche id new NAME\``)
    throw new CliError(`several identities exist (${names.join(', ')}): choose one with --as NAME`)
  }
  const file = join(folder(dataDir), `${name}.json`)
  if (!existsSync(file)) {
    // Often the right name in another folder: say which folder was read, and what it holds.
    throw new CliError(
      names.length > 0
        ? `no identity "${name}" in ${dataDir} (there are: ${names.join(', ')})`
        : `no identity "${name}" in ${dataDir}, which holds none: make it with \`veche id new ${name}\`, or name the folder that holds it with --data DIR`,
    )
  }
  const mode = statSync(file).mode & 0o777
  if ((mode & 0o077) !== 0) {
    throw new CliError(
      `key file ${file} has permissions ${mode.toString(8)}: others can read it. ` +
        `Check that the key has not leaked, then run: chmod 600 ${file}`,
    )
  }
  let parsed: z.infer<typeof identityFile>
  try {
    parsed = identityFile.parse(JSON.parse(readFileSync(file, 'utf8')))
  } catch (error) {
    throw new CliError(`key file ${file} is not a Veche identity: ${(error as Error).message}`)
  }
  if ('sealed' in parsed) {
    const { sealed, publicKey } = parsed
    let signer: Signer | null = null
    const unseal = (): Signer => {
      if (passphrase === null) {
        throw new CliError(
          `the identity "${name}" is encrypted: give its passphrase with --passphrase-file FILE or VECHE_PASSPHRASE`,
        )
      }
      const seed = openSealedSecret(sealed, passphrase, sealContext(name, publicKey))
      if (seed === null) {
        throw new CliError(`the passphrase does not open the identity "${name}" (${file})`)
      }
      return signerOf(file, { publicKey: publicKey as PublicKey, secretKey: encodeBase64url(seed) })
    }
    return {
      name,
      publicKey: publicKey as PublicKey,
      signer: {
        publicKey: publicKey as PublicKey,
        sign: (message) => {
          signer ??= unseal()
          return signer.sign(message)
        },
      },
    }
  }
  return {
    name,
    publicKey: parsed.publicKey as PublicKey,
    signer: signerOf(file, keyPairOf(parsed)),
  }
}

function keyPairOf(parsed: { publicKey: string; secretKey: string }): KeyPairText {
  return { publicKey: parsed.publicKey as PublicKey, secretKey: parsed.secretKey }
}

function signerOf(file: string, pair: KeyPairText): Signer {
  try {
    return nodeSigner(pair)
  } catch (error) {
    throw new CliError(`key file ${file} is damaged: ${(error as Error).message}`)
  }
}

/** Whether the identity file `name` holds its secret key sealed under a passphrase. */
export function isSealedIdentity(dataDir: string, name: string): boolean {
  const text = readFileSync(join(folder(dataDir), `${name}.json`), 'utf8')
  return (JSON.parse(text) as { sealed?: unknown }).sealed !== undefined
}

/**
 * Seals a plain identity's secret key under `passphrase`, in place: the sealed file is written
 * beside it first (so an interruption loses nothing), then over the plain file's own bytes (it is
 * longer, so no byte of the plain key is left in that file), then the copy is removed.
 */
export function sealIdentity(
  dataDir: string,
  name: string,
  passphrase: string,
  logN?: number,
): void {
  const file = join(folder(dataDir), `${name}.json`)
  const parsed = plainIdentityFile.parse(JSON.parse(readFileSync(file, 'utf8')))
  const text = identityText(name, keyPairOf(parsed), passphrase, logN)
  const copy = `${file}.sealing`
  writePrivateFile(copy, text)
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, text, 0)
    ftruncateSync(fd, Buffer.byteLength(text))
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
  rmSync(copy)
}
