// The rounds of an IRV or STV count, read at a glance: one block per round with a bar per
// candidate still in the count (the quota, when there is one, as a line across the bars), who was
// elected or excluded there and why; next to it the plain table of every total per round.
// Totals are integers in units of 1/scale of a vote (tally's stv-report.ts).
import type { CountReport } from '@veche/tally'
import { useTranslation } from 'react-i18next'
import { isolateIfNeeded } from '../lib/bidi-isolation.js'

export type RoundReport = Pick<
  CountReport<string>,
  'candidates' | 'scale' | 'stages' | 'winners' | 'validVotes'
>

function formatter(language: string, scale: number): (units: number) => string {
  const number = new Intl.NumberFormat(language, { maximumFractionDigits: scale > 1 ? 2 : 0 })
  return (units) => number.format(units / scale)
}

export function RoundChart({ report }: { readonly report: RoundReport }) {
  const { t, i18n } = useTranslation()
  const format = formatter(i18n.language, report.scale)
  const { candidates, stages } = report
  const top = Math.max(1, ...stages.flatMap((s) => [...s.totals, s.quota ?? 0]))
  const out = new Set<string>()
  return (
    <div className="rounds">
      <ol className="round-chart" aria-label={t('rounds.chart')}>
        {stages.map((stage) => {
          const rows = candidates
            .map((name, i) => ({ name, total: stage.totals[i] ?? 0 }))
            .filter((row) => !out.has(row.name))
          for (const name of stage.excluded) out.add(name)
          return (
            <li key={stage.stage} className="round">
              <h4>
                <RoundName n={stage.stage} />
                {': '}
                {stage.action.kind === 'first-preferences'
                  ? t('rounds.first')
                  : stage.action.kind === 'exclusion'
                    ? t('rounds.transferExcluded', {
                        names: stage.action.candidates.map((c) => isolateIfNeeded(c)).join(', '),
                      })
                    : stage.action.kind === 'surplus'
                      ? t('rounds.transferSurplus', { name: stage.action.candidate })
                      : t('rounds.iteration')}
              </h4>
              <div className="bars">
                {rows.map((row) => {
                  const elected = stage.elected.includes(row.name)
                  const excluded = stage.excluded.includes(row.name)
                  return (
                    <div
                      key={row.name}
                      className={`bar-row${elected ? ' elected' : ''}${excluded ? ' excluded' : ''}`}
                    >
                      <bdi className="name" title={row.name}>
                        {row.name}
                      </bdi>
                      <span className="track">
                        <span className="fill" style={{ width: `${(100 * row.total) / top}%` }} />
                        {stage.quota !== null && (
                          <span
                            className="quota"
                            style={{ left: `${(100 * stage.quota) / top}%` }}
                            aria-hidden="true"
                          />
                        )}
                      </span>
                      <span className="total">
                        {format(row.total)}
                        {elected && <> ✓ {t('rounds.elected')}</>}
                        {excluded && <> ✗ {t('rounds.excluded')}</>}
                      </span>
                    </div>
                  )
                })}
              </div>
              {stage.quota !== null && (
                <p className="meta">{t('rounds.quota', { quota: format(stage.quota) })}</p>
              )}
              {stage.lots.length > 0 && <p className="meta">{t('result.tieBreak')}</p>}
            </li>
          )
        })}
      </ol>
      {/* With many rounds the table may be wider than a phone: it scrolls inside its own box, not
          the page, and takes the keyboard's focus so it can be scrolled without a pointer. */}
      <div className="table-scroll" tabIndex={0} role="group" aria-label={t('rounds.table')}>
        <table className="round-table">
          <caption>{t('rounds.table')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('rounds.candidate')}</th>
              {stages.map((s) => (
                <th key={s.stage} scope="col">
                  <RoundName n={s.stage} />
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {candidates.map((name, i) => (
              <tr key={name}>
                <th scope="row">
                  <bdi>{name}</bdi>
                  {report.winners.includes(name) && <> ✓</>}
                </th>
                {stages.map((s) => (
                  <td key={s.stage}>{format(s.totals[i] ?? 0)}</td>
                ))}
              </tr>
            ))}
            <tr>
              <th scope="row">{t('rounds.exhausted')}</th>
              {stages.map((s) => (
                <td key={s.stage}>{format(s.exhausted)}</td>
              ))}
            </tr>
          </tbody>
        </table>
      </div>
    </div>
  )
}

/**
 * A round's name ("Тур 1", "1-кезең"), kept on one line: a phone broke it at the space or the
 * hyphen, leaving the number alone on the next line.
 */
function RoundName({ n }: { readonly n: number }) {
  const { t } = useTranslation()
  return <span className="round-name">{t('rounds.round', { n })}</span>
}
