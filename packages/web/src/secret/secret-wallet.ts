// What this device remembers of a secret poll (core's `SecretWallet`: the one-time key, the
// blinding inverses, the credentials, the ballots cast; for an issuer its RSA key, for a teller
// its secret), kept in the app's IndexedDB store next to the identity, one record per poll. After
// the count the record is deleted, leaving only whether the last ballot was counted: nothing on
// the phone then shows how its member voted (docs/secret-ballot.md, "My ballot counted").
import type { EventId, SecretWallet, SpaceId } from '@veche/core'
import type { KeyValueStore } from '../lib/key-value-store.js'

/** What is left of a voter's wallet after the count. */
export type FinalStatus = 'not-cast' | 'counted' | 'spoiled' | 'late' | 'held' | 'sealed'

const walletKey = (space: SpaceId, poll: EventId): string => `secret.wallet:${space}:${poll}`
const finalKey = (space: SpaceId, poll: EventId): string => `secret.final:${space}:${poll}`

/** The device's wallet for `poll` (empty until its first step). */
export async function loadWallet(
  store: KeyValueStore,
  space: SpaceId,
  poll: EventId,
): Promise<SecretWallet> {
  return (await store.get<SecretWallet>(walletKey(space, poll))) ?? {}
}

/** Keeps the wallet; always before the event it prepares leaves the device. */
export function saveWallet(
  store: KeyValueStore,
  space: SpaceId,
  poll: EventId,
  wallet: SecretWallet,
): Promise<void> {
  return store.set(walletKey(space, poll), wallet)
}

/** Deletes the wallet after the count, keeping only the voter's final status. */
export async function forgetWallet(
  store: KeyValueStore,
  space: SpaceId,
  poll: EventId,
  status: FinalStatus,
): Promise<void> {
  await store.set(finalKey(space, poll), status)
  await store.delete(walletKey(space, poll))
}

/** The status kept after the count, if this device forgot its wallet. */
export function finalStatus(
  store: KeyValueStore,
  space: SpaceId,
  poll: EventId,
): Promise<FinalStatus | undefined> {
  return store.get<FinalStatus>(finalKey(space, poll))
}
