// `veche encrypt`: encrypts the data folder at rest under its passphrase (or key file), with
// nothing lost: the SQLite store with SQLCipher (an existing plain store is migrated in place and
// its plain copy overwritten; a new one is created encrypted), and every plain identity's secret
// key sealed under the passphrase. Running it again finishes what an interrupted run left.
import { existsSync, statSync } from 'node:fs'
import { Command } from '../commander.js'
import {
  DEFAULT_SCRYPT_LOG_N,
  encryptSqliteStore,
  isPlainSqlite,
  makePrivateFolder,
  MAX_SCRYPT_LOG_N,
  MIN_SCRYPT_LOG_N,
  newStoreKeyHeader,
  readStoreKeyHeader,
  writeStoreKeyHeader,
} from '@veche/store'
import { CliError } from '../cli-error.js'
import { isSealedIdentity, listIdentities, sealIdentity } from '../identities.js'
import { sealPlainWallets } from '../secret-wallets.js'
import { withContext } from '../run-command.js'
import { storeKeyFor } from '../store-secret.js'
import { intOption } from './assembly-command.js'

export function encryptCommand(): Command {
  return new Command('encrypt')
    .description('encrypt the store and the identities under the passphrase or key file')
    .option(
      '--scrypt-log-n <n>',
      `scrypt's cost for a new passphrase header and sealed identities: N = 2^n (${MIN_SCRYPT_LOG_N}–${MAX_SCRYPT_LOG_N})`,
      (value) => intOption(value, '--scrypt-log-n', MIN_SCRYPT_LOG_N, MAX_SCRYPT_LOG_N),
      DEFAULT_SCRYPT_LOG_N,
    )
    .action(
      withContext(async (ctx, opts: { scryptLogN: number }) => {
        const secret = ctx.secret()
        if (secret === null) {
          throw new CliError(
            'give the passphrase with --passphrase-file FILE or VECHE_PASSPHRASE, or a key file with --key-file FILE',
          )
        }
        makePrivateFolder(ctx.dataDir)
        const file = ctx.storeFile
        let events: number | null = null
        let store: 'encrypted' | 'already encrypted' | 'created encrypted'
        if (isPlainSqlite(file)) {
          // A header may be left from an interrupted run: keep its salt, the key stays the same.
          if (readStoreKeyHeader(file) === null) {
            writeStoreKeyHeader(file, newStoreKeyHeader(secret, opts.scryptLogN))
          }
          const key = storeKeyFor(file, secret)!
          events = encryptSqliteStore(file, key).events
          store = 'encrypted'
        } else {
          const existed = existsSync(file) && statSync(file).size > 0
          if (!existed && readStoreKeyHeader(file) === null) {
            writeStoreKeyHeader(file, newStoreKeyHeader(secret, opts.scryptLogN))
          }
          // Opening checks the key (and creates the store if there was none).
          events = await (await ctx.ledger()).store.count()
          store = existed ? 'already encrypted' : 'created encrypted'
        }
        const passphrase = ctx.passphrase()
        const sealed: string[] = []
        const plain: string[] = []
        for (const name of listIdentities(ctx.dataDir)) {
          if (isSealedIdentity(ctx.dataDir, name)) continue
          if (passphrase === null) plain.push(name)
          else {
            sealIdentity(ctx.dataDir, name, passphrase, opts.scryptLogN)
            sealed.push(name)
          }
        }
        // Secret-poll wallets (secret-wallets.ts) are sealed under a key derived from the store's.
        const wallets = await sealPlainWallets(ctx)
        ctx.print(
          { store, events, sealedIdentities: sealed, plainIdentities: plain, wallets },
          () =>
            [
              `store ${file}: ${store} (${events} events)`,
              ...(wallets > 0 ? [`secret-poll wallets sealed: ${wallets}`] : []),
              ...(sealed.length > 0
                ? [`identities sealed under the passphrase: ${sealed.join(', ')}`]
                : []),
              ...(plain.length > 0
                ? [
                    `identities left plain (sealing needs a passphrase, not a key file): ${plain.join(', ')}`,
                  ]
                : []),
            ].join('\n'),
        )
      }),
    )
}
