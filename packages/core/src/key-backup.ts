// A member's key, sealed under a passphrase for a backup file: scrypt (RFC 7914, @noble/hashes)
// turns the passphrase into a 256-bit key, and AES-256-GCM (NIST SP 800-38D, @noble/ciphers)
// encrypts the 32-byte Ed25519 seed with the public key as associated data, so a file whose public
// key was swapped, a wrong passphrase and a damaged file are all refused by the tag. The cost
// parameters travel in the file, so they can rise later; a file asking for more than
// KEY_BACKUP_MAX_MEMORY is refused before any work (a stranger's file must not exhaust a phone).
// Salt and nonce come in as arguments: core draws no random numbers.
import { gcm } from '@noble/ciphers/aes.js'
import { scryptAsync } from '@noble/hashes/scrypt.js'
import { z } from 'zod'
import { decodeBase64url, encodeBase64url } from './base64url.js'
import { PUBLIC_KEY_PATTERN } from './ids.js'
import type { PublicKey } from './ids.js'

/** The `format` field of every sealed key backup. */
export const KEY_BACKUP_FORMAT = 'veche-key-backup-1'
/** The shortest passphrase a backup is sealed under (characters, after NFKC). */
export const MIN_PASSPHRASE_LENGTH = 8
/** scrypt cost of new backups: 2^16 × 8 × 128 bytes = 64 MiB, about a second on a cheap phone. */
export const KEY_BACKUP_SCRYPT = { N: 2 ** 16, r: 8, p: 1 } as const
/** The most memory a backup file may ask scrypt for (N × r × 128 bytes): 256 MiB. */
export const KEY_BACKUP_MAX_MEMORY = 256 * 1024 * 1024
/** Bytes of randomness a seal takes: a 16-byte salt, then a 12-byte nonce. */
export const KEY_BACKUP_RANDOM_BYTES = 28

const b64 = z.string().regex(/^[A-Za-z0-9_-]+$/)

const sealedBackup = z.strictObject({
  format: z.literal(KEY_BACKUP_FORMAT),
  name: z.string().max(64),
  publicKey: z.string().regex(PUBLIC_KEY_PATTERN),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    N: z
      .number()
      .int()
      .min(2)
      .max(2 ** 24),
    r: z.number().int().min(1).max(32),
    p: z.number().int().min(1).max(4),
    salt: b64,
  }),
  cipher: z.strictObject({ name: z.literal('aes-256-gcm'), nonce: b64 }),
  sealedSecretKey: b64,
})

/** A sealed key backup, as its file holds it (JSON). */
export type KeyBackup = z.infer<typeof sealedBackup>

/** Why a backup could not be sealed or opened. */
export interface KeyBackupRefusal {
  readonly ok: false
  readonly code:
    | 'backup.not-a-backup'
    | 'backup.too-costly'
    | 'backup.wrong-passphrase'
    | 'backup.passphrase-short'
  readonly message: string
}

function refuse(code: KeyBackupRefusal['code'], message: string): KeyBackupRefusal {
  return { ok: false, code, message }
}

function normalise(passphrase: string): string {
  return passphrase.normalize('NFKC')
}

function associatedData(publicKey: string): Uint8Array {
  return new TextEncoder().encode(`${KEY_BACKUP_FORMAT}:${publicKey}`)
}

async function passphraseKey(passphrase: string, kdf: KeyBackup['kdf']): Promise<Uint8Array> {
  const salt = decodeBase64url(kdf.salt) ?? new Uint8Array()
  return scryptAsync(normalise(passphrase), salt, { N: kdf.N, r: kdf.r, p: kdf.p, dkLen: 32 })
}

/** `passphrase` stretched by scrypt at the cost of new backups (a duress passphrase's check). */
export async function stretchPassphrase(passphrase: string, salt: Uint8Array): Promise<Uint8Array> {
  const { N, r, p } = KEY_BACKUP_SCRYPT
  return scryptAsync(normalise(passphrase), salt, { N, r, p, dkLen: 32 })
}

/** Whether `passphrase` is long enough to seal a backup under. */
export function passphraseLongEnough(passphrase: string): boolean {
  return [...normalise(passphrase)].length >= MIN_PASSPHRASE_LENGTH
}

/**
 * Seals the 32-byte Ed25519 seed `secretKey` of `publicKey` under `passphrase`, with
 * KEY_BACKUP_RANDOM_BYTES of fresh `random` bytes (salt, then nonce).
 */
export async function sealKeyBackup(input: {
  readonly name: string
  readonly publicKey: PublicKey
  readonly secretKey: Uint8Array
  readonly passphrase: string
  readonly random: Uint8Array
}): Promise<{ readonly ok: true; readonly value: KeyBackup } | KeyBackupRefusal> {
  if (!passphraseLongEnough(input.passphrase))
    return refuse(
      'backup.passphrase-short',
      `a backup passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`,
    )
  if (input.secretKey.length !== 32 || input.random.length !== KEY_BACKUP_RANDOM_BYTES)
    throw new Error('sealKeyBackup: a 32-byte seed and 28 random bytes are needed')
  const kdf = { name: 'scrypt' as const, ...KEY_BACKUP_SCRYPT }
  const salt = encodeBase64url(input.random.subarray(0, 16))
  const nonce = input.random.slice(16)
  const key = await passphraseKey(input.passphrase, { ...kdf, salt })
  const sealed = gcm(key, nonce, associatedData(input.publicKey)).encrypt(input.secretKey)
  return {
    ok: true,
    value: {
      format: KEY_BACKUP_FORMAT,
      name: input.name,
      publicKey: input.publicKey,
      kdf: { ...kdf, salt },
      cipher: { name: 'aes-256-gcm', nonce: encodeBase64url(nonce) },
      sealedSecretKey: encodeBase64url(sealed),
    },
  }
}

/** Reads a sealed backup from a file's text, without opening it; a refusal if it is not one. */
export function parseKeyBackup(
  text: string,
): { readonly ok: true; readonly value: KeyBackup } | KeyBackupRefusal {
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return refuse('backup.not-a-backup', 'this is not a Veche key backup (not JSON)')
  }
  const parsed = sealedBackup.safeParse(json)
  if (!parsed.success) return refuse('backup.not-a-backup', 'this is not a Veche key backup')
  const { N, r } = parsed.data.kdf
  if ((N & (N - 1)) !== 0 || N * r * 128 > KEY_BACKUP_MAX_MEMORY)
    return refuse(
      'backup.too-costly',
      `this backup asks for more than ${KEY_BACKUP_MAX_MEMORY / 1024 / 1024} MiB to open`,
    )
  return { ok: true, value: parsed.data }
}

/** Opens a sealed backup with `passphrase`: its public key and 32-byte seed. */
export async function openKeyBackup(
  backup: KeyBackup,
  passphrase: string,
): Promise<
  | { readonly ok: true; readonly value: { publicKey: PublicKey; secretKey: Uint8Array } }
  | KeyBackupRefusal
> {
  const key = await passphraseKey(passphrase, backup.kdf)
  const nonce = decodeBase64url(backup.cipher.nonce)
  const sealed = decodeBase64url(backup.sealedSecretKey)
  if (nonce?.length !== 12 || sealed?.length !== 48)
    return refuse('backup.not-a-backup', 'this Veche key backup is damaged')
  try {
    const secretKey = gcm(key, nonce, associatedData(backup.publicKey)).decrypt(sealed)
    return { ok: true, value: { publicKey: backup.publicKey as PublicKey, secretKey } }
  } catch {
    return refuse(
      'backup.wrong-passphrase',
      'the passphrase does not open this backup (or the file was altered)',
    )
  }
}
