// Small hooks: the hash route, text that survives a reload, and a space's live replica.
import { useEffect, useState } from 'react'
import { webCryptoVerifier } from '@veche/core'
import type { SignatureVerifier, SpaceId } from '@veche/core'
import { useApp } from './app-context.js'
import { texts } from './lib/local-text.js'
import { SpaceReplica } from './lib/space-replica.js'

/** The part of the URL after `#/`, split on '/'. */
export function useHashRoute(): string[] {
  const read = (): string[] => window.location.hash.replace(/^#\/?/, '').split('/').filter(Boolean)
  const [route, setRoute] = useState(read)
  useEffect(() => {
    const update = (): void => setRoute(read())
    window.addEventListener('hashchange', update)
    return () => window.removeEventListener('hashchange', update)
  }, [])
  return route
}

export function navigate(path: string): void {
  window.location.hash = `#/${path}`
}

/**
 * Form text kept as it is typed (in localStorage, or sealed under the passphrase lock:
 * local-text.ts), so a reload, a crash or the idle lock loses nothing. `clear(sent)` empties it only
 * if it still holds `sent`, which defaults to the text as it was in the render whose handler calls
 * it (the text that handler sent): what was typed while the form was being sent, say the next
 * member's key while the first one's admission was being signed, stays. With `kept` false the text
 * lives in this form's memory only: a secret ballot's choice, which must never reach storage.
 */
export function useDraft(
  key: string,
  initial = '',
  kept = true,
): [string, (value: string) => void, (sent?: string) => void] {
  const storageKey = `veche.draft.${key}`
  const [value, setValue] = useState(() => (kept ? texts.getItem(storageKey) : null) ?? initial)
  const update = (next: string): void => {
    setValue(next)
    if (kept) texts.setItem(storageKey, next)
  }
  const clear = (sent: string = value): void => {
    if (!kept) return setValue(initial)
    if ((texts.getItem(storageKey) ?? initial) !== sent) return
    setValue(initial)
    texts.removeItem(storageKey)
  }
  return [value, update, clear]
}

/** Whether a draft is kept under `key`: a form folded away opens again to show it. */
export function hasDraft(key: string): boolean {
  return (texts.getItem(`veche.draft.${key}`) ?? '') !== ''
}

export interface LiveSpace {
  readonly replica: SpaceReplica | null
  /** Changes whenever the replica folds new events. */
  readonly version: number
  readonly connected: boolean
  /** How many secret ballots the hub holds per poll, from its stream. */
  readonly held?: Readonly<Record<string, number>>
  /**
   * Until the hub's pages are all checked and folded, how far that has come, when they span more
   * than one page; null once the fold has caught up (docs/web.md, "Large assemblies").
   */
  readonly catchingUp?: CatchUp | null
}

/** How many of the space's events the hub holds this device has checked so far. */
export interface CatchUp {
  readonly checked: number
  /** The hub's count when asked; null while not known (or if the hub did not say). */
  readonly total: number | null
}

/** A space folded in this browser: from the local copy at once, then the hub's pages and stream. */
export function useSpace(space: SpaceId): LiveSpace {
  const { store, client, outbox, remember } = useApp()
  const [replica, setReplica] = useState<SpaceReplica | null>(null)
  const [version, setVersion] = useState(0)
  const [connected, setConnected] = useState(false)
  const [held, setHeld] = useState<Readonly<Record<string, number>>>({})
  const [catchUp, setCatchUp] = useState<CatchUp | null>(null)
  useEffect(() => {
    setCatchUp(null)
    let cancelled = false
    let stop = (): void => undefined
    let saveTimer: ReturnType<typeof setTimeout> | undefined
    let unsaved: SpaceReplica | null = null
    // While the hub's pages are being read, each page folded is shown but not saved: a save
    // copies the whole replica, so saving after every page of a large space would copy it
    // hundreds of times. It is saved once they are all folded.
    let catchingUp = true
    const changed = (r: SpaceReplica): void => {
      setVersion((v) => v + 1)
      if (r.state.assembly !== null) remember({ id: space, name: r.state.assembly.name })
      unsaved = r
      if (catchingUp) return
      clearTimeout(saveTimer)
      saveTimer = setTimeout(() => {
        unsaved = null
        void r.save(store)
      }, 300)
    }
    void (async () => {
      const r = await SpaceReplica.load(store, space)
      if (cancelled) return
      setReplica(r)
      // Each page is checked and folded as it comes, and shown as soon as it is folded. (The
      // verifier loads apart from the first load's JavaScript, while the first page is fetched.)
      // Should it fail to load (an old cache offline), core's verifier makes the same checks.
      const verifier: Promise<SignatureVerifier> = import('./lib/keyed-verifier.js').then(
        ({ verifyAllKeyed }) => ({
          verifyAll: verifyAllKeyed,
          verifyCredentials: (checks) => webCryptoVerifier.verifyCredentials(checks),
        }),
        () => webCryptoVerifier,
      )
      // When the hub has more than one page to give, the screen says how far the checking has come
      // and claims nothing as complete until it is (the member count says "so far").
      let checked = r.log.length
      let total: number | null = null
      let counting: Promise<void> | null = null
      await client.readEvents(space, r.cursor, async (page, more) => {
        const keyedWebCryptoVerifier = await verifier
        if (cancelled) return
        // Asked once, while the first page is checked; the count is at least what has come.
        counting ??= more
          ? client.countEvents(space).then((n) => {
              total = n
              if (!cancelled && catchingUp) setCatchUp({ checked, total })
            })
          : null
        const folded = await r.receive(page, keyedWebCryptoVerifier)
        checked += page.length
        if (more && !cancelled) setCatchUp({ checked, total })
        if (folded > 0 && !cancelled) changed(r)
      })
      catchingUp = false
      if (cancelled) return
      setCatchUp(null)
      // Events still waiting for another space's event are tried again now, as before any page.
      if ((await r.receive([])) > 0 || unsaved !== null) changed(r)
      if (cancelled) return
      // Stream events are checked and folded one batch at a time, in arrival order.
      let queue = Promise.resolve()
      // Events waiting for another space's event (fetched while the hub could not be reached)
      // are tried again as soon as the hub is back, and every 5 s while it is not.
      const retryWaiting = (): void => {
        if (r.waiting === 0) return
        queue = queue.then(async () => {
          if ((await r.retry()) > 0 && !cancelled) changed(r)
        })
      }
      const retry = setInterval(retryWaiting, 5_000)
      const unfollow = client.follow(space, r.cursor, {
        onEvent: (item) => {
          queue = queue.then(async () => {
            if ((await r.receive([item])) > 0 && !cancelled) changed(r)
          })
        },
        onHeldBallots: setHeld,
        onConnected: (up) => {
          setConnected(up)
          if (!up) return
          void outbox.flush()
          retryWaiting()
        },
      })
      stop = () => {
        clearInterval(retry)
        unfollow()
      }
    })()
    return () => {
      cancelled = true
      // A save still waiting is done now, not dropped: the next visit starts from this copy.
      clearTimeout(saveTimer)
      if (unsaved !== null) void unsaved.save(store)
      stop()
    }
  }, [space])
  return { replica, version, connected, held, catchingUp: catchUp }
}
