// Replication keys: the shared secret a facilitator hands to the hubs that may hold a private
// space. A key never travels: a hub proves it holds one with an HMAC over the space and the time
// (header `veche-replication: <space>=<time>.<mac>, …`), and the other hub answers with an HMAC
// over that proof, so each side knows the other holds the key before anything private is sent.
// Proofs older or newer than five minutes are refused.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { encodeBase64url, SPACE_ID_PATTERN } from '@veche/core'
import type { SpaceId } from '@veche/core'

/** Per private space, its replication key (base64url text). */
export type ReplicationKeys = ReadonlyMap<SpaceId, string>

/** The request header that carries replication proofs. */
export const REPLICATION_HEADER = 'veche-replication'

/** How far a proof's time may be from the hub's clock. */
export const PROOF_WINDOW_MS = 5 * 60_000

/** A key is at least 16 bytes of base64url (`newReplicationKey` makes 32). */
export const REPLICATION_KEY_PATTERN = /^[A-Za-z0-9_-]{22,}$/

/** A fresh random replication key. */
export function newReplicationKey(): string {
  return encodeBase64url(randomBytes(32))
}

function mac(key: string, text: string): string {
  return createHmac('sha256', key).update(text).digest('base64url')
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The proof that the sender holds `key` for `space`, at time `now` (ms). */
export function replicationProof(key: string, space: SpaceId, now: number): string {
  return `${now}.${mac(key, `veche/replication/1\n${space}\n${now}`)}`
}

/** The header value proving every key in `keys` (empty string when there are none). */
export function replicationHeader(keys: ReplicationKeys, now: number): string {
  return [...keys].map(([space, key]) => `${space}=${replicationProof(key, space, now)}`).join(', ')
}

/** The proofs in a header, by space (malformed entries are ignored). */
export function parseReplicationHeader(header: string | undefined): Map<SpaceId, string> {
  const proofs = new Map<SpaceId, string>()
  for (const part of (header ?? '').split(',')) {
    const [space, proof] = part.trim().split('=')
    if (space !== undefined && proof !== undefined && SPACE_ID_PATTERN.test(space)) {
      proofs.set(space as SpaceId, proof)
    }
  }
  return proofs
}

/** Whether `proof` shows its sender holds `key` for `space`, within the time window. */
export function checkReplicationProof(
  key: string,
  space: SpaceId,
  proof: string,
  now: number,
): boolean {
  const [time, given] = proof.split('.')
  const at = Number(time)
  if (given === undefined || !Number.isSafeInteger(at) || Math.abs(now - at) > PROOF_WINDOW_MS) {
    return false
  }
  return same(given, mac(key, `veche/replication/1\n${space}\n${at}`))
}

/** The answer to a caller's `proof`: shows this hub holds `key` too. */
export function replicationReply(key: string, space: SpaceId, proof: string): string {
  return mac(key, `veche/replication-reply/1\n${space}\n${proof}`)
}

/** Whether `reply` answers `proof` with `key`. */
export function checkReplicationReply(
  key: string,
  space: SpaceId,
  proof: string,
  reply: string,
): boolean {
  return same(reply, replicationReply(key, space, proof))
}

// The cluster key (`veche serve --cluster-key-file`): one secret shared by the hub processes of one
// cluster (several machines serving one database, docs/deploy.md). A proof of it stands for the
// replication key of every private space, so a cluster needs no per-space keys on every process;
// proofs and answers work as above, with a label of their own.

/** The request header that carries a cluster proof (`<time>.<mac>`). */
export const CLUSTER_HEADER = 'veche-cluster'

/** The proof that the sender holds the cluster key, at time `now` (ms). */
export function clusterProof(key: string, now: number): string {
  return `${now}.${mac(key, `veche/cluster/1\n${now}`)}`
}

/** Whether `proof` shows its sender holds the cluster `key`, within the time window. */
export function checkClusterProof(key: string, proof: string | undefined, now: number): boolean {
  const [time, given] = (proof ?? '').split('.')
  const at = Number(time)
  if (given === undefined || !Number.isSafeInteger(at) || Math.abs(now - at) > PROOF_WINDOW_MS) {
    return false
  }
  return same(given, mac(key, `veche/cluster/1\n${at}`))
}

/** The answer to a caller's cluster `proof`: shows this hub holds the cluster key too. */
export function clusterReply(key: string, proof: string): string {
  return mac(key, `veche/cluster-reply/1\n${proof}`)
}

/** Whether `reply` answers `proof` with the cluster `key`. */
export function checkClusterReply(key: string, proof: string, reply: string): boolean {
  return same(reply, clusterReply(key, proof))
}

/** The cluster proof a request carries, if it carries one (a string header). */
export function clusterProofOf(header: string | string[] | undefined): string | undefined {
  return typeof header === 'string' ? header : undefined
}
