// The passphrase sealing of key backups (scrypt and AES-256-GCM, @veche/core key-backup), loaded
// only when a backup is made or restored, so the first load does not carry it.
export { KEY_BACKUP_RANDOM_BYTES, openKeyBackup, parseKeyBackup, sealKeyBackup } from '@veche/core'
