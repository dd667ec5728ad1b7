// Secret ballots between the processes of one cluster (several machines serving one PostgreSQL
// database, docs/deploy.md; `veche serve --cluster-peer URL --cluster-key-file FILE`). Each
// machine holds the ballots it took in a file of its own (docs/secret-ballot.md, "On
// PostgreSQL"), so a ballot acknowledged by a machine that then lost its disk would be lost.
// Instead, a process passes every group of ballots it wrote on to its cluster peers, all at once,
// and answers the clients only once one of them holds every ballot of the group: then an
// acknowledged ballot is on two machines. When no peer takes them, the group's requests fail with
// 503 `cluster.unreplicated` (the ballots stay held here; the app sends them again, and by then a
// peer may be back): losing an acknowledged ballot is worse than a retry.
//   GET  /api/cluster/hello     with a cluster proof: `{ reply }`, the answer that shows this
//                               process holds the same key (asked before any ballot is sent)
//   POST /api/cluster/ballots   with a cluster proof, body { events }: secret ballots only,
//                               sorted by id; answers `{ held }`, how many it now holds
// What passes on carries nothing a ballot does not: the ballots of a group sorted by id, no
// sender, no time, no order of arrival. Neither route writes a log line (as POST /api/ballots).
import type { EventId } from '@veche/core'
import type { Ledger, SubmitOutcome } from '@veche/store'
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod'
import { z } from 'zod'
import { ProblemSchema } from './api-schemas.js'
import { HubError } from './problem.js'
import {
  CLUSTER_HEADER,
  checkClusterProof,
  checkClusterReply,
  clusterProof,
  clusterProofOf,
  clusterReply,
} from './replication-keys.js'
import { MAX_GROUP } from './submission-batcher.js'
import type { PassOn } from './submission-batcher.js'
import { claimedType } from './submit-outcomes.js'

/** One ballot passed on: its id (for the order) and its JSON text. */
export interface PassedBallot {
  readonly id: EventId
  readonly json: string
}

/** Thrown when no cluster peer took a group of ballots. */
export class ClusterUnreachable extends Error {
  override readonly name = 'ClusterUnreachable'
}

/** The other processes of this hub's cluster, to pass held ballots on to. */
export class ClusterPeers {
  readonly #peers: readonly string[]
  readonly #key: string
  readonly #timeoutMs: number
  /** Peers that answered a cluster proof with the same key (forgotten on any failure). */
  readonly #proven = new Set<string>()

  constructor(peers: readonly string[], key: string, options: { timeoutMs?: number } = {}) {
    this.#peers = peers.map((peer) => peer.replace(/\/+$/, ''))
    this.#key = key
    this.#timeoutMs = options.timeoutMs ?? 10_000
  }

