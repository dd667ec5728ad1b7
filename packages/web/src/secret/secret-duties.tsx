// Runs this device's duties as issuer and teller of the space's secret polls while the assembly is
// open and the hub reachable (docs/secret-ballot.md, step 5: "issuing is automatic wherever the
// issuer's key is"): keys and dealings at once, credentials as requests arrive, the teller's share
// after the seal. Renders nothing; waits for the live stream so it acts on the hub's latest log.
// One tab of the device does this at a time (a Web Lock held while it is open): two would answer
// the same request twice. As a secret poll's opener it also seals the poll once its deadline has
// passed (docs/events.md, "Deadlines"): only the opener seals at a deadline, so while neither this
// app nor a hub tending as the opener is running, the poll waits, voting ended, for its seal.
import { secretPollsToSealAtDeadline, votingEnded } from '@veche/core'
import type { EventId } from '@veche/core'
import { useEffect, useRef, useState } from 'react'
import { useApp } from '../app-context.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { sealSecretPoll, tendDuties } from './secret-steps.js'

const RETRY_MS = 3_000

export default function SecretDuties(props: {
  readonly replica: SpaceReplica
  readonly version: number
  readonly connected: boolean
}) {
  const services = useApp()
  const { replica, version, connected } = props
  const leader = useDutyLock(replica.space)
  // A duty that failed (the hub busy, a send cut off) is tried again a little later: members wait
  // for their credentials, and no new event may come to wake this tab up.
  const [retries, setRetries] = useState(0)
  useEffect(() => {
    if (!connected || !leader) return
    const me = services.actions.me
    let retry: ReturnType<typeof setTimeout> | undefined
    for (const poll of replica.state.polls.values()) {
      const secret = poll.secret
      if (secret == null || secret.phase === 'counted') continue
      if (!secret.issuers.includes(me) && !secret.tellers.includes(me)) continue
      void tendDuties(services, replica, poll.id).catch((error: unknown) => {
        console.error('secret poll duty failed', error)
        retry ??= setTimeout(() => setRetries((n) => n + 1), RETRY_MS)
      })
    }
    return () => clearTimeout(retry)
  }, [version, connected, leader, retries])

  // The opener's seal at each deadline: one timer for the earliest not tried yet on this page.
  const tried = useRef(new Set<EventId>())
  const me = services.actions.me
  const due =
    connected && leader
      ? secretPollsToSealAtDeadline(replica.state, me).filter((p) => !tried.current.has(p.id))
      : []
  const earliest = due.length === 0 ? null : Math.min(...due.map((p) => p.closesAt!))
  useEffect(() => {
    if (earliest === null) return
    // One ms past the deadline: a request claimed at the deadline itself is still in time.
    const timer = setTimeout(
      () => {
        for (const poll of secretPollsToSealAtDeadline(replica.state, me)) {
          if (!votingEnded(poll, Date.now()) || tried.current.has(poll.id)) continue
          tried.current.add(poll.id)
          const again = (): void => {
            tried.current.delete(poll.id)
            setTimeout(() => setRetries((n) => n + 1), RETRY_MS)
          }
          sealSecretPoll(services, replica, poll.id).then(
            (problem) => problem !== null && again(),
            (error: unknown) => {
              console.error('sealing a secret poll at its deadline failed', error)
              again()
            },
          )
        }
      },
      Math.min(Math.max(earliest + 1 - Date.now(), 0), 2 ** 31 - 1),
    )
    return () => clearTimeout(timer)
  }, [earliest, version, connected, leader, retries])
  return null
}

/** Whether this tab holds the device's lock on the space's duties (always, without Web Locks). */
function useDutyLock(space: string): boolean {
  const [leader, setLeader] = useState(false)
  useEffect(() => {
    if (!('locks' in navigator)) {
      setLeader(true)
      return
    }
    let release = (): void => undefined
    const held = new Promise<void>((resolve) => {
      release = resolve
    })
    const controller = new AbortController()
    navigator.locks
      .request(`veche.secret-duties.${space}`, { signal: controller.signal }, async () => {
        setLeader(true)
        await held
      })
      .catch(() => undefined)
    return () => {
      controller.abort()
      release()
      setLeader(false)
    }
  }, [space])
  return leader
}
