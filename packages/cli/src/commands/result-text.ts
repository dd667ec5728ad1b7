// Plain-text lines for a poll result, as `poll close`, `secret status` and `show` print them. The
// first line is the outcome (`show` quotes it alone for a superseded close), the next ones the
// counts. A result is read as stored, from any release: majority and consent reports, a recall's
// result, and the reports of the other methods (`computeRankedResult` in core: the tally's report
// with `quorum: { needed, ballots, met }` and `outcome` added). Anything else is printed as JSON.
import type { RecallResult } from '@veche/core'
import type { ConsentReport, MajorityReport } from '@veche/tally'
import { plainLabel } from './key-names.js'
import type { KeyLabel } from './key-names.js'

/**
 * A short readable description of a recorded poll result; `label` prints each option (an
 * election's options are candidates' keys: their names, where known).
 */
export function describeResult(result: unknown, label: KeyLabel = plainLabel): string {
  if (result === null || typeof result !== 'object') return 'no result yet'
  const method = (result as { method?: unknown }).method
  if (method === 'majority') return describeMajority(result as MajorityReport, label)
  if (method === 'consent') return describeConsent(result as ConsentReport)
  if (method === 'recall') return describeRecall(result as RecallResult)
  if (Array.isArray((result as { winners?: unknown }).winners))
    return describeWinners(result as WinnersShape, label)
  return `result: ${JSON.stringify(result)}`
}

/** An option as a result names it: its text in quotes, or a member's name and short key. */
function quoted(option: string, label: KeyLabel): string {
  const shown = label(option)
  return shown === option ? `"${option}"` : shown
}

/**
 * "2 ballot(s), quorum 2 met" from either form a quorum is stated in ('' if none); "2 ballot(s),
 * no quorum" for a poll whose rule needs 0 ballots, not "quorum 0 met".
 */
function quorumText(quorum: unknown): string {
  if (typeof quorum !== 'object' || quorum === null) return ''
  const q = quorum as { required?: unknown; needed?: unknown; ballots?: unknown; met?: unknown }
  const required = q.required ?? q.needed
  const rule =
    required === 0
      ? 'no quorum'
      : `quorum ${String(required)} ${q.met === true ? 'met' : 'NOT met'}`
  return `${String(q.ballots)} ballot(s), ${rule}`
}

function describeMajority(report: MajorityReport, label: KeyLabel): string {
  const counts = report.counts.map((c) => `${label(c.option)} ${c.votes}`).join(', ')
  const winner = report.winner === null ? '' : ` — ${quoted(report.winner, label)}`
  const lot = report.tieBreak === null ? '' : ' (tie broken by the seeded lot)'
  return `result: ${report.outcome}${winner}${lot}\n  ${counts}, abstain ${report.abstentions}; ${quorumText(report.quorum)}`
}

function describeConsent(report: ConsentReport): string {
  const c = report.counts
  const reasons = report.blockReasons.map((r) => `\n  block: ${r}`).join('')
  return `result: ${report.outcome}\n  agree ${c.agree}, abstain ${c.abstain}, disagree ${c.disagree}, block ${c.block}; ${quorumText(report.quorum)}${reasons}`
}

function describeRecall(r: RecallResult): string {
  return (
    `result: ${r.outcome}\n  recall ${r.recall}, keep ${r.keep}, abstain ${r.abstain}; ` +
    `${r.needed} recall vote(s) needed (more than ${r.share.num}/${r.share.den} of ${r.members} member(s))`
  )
}

/** What the reports of approval, score, Borda, IRV, STV and Schulze polls share. */
interface WinnersShape {
  readonly method: string
  readonly outcome?: string
  readonly winners: readonly string[]
  readonly candidates?: readonly string[]
  /** Points methods: each candidate's total, in `candidates` order. */
  readonly totals?: readonly number[]
  /** IRV and STV: units per vote in the stages' totals. */
  readonly scale?: number
  readonly stages?: readonly { readonly totals?: readonly number[]; readonly lots?: unknown }[]
  /** Best first; one tier holds candidates not ranked apart. */
  readonly ranking?: readonly (readonly string[])[]
  readonly tieBreak?: unknown
  readonly quorum?: unknown
}

function describeWinners(r: WinnersShape, label: KeyLabel): string {
  const winners = r.winners.map((w) => quoted(w, label)).join(', ')
  const lot = drewLot(r) ? ' (a tie broken by the seeded lot)' : ''
  const head = `result: ${r.outcome ?? 'decided'}${winners === '' ? '' : ` — ${winners}`}${lot} (${r.method})`
  const counts = [countsText(r, label), quorumText(r.quorum)].filter((part) => part !== '')
  return counts.length === 0 ? head : `${head}\n  ${counts.join('; ')}`
}

/** Whether the count drew a lot anywhere. */
function drewLot(r: WinnersShape): boolean {
  if (r.tieBreak !== undefined && r.tieBreak !== null) return true
  return (r.stages ?? []).some((s) => Array.isArray(s.lots) && s.lots.length > 0)
}

/**
 * Each candidate's points; for a count by stages, the totals at the last stage; for Schulze, the
 * ranking.
 */
function countsText(r: WinnersShape, label: KeyLabel): string {
  const candidates = (r.candidates ?? []).map(label)
  const stages = r.stages ?? []
  const last = stages[stages.length - 1]
  if (r.scale !== undefined && last?.totals !== undefined) {
    const scale = r.scale
    const totals = last.totals
    const figures = candidates.map((c, i) => `${c} ${formatVotes((totals[i] ?? 0) / scale)}`)
    return `${figures.join(', ')} at stage ${stages.length}`
  }
  if (r.totals !== undefined) {
    const totals = r.totals
    return candidates.map((c, i) => `${c} ${totals[i] ?? 0}`).join(', ')
  }
  if (r.ranking !== undefined)
    return `ranking: ${r.ranking.map((tier) => tier.map(label).join(' = ')).join(' > ')}`
  return ''
}

/** A vote total with at most five decimals and no trailing zeros (STV transfers fractions). */
function formatVotes(votes: number): string {
  return String(Number(votes.toFixed(5)))
}

/**
 * The ballots a council's `poll.closed.3` sealed but did not count because their keys no longer
 * held a seat at the close (the result's `unseated`: one ballot per seat), or null when none.
 */
export function unseatedLine(result: unknown): string | null {
  const unseated = (result as { unseated?: unknown } | null)?.unseated
  if (!Array.isArray(unseated) || unseated.length === 0) return null
  return `${unseated.length} ballot(s) not counted: their keys no longer held a seat at the close (recalled, replaced or at the end of the term); they stay in the log (${unseated.join(', ')})`
}
