// Runs this device's duties as issuer and teller of the space's secret polls while the assembly is
// open and the hub reachable (docs/secret-ballot.md, step 5: "issuing is automatic wherever the
// issuer's key is"): keys and dealings at once, credentials as requests arrive, the teller's share
// after the seal. Renders nothing; waits for the live stream so it acts on the hub's latest log.
// One tab of the device does this at a time (a Web Lock held while it is open): two would answer
// the same request twice.
import { useEffect, useState } from 'react'
import { useApp } from '../app-context.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { tendDuties } from './secret-steps.js'

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
