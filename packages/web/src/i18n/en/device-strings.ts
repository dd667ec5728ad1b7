// The strings of the member's key and of this device's safety (backup, restore, wipe, duress
// passphrase, which app is running), in every language.
// This is the English part: each language loads only when it is the interface language.
export const deviceStrings: Record<string, string> = {
  'identity.banner': 'Back up your key now: it can be backed up only until this page is closed.',
  'identity.manage': 'Back up your key, restore one, or wipe this device',
  'identity.title': 'Your key',
  'identity.explain':
    'Your key is made and kept on this device, locked so that no page or script can read it. It is who you are in Veche: no e-mail, no phone number. If this device is lost, so is the key, unless you saved a backup.',
  'identity.key': 'Public key:',
  'identity.backupTitle': 'Back up my key',
  'identity.backupNow':
    'Your key can be backed up only now, before this page is closed: after that not even this app can read it. Choose a passphrase of at least 8 characters, and keep the file away from this phone.',
  'identity.backupAgain': 'Type your backup passphrase to save the backup file again.',
  'identity.backupNever':
    'This key was not backed up when it was made, and can no longer be read, not even by this app. If you lose this device, join your assemblies again with a new key.',
  'identity.passphrase': 'Passphrase',
  'identity.passphraseAgain': 'The same passphrase again',
  'identity.passphraseMismatch': 'The two passphrases differ.',
  'identity.backup': 'Back up my key',
  'identity.backupSaved':
    'The backup file is saved. It opens only with your passphrase: keep both, apart.',
  'identity.working': 'Working… this takes a few seconds.',
  'identity.restore': 'Restore from a backup file',
  'identity.restoreExplain':
    'Replaces the key on this device with the one in a backup. A backup made by this app needs its passphrase; an identity file of the veche command does not.',
  'identity.restoreFile': 'Backup file',
  'identity.paste': 'Or paste a backup (from a file or a scanned QR code)',
  'identity.pasteRestore': 'Restore this key',
  'identity.showQr': 'Show the backup as a QR code',
  'identity.hideQr': 'Hide the QR code',
  'identity.qrWarning':
    'This code holds your key sealed under your passphrase. Show it only to your own other device.',
  'identity.qrAlt': 'QR code of your key backup',
  'identity.error.backup.wrong-passphrase':
    'Wrong passphrase: it does not open this backup. Nothing was changed.',
  'identity.error.backup.not-a-backup': 'This is not a Veche key backup, or it is damaged.',
  'identity.error.backup.too-costly':
    'This backup asks for more memory than a phone can give, so it was not opened.',
  'identity.error.backup.passphrase-short': 'The passphrase needs at least 8 characters.',
  'identity.error.backup.unavailable': 'This key can no longer be backed up.',
  'identity.error.backup.wrong-key':
    'The secret in this backup does not match its public key: the file is damaged.',
  'identity.error.duress': 'Choose a passphrase different from your duress passphrase.',
  'device.link': 'This device',
  'device.title': 'This device',
  'device.wipeTitle': 'Wipe this device',
  'device.wipeExplain':
    'Erases everything Veche keeps in this browser: your key, the assemblies and their events, actions waiting to be sent, secret-poll wallets, drafts and the offline copy of the app. What you already sent stays with your assemblies. Without a backup, your key is gone for good.',
  'device.wipe': 'Wipe this device',
  'device.wipeConfirm': 'Erase everything Veche keeps here?',
  'device.wipeUndone': 'This cannot be undone.',
  'device.wipeYes': 'Yes, erase everything',
  'device.cancel': 'Cancel',
  'device.duressTitle': 'Duress passphrase',
  'device.duressExplain':
    'Optional. If you are forced to open your key backup here, type this passphrase instead of the real one: the app erases everything, as Wipe this device does, and starts again empty, as if just installed. It cannot erase a backup file, copies on other devices, or what hubs hold.',
  'device.duressNew': 'Duress passphrase',
  'device.duressSet': 'Set the duress passphrase',
  'device.duressRemove': 'Remove the duress passphrase',
  'device.duressIsSet': 'A duress passphrase is set on this device.',
  'device.duressSaved': 'Saved.',
  'device.duressSameAsBackup': 'The duress passphrase must differ from your backup passphrase.',
  'device.buildTitle': 'Which app am I running',
  'device.buildExplain':
    'The fingerprint (SHA-256) of the app files this page runs. Compare it with the one the Veche project or your facilitator published: if it differs, this is not the app they published. A modified app could show a false fingerprint here, so check from another device too.',
  'device.buildMine': 'This app:',
  'device.buildHub': 'This hub announces:',
  'device.buildChecking': 'Computing…',
  'device.buildUnknown': 'Unknown (the app files could not all be read).',
  'device.buildDiffers':
    'This page runs other files than the hub serves now. Close and reopen the app, then compare again.',
}
