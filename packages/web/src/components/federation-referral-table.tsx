// A referral's result as a table: each member space's part (for, against, abstain, or no answer
// yet), the totals (the sums of the parts), and how many spaces were for.
import type { ReferralResult } from '@veche/core'
import { useTranslation } from 'react-i18next'

/** Each member space's part of a referral, and the totals (the sums of the parts). */
const NUMBER = { textAlign: 'right' } as const

export function ReferralTable(props: {
  readonly result: ReferralResult
  readonly name: (space: string) => string
}) {
  const { t, i18n } = useTranslation()
  const n = new Intl.NumberFormat(i18n.language)
  const { result } = props
  return (
    <div className="result">
      <table>
        <caption>{t('fed.parts')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fed.space')}</th>
            <th scope="col" style={NUMBER}>
              {t('fed.for')}
            </th>
            <th scope="col" style={NUMBER}>
              {t('fed.against')}
            </th>
            <th scope="col" style={NUMBER}>
              {t('fed.abstain')}
            </th>
          </tr>
        </thead>
        <tbody>
          {result.parts.map((p) => (
            <tr key={p.space}>
              <th scope="row">
                <bdi>{props.name(p.space)}</bdi>
                {!p.answered && <> ({t('fed.noAnswer')})</>}
              </th>
              <td className="votes">{n.format(p.for)}</td>
              <td className="votes">{n.format(p.against)}</td>
              <td className="votes">{n.format(p.abstain)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('fed.totals')}</th>
            <td className="votes">{n.format(result.totals.for)}</td>
            <td className="votes">{n.format(result.totals.against)}</td>
            <td className="votes">{n.format(result.totals.abstain)}</td>
          </tr>
        </tfoot>
      </table>
      <p>{t('fed.spacesFor', { count: result.spaces.members, for: result.spaces.for })}</p>
    </div>
  )
}
