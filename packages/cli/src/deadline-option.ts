// The deadline of `veche poll open`: `--closes-at <ISO time>` or `--closes-in <duration>` (30s,
// 30m, 2h, 1d, or several such as 1h30m), as ms since 1970 for the poll's `closesAt`.
import { CliError } from './cli-error.js'

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }

/** The deadline the options name, or undefined for none; `now` is the opening's time. */
export function parseDeadline(
  opts: { closesAt?: string; closesIn?: string },
  now: number,
): number | undefined {
  if (opts.closesAt === undefined && opts.closesIn === undefined) return undefined
  if (opts.closesAt !== undefined && opts.closesIn !== undefined)
    throw new CliError('give --closes-at or --closes-in, not both')
  const at =
    opts.closesAt !== undefined ? parseTime(opts.closesAt) : now + parseSpan(opts.closesIn!)
  if (at <= now) throw new CliError(`the deadline ${new Date(at).toISOString()} has already passed`)
  return at
}

function parseTime(text: string): number {
  // An ISO time with a date; without a zone it is this computer's local time, as people mean it.
  const at = /^\d{4}-\d{2}-\d{2}/.test(text.trim()) ? Date.parse(text.trim()) : NaN
  if (!Number.isFinite(at))
    throw new CliError(
      `--closes-at takes a time such as 2026-12-06T18:30 or 2026-12-06T18:30Z, not "${text}"`,
    )
  return at
}

function parseSpan(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+)\s*([smhd])/g)]
  const whole = parts.map((p) => p[0]).join('')
  if (parts.length === 0 || whole.replace(/\s/g, '') !== text.replace(/\s/g, ''))
    throw new CliError(`--closes-in takes a duration such as 90s, 30m, 2h or 1h30m, not "${text}"`)
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNIT_MS[p[2]!]!, 0)
}
