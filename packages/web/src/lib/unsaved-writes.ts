// Keeping a write the passphrase lock refused (store-gate.ts, store-lock.ts), so that no action of
// the member's is lost silently in the moment before a tab hears that another one locked: a note of
// it, sealed to the lock's drop key (unsaved-notes.ts), or plain if the lock was removed, written
// only while the lock record is the one it was sealed for (in the same transaction). The member is
// shown the notes after unlocking (lock/unsaved-notice.tsx). What a tab keeps only as a copy of
// what the hub has (store-gate.ts's `isCopy`) is not noted: the tab reads it again from the hub.
// Loaded when a write is first refused.
import type { KeyValueStore } from './key-value-store.js'
import { tellTabs } from './lock-channel.js'
import type { RefusedWrite } from './store-gate.js'
import { isCopy } from './store-gate.js'
import { LOCK_RECORD, lockDrop } from './store-lock.js'
import { noteOf, plainNote, sealNote, UNSAVED_PREFIX } from './unsaved-notes.js'

/** How many times a note is tried again when the lock changes between reading it and writing. */
const TRIES = 3

/** Keeps `write` for the member, sealed to the lock there is now (plain if there is none). */
export async function holdUnsaved(raw: KeyValueStore, write: RefusedWrite): Promise<void> {
  if (isCopy(write.record) || write.record.startsWith(UNSAVED_PREFIX)) return
  const note = noteOf(write)
  const name = UNSAVED_PREFIX + crypto.randomUUID()
  for (let i = 0; i < TRIES; i++) {
    const lock = await raw.get(LOCK_RECORD)
    if (lock === undefined) {
      if (await writeIf(raw, (current) => current === undefined, name, plainNote(note))) break
      continue
    }
    // A lock set by an app from before drop keys, not yet opened since: nothing to seal to.
    const drop = lockDrop(lock)
    if (drop === null) return
    const sealed = await sealNote(drop.key, drop.generation, note)
    const same = (current: unknown) => lockDrop(current)?.generation === drop.generation
    if (await writeIf(raw, same, name, sealed)) break
  }
  tellTabs({ type: 'unsaved' })
}

async function writeIf(
  raw: KeyValueStore,
  holds: (current: unknown) => boolean,
  name: string,
  value: unknown,
): Promise<boolean> {
  if (raw.setIf !== undefined) return raw.setIf(LOCK_RECORD, holds, name, value)
  if (!holds(await raw.get(LOCK_RECORD))) return false
  await raw.set(name, value)
  return true
}
