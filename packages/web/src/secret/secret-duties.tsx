// Runs this device's duties as issuer and teller of the space's secret polls while the assembly is
// open and the hub reachable (docs/secret-ballot.md, step 5: "issuing is automatic wherever the
// issuer's key is"): keys and dealings at once, credentials as requests arrive, the teller's share
// after the seal. Renders nothing; waits for the live stream so it acts on the hub's latest log.
import { useEffect } from 'react'
import { useApp } from '../app-context.js'
import type { SpaceReplica } from '../lib/space-replica.js'
import { tendDuties } from './secret-steps.js'

export default function SecretDuties(props: {
  readonly replica: SpaceReplica
  readonly version: number
  readonly connected: boolean
}) {
  const services = useApp()
  const { replica, version, connected } = props
  useEffect(() => {
    if (!connected) return
    const me = services.actions.me
    for (const poll of replica.state.polls.values()) {
      const secret = poll.secret
      if (secret == null || secret.phase === 'counted') continue
      if (!secret.issuers.includes(me) && !secret.tellers.includes(me)) continue
      void tendDuties(services, replica, poll.id).catch((error: unknown) => {
        console.error('secret poll duty failed', error)
      })
    }
  }, [version, connected])
  return null
}
