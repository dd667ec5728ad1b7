// AppendNotifier over PostgreSQL LISTEN/NOTIFY. The channel is named after the schema, so hubs on
// different schemas of one database do not hear each other. One dedicated connection listens; when
// it is lost (the server restarted, a failover to a replica) it reconnects with a growing pause,
// LISTENs again, and then asks for a full re-read, since notifications sent meanwhile are lost:
// each stream reads the store again from its own last position, so none misses an event.
// Announcements use a small pool; a lost connection there fails that one announcement (streams
// still see the event through the periodic check) and never the process. A hub whose store
// announces its own appends (opened with `announceAppends`, inside each append's transaction)
// makes none here: it only listens.
import pg from 'pg'
import type { SpaceId } from '@veche/core'
import { appendChannel } from '@veche/store'
import type { AppendHeard, AppendNotifier } from './append-notifier.js'

/** The first pause before listening again after a lost connection; it doubles up to 5 s. */
const FIRST_RETRY_MS = 100

/** Notifications carry `<space> <position>`. */
function parsePayload(payload: string | undefined): [SpaceId, number] | null {
  const [space, position] = (payload ?? '').split(' ')
  const n = Number(position)
  return space === undefined || !Number.isSafeInteger(n) ? null : [space as SpaceId, n]
}

export function createPostgresNotifier(url: string, schema = 'public'): AppendNotifier {
  const channel = appendChannel(schema)
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: 'veche-notifier' })
  // An idle connection that drops is removed by the pool; without a listener the pool's 'error'
  // event would end the process.
  pool.on('error', () => undefined)
  let listener: pg.Client | null = null
  let closed = false
  let retry: NodeJS.Timeout | null = null

  async function connect(
    heard: AppendHeard,
    onReconnect: () => void,
    delay: number,
  ): Promise<void> {
    const client = new pg.Client({ connectionString: url, application_name: 'veche-notifier' })
    const again = (): void => {
      if (closed || listener !== client) return
      listener = null
      client.removeAllListeners()
      // The dead connection may still report its end as an error: heard, and let go.
      client.on('error', () => undefined)
      void client.end().catch(() => undefined)
      retry = setTimeout(() => {
        void connect(heard, onReconnect, Math.min(delay * 2, 5_000))
          .then(onReconnect)
          .catch(() => undefined)
      }, delay)
      retry.unref()
    }
    listener = client
    client.on('error', again)
    client.on('end', again)
    client.on('notification', (message) => {
      if (message.channel !== channel) return
      const parsed = parsePayload(message.payload)
      if (parsed !== null) heard(...parsed)
    })
    try {
      await client.connect()
      await client.query(`LISTEN "${channel.replace(/"/g, '""')}"`)
      // Listening again: the next loss starts over with a short pause.
      delay = FIRST_RETRY_MS
    } catch (error) {
      again()
      throw error
    }
  }

  return {
    async announce(space, position) {
      await pool.query('SELECT pg_notify($1, $2)', [channel, `${space} ${position}`])
    },
    listen: (heard, onReconnect) => connect(heard, onReconnect, FIRST_RETRY_MS),
    async close() {
      closed = true
      if (retry !== null) clearTimeout(retry)
      const client = listener
      listener = null
      await client?.end().catch(() => undefined)
      await pool.end()
    },
  }
}
