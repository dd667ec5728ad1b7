// Local identities: Ed25519 key pairs kept in DATA/identities/NAME.json, readable by the owner
// only (0600). A key file that others can read is refused: the key may have leaked, and Veche
// says so rather than signing with it.
import { chmodSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { generateKeyPair, makePrivateFolder, nodeSigner } from '@veche/store'
import type { KeyPairText } from '@veche/store'
import type { PublicKey, Signer } from '@veche/core'
import { PUBLIC_KEY_PATTERN } from '@veche/core'
import { z } from 'zod'
import { CliError } from './cli-error.js'

const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/

const identityFile = z.strictObject({
  name: z.string().regex(NAME_PATTERN),
  publicKey: z.string().regex(PUBLIC_KEY_PATTERN),
  secretKey: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
})

export interface Identity {
  readonly name: string
  readonly publicKey: PublicKey
  readonly signer: Signer
}

function folder(dataDir: string): string {
  return join(dataDir, 'identities')
}

/** Creates a new identity; refuses to overwrite one. */
export function createIdentity(dataDir: string, name: string): Identity {
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
  writeFileSync(file, `${JSON.stringify({ name, ...pair }, null, 2)}\n`, {
    mode: 0o600,
    flag: 'wx',
  })
  chmodSync(file, 0o600)
  return { name, publicKey: pair.publicKey, signer: nodeSigner(pair) }
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

/** Loads the identity named `name`, or the only one there is when `name` is undefined. */
export function loadIdentity(dataDir: string, name: string | undefined): Identity {
  const names = listIdentities(dataDir)
  if (name === undefined) {
    if (names.length === 1) return loadIdentity(dataDir, names[0])
    if (names.length === 0)
      throw new CliError('no identity yet: create one with `veche id new NAME`')
    throw new CliError(`several identities exist (${names.join(', ')}): choose one with --as NAME`)
  }
  const file = join(folder(dataDir), `${name}.json`)
  if (!existsSync(file)) {
    throw new CliError(
      `no identity "${name}"${names.length > 0 ? ` (there are: ${names.join(', ')})` : ''}`,
    )
  }
  const mode = statSync(file).mode & 0o777
  if ((mode & 0o077) !== 0) {
    throw new CliError(
      `key file ${file} has permissions ${mode.toString(8)}: others can read it. ` +
        `Check that the key has not leaked, then run: chmod 600 ${file}`,
    )
  }
  let parsed: KeyPairText & { name: string }
  try {
    parsed = identityFile.parse(JSON.parse(readFileSync(file, 'utf8'))) as KeyPairText & {
      name: string
    }
  } catch (error) {
    throw new CliError(`key file ${file} is not a Veche identity: ${(error as Error).message}`)
  }
  try {
    return { name, publicKey: parsed.publicKey, signer: nodeSigner(parsed) }
  } catch (error) {
    throw new CliError(`key file ${file} is damaged: ${(error as Error).message}`)
  }
}
