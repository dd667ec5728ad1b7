// Plain-text lines for a poll result, as `poll close` and `show` print them.
import type { ConsentReport, MajorityReport } from '@veche/tally'

/** A short readable description of a recorded poll result. */
export function describeResult(result: unknown): string {
  const report = result as MajorityReport | ConsentReport | null
  if (report === null) return 'no result yet'
  const quorum = `${report.quorum.ballots} ballot(s), quorum ${report.quorum.required} ${report.quorum.met ? 'met' : 'NOT met'}`
  switch (report.method) {
    case 'majority': {
      const counts = report.counts.map((c) => `${c.option} ${c.votes}`).join(', ')
      const winner = report.winner === null ? '' : ` — "${report.winner}"`
      const lot = report.tieBreak === null ? '' : ' (tie broken by the seeded lot)'
      return `result: ${report.outcome}${winner}${lot}\n  ${counts}, abstain ${report.abstentions}; ${quorum}`
    }
    case 'consent': {
      const c = report.counts
      const reasons = report.blockReasons.map((r) => `\n  block: ${r}`).join('')
      return `result: ${report.outcome}\n  agree ${c.agree}, abstain ${c.abstain}, disagree ${c.disagree}, block ${c.block}; ${quorum}${reasons}`
    }
    default:
      return `result: ${JSON.stringify(result)}`
  }
}
