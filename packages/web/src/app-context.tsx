// What every screen reaches: the signing actions, the outbox, the hub client, the local store and
// the list of assemblies this device knows.
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from 'react'
import type { ReactNode } from 'react'
import type { SpaceId } from '@veche/core'
import type { AssemblyActions } from './lib/assembly-actions.js'
import type { DeviceIdentity } from './lib/browser-identity.js'
import type { HubClient } from './lib/hub-client.js'
import type { StoreGate } from './lib/store-gate.js'
import type { Outbox, OutboxEntry } from './lib/outbox.js'

export interface KnownSpace {
  readonly id: SpaceId
  readonly name: string
}

export interface AppServices {
  readonly actions: AssemblyActions
  readonly outbox: Outbox
  readonly client: HubClient
  /** The local store: plain, or sealed under the passphrase lock (store-gate.ts). */
  readonly store: StoreGate
  /** This device's key: its backup and restore. */
  readonly identity: DeviceIdentity
}

interface AppValue extends AppServices {
  readonly spaces: readonly KnownSpace[]
  readonly remember: (space: KnownSpace) => void
  /** Replaces the identity (after a restore): reloads the app with it. */
  readonly reload: () => void
}

const AppContext = createContext<AppValue | null>(null)

export function AppProvider(props: { services: AppServices; children: ReactNode }) {
  const { store } = props.services
  const [spaces, setSpaces] = useState<readonly KnownSpace[]>([])
  useEffect(() => {
    void store.get<KnownSpace[]>('spaces').then((saved) => setSpaces(saved ?? []))
  }, [store])
  const remember = (space: KnownSpace): void => {
    setSpaces((current) => {
      const known = current.find((s) => s.id === space.id)
      if (known?.name === space.name) return current
      const next = [...current.filter((s) => s.id !== space.id), space]
      void store.set('spaces', next)
      return next
    })
  }
  const value: AppValue = {
    ...props.services,
    spaces,
    remember,
    reload: () => window.location.reload(),
  }
  return <AppContext.Provider value={value}>{props.children}</AppContext.Provider>
}

export function useApp(): AppValue {
  const value = useContext(AppContext)
  if (value === null) throw new Error('useApp outside AppProvider')
  return value
}

/** The outbox's entries as saved on this device, re-rendering when they change. */
export function useOutbox(): readonly OutboxEntry[] {
  const { outbox } = useApp()
  return useSyncExternalStore(
    (listener) => outbox.subscribe(listener),
    () => outbox.saved,
  )
}
