// Start-up: open the local store, pick the language, ask for the passphrase if the device is
// locked (the lock screen loads only then), load (or make) this device's key (non-extractable),
// open the outbox, render, and register the service worker so the app loads with no network.
import { createRoot } from 'react-dom/client'
import { I18nextProvider } from 'react-i18next'
import { App } from './app.js'
import { AppProvider } from './app-context.js'
import { InsecureAddress } from './components/insecure-address.js'
import { pickLanguage, savedLanguage, setupI18n } from './i18n/i18n-setup.js'
import { AssemblyActions } from './lib/assembly-actions.js'
import { DeviceIdentity } from './lib/browser-identity.js'
import { createHubClient } from './lib/hub-client.js'
import { indexedDbStore, memoryStore } from './lib/key-value-store.js'
import { hearTabs } from './lib/lock-channel.js'
import { checkLockOnResume } from './lib/lock-resume.js'
import { Outbox } from './lib/outbox.js'
import { registerServiceWorker } from './lib/service-worker.js'
import { reloadOnceHeld, storeGate } from './lib/store-gate.js'
import './styles.css'

// Without IndexedDB (some private windows) the app still works, but forgets everything on reload.
const durable = await indexedDbStore().catch(() => null)
const raw = durable ?? memoryStore()
const i18n = await setupI18n(pickLanguage(savedLanguage(), navigator.languages))
const root = createRoot(document.getElementById('root')!)
// At an address without HTTPS (a phone on the LAN opening http://192.168.…) the browser gives the
// page no WebCrypto, so no key can be made: the app says so and what to open instead.
if (window.isSecureContext) await start()
else
  root.render(
    <I18nextProvider i18n={i18n}>
      <InsecureAddress />
    </I18nextProvider>,
  )

async function start(): Promise<void> {
  // A tab opened before another set the lock writes nothing plain after it: what it was refused is
  // kept for the member, sealed (lib/unsaved-writes.ts), and it reloads into the lock screen.
  const store = storeGate(raw, {
    lockRecord: 'lock',
    hold: (write) => import('./lib/unsaved-writes.js').then((m) => m.holdUnsaved(raw, write)),
    stop: reloadOnceHeld,
  })
  // A locked device: nothing but the lock record ('lock', store-lock.ts) is read before the
  // passphrase opens the rest. The lock screen comes with the device screen's code, which the app
  // loads lazily anyway: one more lazy entry point would split the first page's shared code into
  // more chunks and cost it bytes.
  if ((await raw.get('lock')) !== undefined)
    await import('./screens/device-screen.js').then((m) => m.unlockDevice(store, root, i18n))
  // Shown again after a while hidden or frozen, this tab checks the lock first (lock-resume.ts).
  checkLockOnResume(store, document.getElementById('root')!, () => {
    if (store.sealed) void import('./lib/idle-lock.js').then((m) => m.lockThisTab())
    else location.reload()
  })
  // What other tabs did with the lock (lock-channel.ts): this tab follows. The lock's code is loaded
  // already whenever this tab reads through the lock.
  hearTabs((message) => {
    if (message.type === 'set' && !store.sealed) location.reload()
    else if (message.type === 'removed' && store.sealed) location.reload()
    else if (message.type === 'lock' && store.sealed)
      void import('./lib/idle-lock.js').then((m) => m.lockThisTab())
    else if (message.type === 'idle' && store.sealed)
      void import('./lib/idle-lock.js').then((m) => m.lockWhenIdle(message.seconds))
  })
  const client = createHubClient()
  const identity = await DeviceIdentity.open(store)
  const signer = identity.signer
  // A refusal frees a seq only if this device's own copy of the space refuses the event too.
  const outbox = await Outbox.open(store, client, signer, (event) =>
    import('./lib/local-verdict.js').then((m) => m.localVerdict(store, event)),
  )
  const actions = new AssemblyActions(signer, outbox)

  // Send what waits whenever the network may be back, and every few seconds while anything waits.
  window.addEventListener('online', () => void outbox.flush())
  setInterval(() => {
    if (outbox.entries.some((e) => e.status === 'pending')) void outbox.flush()
    // Secret ballots cast before a reload go out again; their module loads only when some wait.
    void store.get<unknown[]>('secret.outbox').then((queued) => {
      if (queued !== undefined && queued.length > 0)
        void import('./secret/ballot-sender.js').then((m) => m.resumeBallots(store))
    })
  }, 5_000)
  void outbox.flush()
  // Secret ballots cast before a reload go out again; their module loads only when some wait.
  void store.get<unknown[]>('secret.outbox').then((queued) => {
    if (queued !== undefined && queued.length > 0)
      void import('./secret/ballot-sender.js').then((m) => m.resumeBallots(store))
  })

  root.render(
    <I18nextProvider i18n={i18n}>
      <AppProvider services={{ actions, outbox, client, store, identity }}>
        <App durable={durable !== null} />
      </AppProvider>
    </I18nextProvider>,
  )
}

// Where it cannot register (a certificate this device does not trust), components/offline-hint.tsx
// says how to trust the hub.
registerServiceWorker(import.meta.env.PROD)
