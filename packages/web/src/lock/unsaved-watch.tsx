// Whether any write refused by the passphrase lock is kept for the member (lib/unsaved-writes.ts):
// one look at the store's record names on start and whenever a tab says it kept one; the notice
// itself (unsaved-notice.tsx) loads only then. On the first page.
import { lazy, Suspense, useEffect, useState } from 'react'
import { useApp } from '../app-context.js'
import { hearTabs } from '../lib/lock-channel.js'

const UnsavedNotice = lazy(() => import('./unsaved-notice.js'))

export function UnsavedWatch() {
  const { store } = useApp()
  const [kept, setKept] = useState(false)
  useEffect(() => {
    const look = (): void =>
      void store.raw.names?.('unsaved:').then((names) => setKept(names.length > 0))
    look()
    return hearTabs((m) => {
      if (m.type === 'unsaved') look()
    })
  }, [store])
  if (!kept) return null
  return (
    <Suspense fallback={null}>
      <UnsavedNotice />
    </Suspense>
  )
}
