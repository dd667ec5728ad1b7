// Processes of one cluster (cluster-ballots.ts), as real hubs over HTTP: a group of secret ballots
// is acknowledged only once a cluster peer holds it too; with no peer that takes it (down, or
// holding another key) the client gets 503 `cluster.unreplicated` and the ballots stay held here;
// the cluster routes refuse a caller without the key; and a private space replicates between
// cluster peers by the cluster key alone, with no replication key.
import { computeEventId } from '@veche/core'
import type { SignedEvent } from '@veche/core'
import { afterEach, expect, test } from 'vitest'
import { secretPollOnLedger } from '../../store/src/test-support/secret-fixture.js'
import { CLUSTER_HEADER, clusterProof } from './replication-keys.js'
import { syncWithPeer } from './sync-client.js'
import { closeTestHubs, startTestHub } from './test-support/test-hub.js'

afterEach(closeTestHubs)

const KEY = 'the-cluster-key-of-this-test-0123456789'

async function cast(url: string, ballots: readonly SignedEvent[]): Promise<Response> {
  return fetch(`${url}/api/ballots`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ events: ballots }),
  })
}

test('a group of ballots is acknowledged once a cluster peer holds it; a private space replicates by the cluster key alone', async () => {
  const peer = await startTestHub({ clusterKey: KEY })
  const hub = await startTestHub({ clusterKey: KEY, clusterPeers: [peer.url] })
  const p = await secretPollOnLedger(hub.ledger, { members: 5, visibility: 'private' })
  // Without a key of any kind the private space stays where it is.
  const [alone] = await syncWithPeer(peer.ledger, hub.url, { spaces: [p.space] })
  expect(alone!.pulled.accepted).toBe(0)
  expect(await peer.ledger.state(p.space)).toBeNull()
  // With the cluster key (no replication key), the peer takes the log.
  const [taken] = await syncWithPeer(peer.ledger, hub.url, { clusterKey: KEY })
  expect(taken!.space).toBe(p.space)
  expect(taken!.pulled.accepted).toBe(p.log.length)

  const ballots: SignedEvent[] = []
  for (const member of p.members) ballots.push(await p.vote(member, { choice: 'yes' }))
  const res = await cast(hub.url, ballots.slice(0, 3))
  expect(res.status).toBe(200)
  // Acknowledged: the peer holds every one of them already, sorted by id as everywhere.
  const sent = ballots.slice(0, 3).map(computeEventId).sort()
  expect((await peer.ledger.store.ballots(p.space, p.poll)).map((b) => b.id)).toEqual(sent)
  expect((await hub.ledger.store.ballots(p.space, p.poll)).map((b) => b.id)).toEqual(sent)

  // Ballots held by the peer alone (taken there) reach the hub by a pass with the cluster key,
  // in both directions: a private space needs no replication key between cluster peers.
  expect((await cast(peer.url, ballots.slice(3))).status).toBe(200)
  const [pass] = await syncWithPeer(hub.ledger, peer.url, { clusterKey: KEY })
  expect(pass!.skipped).toBeUndefined()
  expect(pass!.pulled.accepted).toBe(2)
  expect((await hub.ledger.store.ballots(p.space, p.poll)).length).toBe(5)
})

test('no cluster peer takes the group: 503 cluster.unreplicated, the ballots stay held; the routes refuse a caller without the key', async () => {
  const gone = await startTestHub({ clusterKey: KEY })
  const goneUrl = gone.url
  await closeTestHubs()
  const stranger = await startTestHub({ clusterKey: 'another-cluster-key-0123456789abcdef' })
  const hub = await startTestHub({ clusterKey: KEY, clusterPeers: [goneUrl, stranger.url] })
  const p = await secretPollOnLedger(hub.ledger, { members: 3 })
  await syncWithPeer(stranger.ledger, hub.url)
  const ballot = await p.vote(p.members[1]!, { choice: 'no' })

  const res = await cast(hub.url, [ballot])
  expect(res.status).toBe(503)
  expect(res.headers.get('retry-after')).toBe('2')
  const body = (await res.json()) as { code: string; detail: string }
  expect(body.code).toBe('cluster.unreplicated')
  expect(body.detail).toContain('did not show it holds the cluster key')
  // Held here all the same, but nothing went to the process that could not prove the key.
  expect((await hub.ledger.store.ballots(p.space, p.poll)).map((b) => b.id)).toEqual([
    computeEventId(ballot),
  ])
  expect(await stranger.ledger.store.ballots(p.space, p.poll)).toEqual([])
  // Sent again, it is a duplicate here and still not acknowledged.
  expect((await cast(hub.url, [ballot])).status).toBe(503)

  // The cluster routes: no proof, or a proof of another key, is refused.
  for (const headers of [
    {},
    { [CLUSTER_HEADER]: clusterProof('not-the-key-0123456789abc', Date.now()) },
  ]) {
    const passed = await fetch(`${hub.url}/api/cluster/ballots`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ events: [ballot] }),
    })
    expect(passed.status).toBe(401)
    expect(((await passed.json()) as { code: string }).code).toBe('cluster.unproven')
  }
  // With the key, anything but a ballot is refused whole.
  const notBallot = await fetch(`${hub.url}/api/cluster/ballots`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      [CLUSTER_HEADER]: clusterProof(KEY, Date.now()),
    },
    body: JSON.stringify({ events: [p.log[0]] }),
  })
  expect(notBallot.status).toBe(400)
})
