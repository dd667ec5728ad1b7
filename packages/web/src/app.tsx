// The app shell: a header (home, connection and waiting actions, language), and the screen the
// hash route names: #/ home, #/join/<code>, #/a/<space> (an assembly or a council),
// #/a/<space>/<section> (an assembly's section, components/section-nav.tsx),
// #/a/<space>/p/<proposal>, #/a/<space>/s/<statement>[/…], #/a/<space>/c/<conversation>,
// #/a/<space>/carry (its events as a QR series), #/carry (receiving one), #/scan (an invitation),
// #/new-council, #/device.
import type { EventId, SpaceId } from '@veche/core'
import { lazy, Suspense } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp, useOutbox } from './app-context.js'
import { BackupBanner } from './components/backup-banner.js'
import { LanguageSwitcher } from './components/language-switcher.js'
import { OfflineHint } from './components/offline-hint.js'
import { parseSection } from './components/section-nav.js'
import { useHashRoute } from './hooks.js'
import { UnsavedWatch } from './lock/unsaved-watch.js'
import { AssemblyScreen } from './screens/assembly-screen.js'
import { HomeScreen } from './screens/home-screen.js'
import { JoinScreen } from './screens/join-screen.js'
import { ProjectorScreen } from './screens/projector-screen.js'
import { ProposalScreen } from './screens/proposal-screen.js'
import { StatementScreen } from './screens/statement-screen.js'

const NewCouncilScreen = lazy(() => import('./screens/new-council-screen.js'))
const DeviceScreen = lazy(() => import('./screens/device-screen.js'))
// A conversation and its opinion map (PCA, k-means) load only when one is opened.
const ConversationScreen = lazy(() => import('./screens/conversation-screen.js'))
// QR scanning and carrying events phone to phone (carry/) load only when opened.
const ScanInvitationScreen = lazy(() =>
  import('./carry/carry-screens.js').then((m) => ({ default: m.ScanInvitationScreen })),
)
const CarryShowScreen = lazy(() =>
  import('./carry/carry-screens.js').then((m) => ({ default: m.CarryShowScreen })),
)
const CarryReceiveScreen = lazy(() =>
  import('./carry/carry-screens.js').then((m) => ({ default: m.CarryReceiveScreen })),
)
// What's new in the other assemblies (docs/web.md): loads once this device knows one.
const WhatsNewWatch = lazy(() => import('./whats-new/whats-new-watch.js'))

export function App({ durable }: { readonly durable: boolean }) {
  const { t } = useTranslation()
  const route = useHashRoute()
  const { identity, spaces } = useApp()
  const waiting = useOutbox().filter((e) => e.status === 'pending').length
  const [first, second, third, fourth] = route
  let screen
  let home = false
  if (first === 'join' && second !== undefined)
    screen = <JoinScreen code={decodeURIComponent(route.slice(1).join('/'))} />
  else if (first === 'a' && second !== undefined && third === 'p' && fourth !== undefined)
    screen = <ProposalScreen space={second as SpaceId} proposal={fourth as EventId} />
  else if (first === 'a' && second !== undefined && third === 's' && fourth !== undefined)
    screen = (
      <StatementScreen
        space={second as SpaceId}
        statement={fourth as EventId}
        rest={route.slice(4)}
      />
    )
  else if (first === 'a' && second !== undefined && third === 'c' && fourth !== undefined)
    screen = (
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        <ConversationScreen
          key={fourth}
          space={second as SpaceId}
          conversation={fourth as EventId}
        />
      </Suspense>
    )
  else if (first === 'a' && second !== undefined && third === 'carry')
    screen = (
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        <CarryShowScreen space={second as SpaceId} />
      </Suspense>
    )
  else if (first === 'scan' || first === 'carry')
    screen = (
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        {first === 'scan' ? <ScanInvitationScreen /> : <CarryReceiveScreen />}
      </Suspense>
    )
  else if (first === 'a' && second !== undefined && third === 'projector')
    screen = <ProjectorScreen space={second as SpaceId} />
  else if (first === 'a' && second !== undefined)
    screen = (
      <AssemblyScreen
        key={second}
        space={second as SpaceId}
        section={parseSection(third)}
        item={fourth ?? null}
      />
    )
  else if (first === 'new-council')
    screen = (
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        <NewCouncilScreen />
      </Suspense>
    )
  else if (first === 'device')
    screen = (
      <Suspense fallback={<p>{t('status.loading')}</p>}>
        <DeviceScreen />
      </Suspense>
    )
  else {
    screen = <HomeScreen />
    home = true
  }
  // A device in no assembly reads what Veche is first; the home screen puts the backup warning
  // after that welcome.
  const welcome = home && spaces.length === 0
  return (
    <>
      <header>
        <a href="#/" className="brand">
          {t('app.name')}
        </a>
        {waiting > 0 && (
          <span className="waiting" role="status">
            {/* On a phone only the count shows, after an icon; the sentence is still read out. */}
            <span className="waiting-count" aria-hidden="true">
              {waiting}
            </span>
            <span className="waiting-text">{t('pending.waiting', { count: waiting })}</span>
          </span>
        )}
        <a href="#/device" className="device-link">
          {t('device.link')}
        </a>
        <LanguageSwitcher />
      </header>
      {/* The projector fills a projector's or TV's width; every other screen keeps a reading column. */}
      <main className={first === 'a' && third === 'projector' ? 'full-width' : undefined}>
        {!durable && (
          <p role="alert" className="warning">
            {t('app.notDurable')}
          </p>
        )}
        <UnsavedWatch />
        {identity.backupState === 'now' && first !== 'device' && !welcome && <BackupBanner />}
        {spaces.length > 0 && (
          <Suspense fallback={null}>
            <WhatsNewWatch
              open={first === 'a' && second !== undefined ? (second as SpaceId) : null}
            />
          </Suspense>
        )}
        {/* Where this device does not trust the hub: on the screens a member starts from. */}
        {(home || first === 'join' || first === 'device') && <OfflineHint />}
        {screen}
      </main>
    </>
  )
}