  /**
   * Passes `ballots` (any order; sent sorted by id) to every cluster peer at once; resolves as
   * soon as one holds them all, throws ClusterUnreachable when none does.
   */
  async pass(ballots: readonly PassedBallot[]): Promise<void> {
    if (ballots.length === 0) return
    const sorted = [...ballots].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    const body = `{"events":[${sorted.map((b) => b.json).join(',')}]}`
    try {
      await Promise.any(this.#peers.map((peer) => this.#passTo(peer, body, sorted.length)))
    } catch (error) {
      const reasons =
        error instanceof AggregateError
          ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e)))
          : [String(error)]
      throw new ClusterUnreachable(`no cluster peer took the ballots: ${reasons.join('; ')}`)
    }
  }

  async #passTo(peer: string, body: string, count: number): Promise<void> {
    try {
      // Private spaces' ballots go only to a process that showed it holds the cluster key.
      if (!this.#proven.has(peer)) {
        const proof = clusterProof(this.#key, Date.now())
        const res = await fetch(`${peer}/api/cluster/hello`, {
          headers: { [CLUSTER_HEADER]: proof },
          signal: AbortSignal.timeout(this.#timeoutMs),
        })
        const answer = (await res.json().catch(() => null)) as { reply?: unknown } | null
        if (
          !res.ok ||
          typeof answer?.reply !== 'string' ||
          !checkClusterReply(this.#key, proof, answer.reply)
        ) {
          throw new Error(`${peer} did not show it holds the cluster key (${res.status})`)
        }
        this.#proven.add(peer)
      }
      const res = await fetch(`${peer}/api/cluster/ballots`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [CLUSTER_HEADER]: clusterProof(this.#key, Date.now()),
        },
        body,
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
      const answer = (await res.json().catch(() => null)) as { held?: unknown } | null
      if (!res.ok || answer?.held !== count) {
        throw new Error(`${peer} did not take every ballot (${res.status})`)
      }
    } catch (error) {
      this.#proven.delete(peer)
      throw new Error(`${peer}: ${error instanceof Error ? error.message : String(error)}`, {
        cause: error,
      })
    }
  }
}

/**
 * What POST /api/ballots hands each written group to: the ballots held now (accepted, or held
 * already: a client sending again after a failed pass) go to the cluster peers; a failure is the
 * group's 503.
 */
export function passOnToCluster(cluster: ClusterPeers): PassOn {
  return async (inputs, outcomes) => {
    const held: PassedBallot[] = []
    outcomes.forEach((outcome: SubmitOutcome, i) => {
      if (outcome.status !== 'rejected') {
        held.push({ id: outcome.id, json: JSON.stringify(inputs[i]) })
      }
    })
    try {
      await cluster.pass(held)
    } catch (error) {
      throw new HubError(
        503,
        'cluster.unreplicated',
        'No other process of the cluster holds these ballots yet',
        `the ballots are held on this machine but no cluster peer took them (${(error as Error).message}); send them again`,
        { 'retry-after': '2' },
      )
    }
  }
}

export interface ClusterRouteOptions {
  readonly ledger: Ledger
  readonly clusterKey: string
}

const PassedBody = z.object({ events: z.array(z.unknown()).max(MAX_GROUP) })

export const clusterRoute: FastifyPluginAsyncZod<ClusterRouteOptions> = (app, options) => {
  const { ledger, clusterKey } = options
  const proven = (header: string | string[] | undefined): string => {
    const proof = clusterProofOf(header)
    if (proof === undefined || !checkClusterProof(clusterKey, proof, Date.now())) {
      throw new HubError(
        401,
        'cluster.unproven',
        'Not a process of this cluster',
        'send a proof of the cluster key in the veche-cluster header',
      )
    }
    return proof
  }
  app.get(
    '/api/cluster/hello',
    {
      logLevel: 'silent',
      schema: {
        summary: 'Shows a process of the same cluster that this one holds the cluster key',
        response: { 200: z.object({ reply: z.string() }), 401: ProblemSchema },
      },
    },
    (request) => {
      const proof = proven(request.headers[CLUSTER_HEADER])
      return Promise.resolve({ reply: clusterReply(clusterKey, proof) })
    },
  )
  app.post(
    '/api/cluster/ballots',
    {
      logLevel: 'silent',
      schema: {
        summary: 'Secret ballots another process of this cluster took (never logged)',
        description:
          'Sorted by id, with no sender or time. Answers how many of them this process now holds.',
        body: PassedBody,
        response: {
          200: z.object({ held: z.number().int() }),
          400: ProblemSchema,
          401: ProblemSchema,
        },
      },
    },
    async (request) => {
      proven(request.headers[CLUSTER_HEADER])
      const { events } = request.body
      if (events.some((e) => claimedType(e) !== 'secret.ballot')) {
        throw new HubError(
          400,
          'request.invalid',
          'Not a ballot',
          'a cluster peer passes on secret.ballot events only',
        )
      }
      // No deadline check here: the process that took them checked its clock, and acknowledges
      // them only once a peer holds them.
      const report = await ledger.submit(events)
      return { held: report.outcomes.filter((o) => o.status !== 'rejected').length }
    },
  )
  return Promise.resolve()
}
