// Whether a failure means the store's database could not be reached or was lost mid-request (a
// server restart, a crash, a failover, a replica not yet promoted), as opposed to a fault in the
// request or in Veche. Nothing of such a request was acknowledged, and the same request may
// succeed once the database is back, so the hub answers 503 with Retry-After rather than 500.

/** Node's socket errors that mean the database's address did not answer or dropped us. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])

/**
 * PostgreSQL SQLSTATEs: class 08 (connection exception); 57P01–57P03 (the server is shutting
 * down, crashed, or not yet accepting connections); 25006 (a write reached a read-only server: a
 * replica not yet promoted).
 */
function isUnreachableState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '25006'].includes(code)
}

/** The node-postgres driver's own messages for a connection that ended or never opened. */
const DRIVER_MESSAGES = [
  'Connection terminated',
  'Client has encountered a connection error and is not queryable',
  'Client was closed and is not queryable',
]

/** True when `error`, or an error it was caused by, says the database is out of reach. */
export function isStoreUnreachable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || isUnreachableState(code)))
      return true
    if (DRIVER_MESSAGES.some((m) => e instanceof Error && e.message.startsWith(m))) return true
    if (e instanceof AggregateError && e.errors.some(isStoreUnreachable)) return true
    e = e.cause
  }
  return false
}
