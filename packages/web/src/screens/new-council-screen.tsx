// Founding a council: its name and purpose, the founder's name as its first convenor, how seats
// are shared (a fixed number per member space, or a total shared by D'Hondt or Sainte-Laguë over
// the member counts), and its quorum. Member spaces then decide to join and a convenor admits them.
import type { FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import { Field } from '../components/field.js'
import { useFederationActions } from '../components/federation-hooks.js'
import { navigate, useDraft } from '../hooks.js'

export default function NewCouncilScreen() {
  const { t } = useTranslation()
  const { remember } = useApp()
  const federation = useFederationActions()
  const [name, setName, clearName] = useDraft('council.name')
  const [description, setDescription, clearDescription] = useDraft('council.description')
  const [founderName, setFounderName] = useDraft('me.name')
  const [kind, setKind] = useDraft('council.seatKind', 'fixed')
  const [perSpace, setPerSpace] = useDraft('council.perSpace', '1')
  const [total, setTotal] = useDraft('council.total', '10')
  const [method, setMethod] = useDraft('council.seatMethod', 'dhondt')
  const [quorum, setQuorum] = useDraft('council.quorum', '0')
  const whole = (text: string, min: number, max: number): number =>
    Math.min(max, Math.max(min, Math.floor(Number(text)) || min))
  const create = async (e: FormEvent): Promise<void> => {
    e.preventDefault()
    const space = await federation.createCouncil({
      name: name.trim(),
      description: description.trim(),
      founderName: founderName.trim(),
      seats:
        kind === 'fixed'
          ? { kind: 'fixed', perSpace: whole(perSpace, 1, 100) }
          : {
              kind: 'proportional',
              method: method === 'sainte-lague' ? 'sainte-lague' : 'dhondt',
              total: whole(total, 1, 10_000),
            },
      quorumPercent: whole(quorum, 0, 100),
      method: 'majority',
    })
    remember({ id: space, name: name.trim() })
    clearName()
    clearDescription()
    navigate(`a/${space}`)
  }
  return (
    <section>
      <h2>{t('fed.newCouncil')}</h2>
      <p>{t('fed.newCouncilExplain')}</p>
      <form onSubmit={(e) => void create(e)}>
        <Field label={t('fed.councilName')}>
          <input value={name} required maxLength={200} onChange={(e) => setName(e.target.value)} />
        </Field>
        <Field label={t('create.description')}>
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} />
        </Field>
        <Field label={t('fed.convenorName')}>
          <input
            value={founderName}
            required
            maxLength={100}
            onChange={(e) => setFounderName(e.target.value)}
          />
        </Field>
        <fieldset>
          <legend>{t('fed.seatLegend')}</legend>
          {(['fixed', 'dhondt', 'sainte-lague'] as const).map((k) => {
            const value = k === 'fixed' ? 'fixed' : 'proportional'
            const checked = kind === value && (k === 'fixed' || method === k)
            return (
              <label key={k} className="choice">
                <input
                  type="radio"
                  name="seat-kind"
                  checked={checked}
                  onChange={() => {
                    setKind(value)
                    if (k !== 'fixed') setMethod(k)
                  }}
                />{' '}
                {k === 'fixed' ? t('fed.seatKindFixed') : t(`fed.seatMethod.${k}`)}
              </label>
            )
          })}
        </fieldset>
        {kind === 'fixed' ? (
          <Field label={t('fed.perSpace')}>
            <input
              type="number"
              min={1}
              max={100}
              value={perSpace}
              onChange={(e) => setPerSpace(e.target.value)}
            />
          </Field>
        ) : (
          <Field label={t('fed.totalSeats')}>
            <input
              type="number"
              min={1}
              max={10000}
              value={total}
              onChange={(e) => setTotal(e.target.value)}
            />
          </Field>
        )}
        <Field label={t('fed.quorumLabel')}>
          <input
            type="number"
            min={0}
            max={100}
            value={quorum}
            onChange={(e) => setQuorum(e.target.value)}
          />
        </Field>
        <button type="submit">{t('fed.createCouncil')}</button>
      </form>
    </section>
  )
}
