// Small helpers the council screens share: the federation actions for this device's key, another
// space's name and member names as the hub describes them (for showing delegates by name; shown
// only, never trusted for a decision), and display names for keys.
import { useEffect, useMemo, useState } from 'react'
import { sameSubject, subjectOf } from '@veche/core'
import type { FederationSubject, PollRecord, PublicKey, SpaceId, SpaceState } from '@veche/core'
import { useApp } from '../app-context.js'
import { FederationActions } from '../lib/federation-actions.js'

export function useFederationActions(): FederationActions {
  const { actions } = useApp()
  return useMemo(() => new FederationActions(actions), [actions])
}

export interface SpaceSummary {
  readonly name: string
  readonly members: Readonly<Record<string, { readonly name: string }>>
}

/** A space's name and members' names from the hub (`GET /api/spaces/:id`); null until known. */
export function useSpaceSummary(space: SpaceId, refresh: unknown = null): SpaceSummary | null {
  return useSpaceSummaries([space], refresh).get(space) ?? null
}

/** A key's name in `state`, else in `summary`, else its first characters. */
export function nameOf(
  key: string,
  state: SpaceState | null | undefined,
  summary?: SpaceSummary | null,
): string {
  return (
    state?.members.get(key as PublicKey)?.name ?? summary?.members[key]?.name ?? key.slice(0, 8)
  )
}

/** The adopted closed polls of a space: consent adopted, or majority won by the first option. */
export function adoptedPolls(state: SpaceState) {
  return [...state.polls.values()].filter((p) => {
    if (p.status !== 'closed' || p.recall !== null) return false
    const r = p.result as { method?: string; outcome?: string; winner?: string | null } | null
    if (r?.method === 'consent') return r.outcome === 'adopted'
    return r?.method === 'majority' && r.outcome === 'adopted' && r.winner === p.options[0]
  })
}

/** The summaries of several spaces, fetched again whenever `refresh` changes. */
export function useSpaceSummaries(
  spaces: readonly SpaceId[],
  refresh: unknown,
): ReadonlyMap<SpaceId, SpaceSummary> {
  const [summaries, setSummaries] = useState<ReadonlyMap<SpaceId, SpaceSummary>>(new Map())
  const key = spaces.join(',')
  useEffect(() => {
    let cancelled = false
    void Promise.all(
      spaces.map(async (space) => {
        try {
          const r = await fetch(`/api/spaces/${space}`)
          if (!r.ok) return null
          const body = (await r.json()) as {
            assembly?: { name?: string } | null
            members?: SpaceSummary['members']
          }
          return [
            space,
            { name: body.assembly?.name ?? space, members: body.members ?? {} },
          ] as const
        } catch {
          return null
        }
      }),
    ).then((found) => {
      if (cancelled) return
      setSummaries((old) => {
        const next = new Map(old)
        for (const entry of found) if (entry !== null) next.set(entry[0], entry[1])
        return next
      })
    })
    return () => {
      cancelled = true
    }
  }, [key, refresh])
  return summaries
}

/** A poll whose options are all members' keys: a delegate election. */
export function isElection(state: SpaceState, options: readonly string[]): boolean {
  return options.length > 0 && options.every((o) => state.members.has(o as PublicKey))
}

/** The adopted polls of a space opened on exactly `subject` (the only ones its decision takes). */
export function adoptedPollsOn(state: SpaceState, subject: FederationSubject): PollRecord[] {
  return adoptedPolls(state).filter((p) => sameSubject(subjectOf(p), subject))
}

/** The closed majority or consent polls of a space on exactly `subject` (a referral's answer). */
export function closedPollsOn(state: SpaceState, subject: FederationSubject): PollRecord[] {
  return [...state.polls.values()].filter(
    (p) =>
      p.status === 'closed' &&
      p.recall === null &&
      (p.method === 'majority' || p.method === 'consent') &&
      sameSubject(subjectOf(p), subject),
  )
}
