// Sealed key backups: the right passphrase gives the seed back; a wrong one, a swapped public key,
// a flipped byte and a file asking for too much memory are each refused with their own code.
import { expect, test } from 'vitest'
import { encodeBase64url } from './base64url.js'
import type { PublicKey } from './ids.js'
import { openKeyBackup, parseKeyBackup, sealKeyBackup } from './key-backup.js'

const randomBytes = (n: number) => crypto.getRandomValues(new Uint8Array(n))
const publicKey = encodeBase64url(randomBytes(32)) as PublicKey
const secretKey = new Uint8Array(randomBytes(32))

async function sealed(passphrase = 'correct horse battery') {
  const result = await sealKeyBackup({
    name: 'browser',
    publicKey,
    secretKey,
    passphrase,
    random: new Uint8Array(randomBytes(28)),
  })
  if (!result.ok) throw new Error(result.message)
  return JSON.stringify(result.value)
}

test('key backup: opens with its passphrase, refuses a wrong one, and holds no plaintext', async () => {
  const text = await sealed()
  expect(text).not.toContain(encodeBase64url(secretKey))
  const backup = parseKeyBackup(text)
  if (!backup.ok) throw new Error(backup.message)
  const opened = await openKeyBackup(backup.value, 'correct horse battery')
  expect(opened.ok && [...opened.value.secretKey]).toEqual([...secretKey])
  expect(opened.ok && opened.value.publicKey).toBe(publicKey)
  const wrong = await openKeyBackup(backup.value, 'correct horse batterY')
  expect(wrong.ok || wrong.code).toBe('backup.wrong-passphrase')
})

test('key backup: the passphrase is NFKC-normalised, and one too short is refused', async () => {
  const backup = parseKeyBackup(await sealed('ｐａｓｓｐｈｒａｓｅ'))
  if (!backup.ok) throw new Error(backup.message)
  expect((await openKeyBackup(backup.value, 'passphrase')).ok).toBe(true)
  const short = await sealKeyBackup({
    name: 'b',
    publicKey,
    secretKey,
    passphrase: '1234567',
    random: new Uint8Array(28),
  })
  expect(short.ok || short.code).toBe('backup.passphrase-short')
})

test('key backup: a swapped public key or a flipped byte fails the tag; junk is not a backup', async () => {
  const file = JSON.parse(await sealed()) as Record<string, unknown>
  const swapped = parseKeyBackup(
    JSON.stringify({ ...file, publicKey: encodeBase64url(randomBytes(32)) }),
  )
  if (!swapped.ok) throw new Error(swapped.message)
  const opened = await openKeyBackup(swapped.value, 'correct horse battery')
  expect(opened.ok || opened.code).toBe('backup.wrong-passphrase')
  const sealedKey = file['sealedSecretKey'] as string
  const flipped = `${sealedKey[0] === 'A' ? 'B' : 'A'}${sealedKey.slice(1)}`
  const damaged = parseKeyBackup(JSON.stringify({ ...file, sealedSecretKey: flipped }))
  if (!damaged.ok) throw new Error(damaged.message)
  expect((await openKeyBackup(damaged.value, 'correct horse battery')).ok).toBe(false)
  for (const junk of ['', 'not json', '{}', JSON.stringify({ ...file, format: 'other' })]) {
    const parsed = parseKeyBackup(junk)
    expect(parsed.ok || parsed.code).toBe('backup.not-a-backup')
  }
})

test('key backup: a file asking scrypt for more than 256 MiB is refused before any work', async () => {
  const file = JSON.parse(await sealed()) as { kdf: Record<string, unknown> }
  const at = (N: number, r: number) =>
    parseKeyBackup(JSON.stringify({ ...file, kdf: { ...file.kdf, N, r } }))
  expect(at(2 ** 18, 8).ok).toBe(true) // exactly 256 MiB
  const over = at(2 ** 19, 8)
  expect(over.ok || over.code).toBe('backup.too-costly')
  const notPowerOfTwo = at(3 * 2 ** 10, 8)
  expect(notPowerOfTwo.ok || notPowerOfTwo.code).toBe('backup.too-costly')
})
