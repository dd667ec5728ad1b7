// Signed actions the hub has not confirmed: waiting (offline or sending), not taken yet with the
// hub's reason (sent again until they are; the member may give one up), or refused with a code.
import type { SpaceId } from '@veche/core'
import { useTranslation } from 'react-i18next'
import { useApp, useOutbox } from '../app-context.js'

export function PendingList({ space }: { readonly space: SpaceId }) {
  const { t } = useTranslation()
  const { outbox } = useApp()
  const entries = useOutbox().filter((e) => e.event.space === space)
  if (entries.length === 0) return null
  const pending = entries.filter((e) => e.status === 'pending').length
  return (
    <section className="pending" aria-live="polite">
      <h2>{t('pending.title')}</h2>
      {pending > 0 && <p>{t('pending.waiting', { count: pending })}</p>}
      <ul>
        {entries.map((entry) => (
          <li key={entry.id} className={entry.status}>
            {t(`eventType.${entry.event.type}`)}:{' '}
            {entry.status === 'pending' && entry.code === undefined ? (
              t('pending.pending')
            ) : (
              <>
                {t(entry.status === 'pending' ? 'pending.notYet' : 'pending.rejected', {
                  code: entry.code ?? '',
                  message: entry.message ?? '',
                })}{' '}
                <button type="button" onClick={() => void outbox.dismiss(entry.id)}>
                  {t(entry.status === 'pending' ? 'pending.giveUp' : 'pending.dismiss')}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  )
}
