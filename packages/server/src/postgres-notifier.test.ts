// The PostgreSQL append notifier across lost connections (a server restart, a failover): when the
// server ends every one of its sessions, the process goes on, the notifier listens again, asks for
// a full re-read, and hears announcements as before. The loss is real (pg_terminate_backend on
// the notifier's own sessions, told apart by their application name). Runs when VECHE_TEST_PG is set.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { SpaceId } from '@veche/core'
import pg from 'pg'
import { expect, test } from 'vitest'
import { createPostgresNotifier } from './postgres-notifier.js'

const PG_URL = process.env.VECHE_TEST_PG ?? ''

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for a condition')
    await sleep(20)
  }
}

test.runIf(PG_URL !== '')(
  'postgres notifier: every session lost, it listens again and asks for a re-read',
  async () => {
    const name = `veche_notifier_test_${randomBytes(4).toString('hex')}`
    const url = new URL(PG_URL)
    url.searchParams.set('application_name', name)
    const notifier = createPostgresNotifier(url.toString(), name)
    const admin = new pg.Client({ connectionString: PG_URL })
    await admin.connect()
    const heard: string[] = []
    let rereads = 0
    try {
      await notifier.listen(
        (space, position) => heard.push(`${space} ${position}`),
        () => (rereads += 1),
      )
      await notifier.announce('space-a' as SpaceId, 1)
      await until(() => heard.length === 1)
      // The listening session and the announcing pool's idle one both end at once.
      const ended = await admin.query<{ n: number }>(
        'SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE application_name = $1',
        [name],
      )
      expect(ended.rows[0]!.n).toBe(2)
      await until(() => rereads === 1)
      await notifier.announce('space-a' as SpaceId, 2)
      await until(() => heard.length === 2)
      expect(heard).toEqual(['space-a 1', 'space-a 2'])
    } finally {
      await notifier.close()
      await admin.end()
    }
  },
)
