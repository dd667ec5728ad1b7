// The process's limit on open files, which bounds how many connections the hub can hold: each
// stream is a socket, and a hub out of file descriptors fails everyone's requests (and its own
// store's). Node itself raises its soft limit to the hard one when it starts (Node cannot call
// setrlimit from JavaScript, and need not), so the hard limit is what counts: `ulimit -Hn`, or
// `LimitNOFILE=` under systemd (docs/hub.md). On Linux the hub reads the limit from
// /proc/self/limits and derives its caps from it; elsewhere it keeps the configured caps.
import { readFileSync } from 'node:fs'
import { DEFAULT_MAX_STREAMS } from './stream-limits.js'

/** Descriptors kept for everything but client connections: the store, workers, peers, logs. */
export const RESERVED_FILES = 128
/** Connections left for ordinary requests when every stream slot is taken. */
export const ORDINARY_CONNECTIONS = 128
/** Streams allowed however low the limit (a limit this low is a misconfiguration to fix). */
const MIN_STREAMS = 16

export interface FileLimit {
  readonly soft: number
  readonly hard: number
}

/** The open-files limit of this process, or null where it cannot be read (not Linux). */
export function readFileLimit(): FileLimit | null {
  let text: string
  try {
    text = readFileSync('/proc/self/limits', 'utf8')
  } catch {
    return null
  }
  const match = /^Max open files\s+(\S+)\s+(\S+)/m.exec(text)
  if (match === null) return null
  const value = (v: string): number => (v === 'unlimited' ? Infinity : Number(v))
  const soft = value(match[1]!)
  const hard = value(match[2]!)
  return Number.isNaN(soft) || Number.isNaN(hard) ? null : { soft, hard }
}

/** How many client connections a soft limit of `soft` open files leaves room for. */
export function connectionBudget(soft: number): number {
  return Math.max(MIN_STREAMS + ORDINARY_CONNECTIONS, soft - RESERVED_FILES)
}

/** The stream cap: `wanted` (default DEFAULT_MAX_STREAMS), but never more than the limit allows. */
export function streamCap(wanted: number | undefined, limit: FileLimit | null): number {
  const cap = wanted ?? DEFAULT_MAX_STREAMS
  if (limit === null || !Number.isFinite(limit.soft)) return cap
  return Math.min(cap, Math.max(MIN_STREAMS, connectionBudget(limit.soft) - ORDINARY_CONNECTIONS))
}
