// The service worker (the offline copy of the app, and what lets a phone install it) and whether it
// could register here. Browsers register one only on a secure page whose certificate they trust: at
// a hall hub's https:// address a phone that tapped through the certificate warning is refused
// ("An SSL certificate error occurred when fetching the script"), and a page at a plain http://
// address other than localhost has no navigator.serviceWorker at all. The app then points the
// member to the hub's /ca page (components/offline-hint.tsx).
import { useSyncExternalStore } from 'react'

/** 'unknown' until registering settles (or in Vite's dev server, which has no worker). */
export type ServiceWorkerState = 'unknown' | 'active' | 'unavailable'

let state: ServiceWorkerState = 'unknown'
const listeners = new Set<() => void>()

function settle(next: ServiceWorkerState): void {
  state = next
  for (const listener of listeners) listener()
}

/** Registers /sw.js (when `enabled`: a production build) and records whether that worked. */
export function registerServiceWorker(enabled: boolean): void {
  if (!('serviceWorker' in navigator)) return settle('unavailable')
  if (!enabled) return
  if (navigator.serviceWorker.controller !== null) settle('active')
  navigator.serviceWorker.register('/sw.js').then(
    () => settle('active'),
    () => settle('unavailable'),
  )
}

export function useServiceWorkerState(): ServiceWorkerState {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    () => state,
  )
}

/** Whether `hostname` is this computer (localhost, 127.x, ::1): a secure page with no certificate. */
export function isLoopback(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    /^127(\.\d{1,3}){3}$/.test(hostname) ||
    hostname === '[::1]'
  )
}
