// The part of "what's new" on the first page: each space's unseen entries as the lazily loaded
// watcher (whats-new-watch.tsx) and the assembly's block (whats-new-block.tsx) last computed them,
// the count shown next to an assembly in the home list, and the count on the app's icon. It holds
// data only; the work that fills it loads with the watcher.
import type { SpaceId } from '@veche/core'
import { useSyncExternalStore } from 'react'
import { useTranslation } from 'react-i18next'
import type { WhatsNewEntry } from './whats-new-entries.js'

const NONE: readonly WhatsNewEntry[] = []
const unseen = new Map<SpaceId, readonly WhatsNewEntry[]>()
const listeners = new Set<() => void>()
let badged = 0
let revision = 0

/** Replaces what is unseen in `space`, and updates the app icon's count. */
export function setUnseen(space: SpaceId, entries: readonly WhatsNewEntry[]): void {
  if ((unseen.get(space) ?? NONE) === entries) return
  unseen.set(space, entries)
  revision++
  for (const listener of listeners) listener()
  updateBadge()
}

/** What is unseen in `space`, re-rendering when it changes. */
export function useUnseen(space: SpaceId): readonly WhatsNewEntry[] {
  return useSyncExternalStore(subscribe, () => unseen.get(space) ?? NONE)
}

/** What is unseen in `space` now (with `useUnseenRevision` to re-render on changes). */
export function unseenOf(space: SpaceId): readonly WhatsNewEntry[] {
  return unseen.get(space) ?? NONE
}

/** A number that changes whenever anything unseen changes, re-rendering when it does. */
export function useUnseenRevision(): number {
  return useSyncExternalStore(subscribe, () => revision)
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/**
 * The Badging API (installed web apps in Chromium browsers, Safari on iOS 16.4+); elsewhere the
 * count is on the home screen only. A refusal (not installed, no permission) changes nothing.
 */
function updateBadge(): void {
  let total = 0
  for (const entries of unseen.values()) total += entries.length
  if (total === badged || !('setAppBadge' in navigator)) return
  badged = total
  const done = total > 0 ? navigator.setAppBadge(total) : navigator.clearAppBadge()
  done.catch(() => undefined)
}

/** "3 new" next to an assembly's name, when something is unseen there. */
export function UnseenCount({ space }: { readonly space: SpaceId }) {
  const { t } = useTranslation()
  const count = useUnseen(space).length
  if (count === 0) return null
  return <span className="new-count">{t('whatsNew.count', { count })}</span>
}
