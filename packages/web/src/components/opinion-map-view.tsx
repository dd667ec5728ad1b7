// The opinion map of a conversation (docs/opinions.md), loaded lazily with its PCA and k-means: the
// participants as points coloured by group (the member's own point marked), what each group thinks
// (its representative statements), and what nearly everyone agrees on, each consensus statement
// with a facilitator's "make it a proposal and a poll". Everything the picture shows is also said
// in text for screen readers. The map is core's `conversationOpinionMap`, the same function every
// replica and `veche opinions show` run, so the same log draws the same map. Each point carries
// its participant, group and projection (as JavaScript prints the numbers) in data attributes,
// which the browser test compares with the map computed in Node.
import { conversationOpinionMap, isFacilitator } from '@veche/core'
import type { ConversationRecord, EventId, SpaceState } from '@veche/core'
import { useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApp } from '../app-context.js'
import '../conversation.css'
import { addConversationScreenStrings } from '../i18n/conversation-screen-strings.js'
import { promoteStatement } from '../lib/conversation-actions.js'

type MapOutcome = ReturnType<typeof conversationOpinionMap>
type OpinionMap = Extract<MapOutcome, { ok: true }>['report']

/** Okabe and Ito's colours, told apart with every common colour blindness; grey for no group. */
const GROUP_COLOURS = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00']
const UNGROUPED = '#767676'
const WIDTH = 320
const HEIGHT = 220
const PAD = 16

/** Groups are named by letter: A is the largest. */
export function groupName(group: number): string {
  return String.fromCharCode(65 + group)
}

function percent(n: number, of: number): number {
  return of === 0 ? 0 : Math.round((100 * n) / of)
}

export default function OpinionMapView(props: {
  readonly state: SpaceState
  readonly record: ConversationRecord
  /** The record's revision and the replica's version: the record is folded in place. */
  readonly revision: number
  readonly version: number
  /**
   * Shown to the hall (the projector): no point marked as this device's and no facilitator's
   * action, since everyone reads the screen.
   */
  readonly forHall?: boolean
}) {
  const { t, i18n } = useTranslation()
  // The map's strings come with its code (the projector loads it without the conversation screen).
  addConversationScreenStrings(i18n)
  const { record, revision } = props
  const outcome = useMemo(() => conversationOpinionMap(record), [record, revision])
  return (
    <section className="opinion-map" aria-labelledby="opinion-map-title">
      <h3 id="opinion-map-title">{t('conversation.mapTitle')}</h3>
      {props.forHall === true && (
        <p className="big">{t('conversation.participants', { count: record.voters.size })}</p>
      )}
      {outcome.ok ? (
        <MapReport
          state={props.state}
          record={record}
          map={outcome.report}
          forHall={props.forHall === true}
        />
      ) : (
        <p>{t('conversation.mapNotYet')}</p>
      )}
    </section>
  )
}

function MapReport(props: {
  readonly state: SpaceState
  readonly record: ConversationRecord
  readonly map: OpinionMap
  readonly forHall: boolean
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { map, record } = props
  const textOf = (id: string): string => record.statements.get(id)?.text ?? id
  const own = props.forHall ? '' : actions.me
  const me = map.participants.find((p) => p.id === own)
  // The picture with its legend, and what the groups think: side by side on the projector.
  return (
    <>
      <div className="map-side">
        <MapPicture map={map} me={own} />
        <ul className="map-legend">
          {map.groups.map((g) => (
            <li key={g.id}>
              <span
                className="swatch"
                aria-hidden="true"
                style={{ background: GROUP_COLOURS[g.id % GROUP_COLOURS.length] }}
              />
              {t('conversation.groupSize', { group: groupName(g.id), count: g.size })}
            </li>
          ))}
        </ul>
        {me !== undefined && (
          <p className="map-you">
            {me.group === null
              ? t('conversation.mapYouNotGrouped')
              : t('conversation.mapYouIn', { group: groupName(me.group) })}
          </p>
        )}
      </div>
      <div className="map-texts">
        <h4>{t('conversation.groupThinks')}</h4>
        {map.groups.map((g) => (
          <div key={g.id} className="group-view" data-group={g.id}>
            <h5>
              <span
                className="swatch"
                aria-hidden="true"
                style={{ background: GROUP_COLOURS[g.id % GROUP_COLOURS.length] }}
              />
              {t('conversation.groupSize', { group: groupName(g.id), count: g.size })}
            </h5>
            <ul>
              {sayingSomething(g.representative).map((r) => (
                <li key={r.statement} data-statement={r.statement} data-direction={r.direction}>
                  <bdi>{textOf(r.statement)}</bdi>{' '}
                  <span className={`meta ${r.direction}`}>
                    {t(
                      r.direction === 'agree'
                        ? 'conversation.groupAgrees'
                        : 'conversation.groupDisagrees',
                      { percent: percent(r.nSuccess, r.nTrials) },
                    )}
                  </span>
                </li>
              ))}
            </ul>
          </div>
        ))}
        <Consensus state={props.state} map={map} textOf={textOf} forHall={props.forHall} />
      </div>
    </>
  )
}

/**
 * A group's representative statements that say something of it. With nothing passing the tests,
 * the method names the statement with the strongest ratio test, which in a small group can be a
 * direction no one in it took ("0% of the group disagree"): left out of the list.
 */
export function sayingSomething<T extends { readonly nSuccess: number }>(
  representative: readonly T[],
): readonly T[] {
  return representative.filter((r) => r.nSuccess > 0)
}

/** The points: the map's projections scaled alike on both axes to fit the picture. */
function MapPicture({ map, me }: { readonly map: OpinionMap; readonly me: string }) {
  const { t } = useTranslation()
  const xs = map.participants.map((p) => p.projection[0])
  const ys = map.participants.map((p) => p.projection[1])
  const [minX, maxX, minY, maxY] = [
    Math.min(...xs),
    Math.max(...xs),
    Math.min(...ys),
    Math.max(...ys),
  ]
  const scale = Math.min(
    (WIDTH - 2 * PAD) / Math.max(maxX - minX, 1e-9),
    (HEIGHT - 2 * PAD) / Math.max(maxY - minY, 1e-9),
  )
  const offsetX = (WIDTH - scale * (maxX - minX)) / 2
  const offsetY = (HEIGHT - scale * (maxY - minY)) / 2
  const at = (x: number, y: number): [number, number] => [
    offsetX + scale * (x - minX),
    // Up is the second component's positive side, as in Pol.is's picture.
    HEIGHT - (offsetY + scale * (y - minY)),
  ]
  const grouped = map.participants.filter((p) => p.group !== null).length
  const mine = map.participants.find((p) => p.id === me)
  return (
    <svg
      className="map-picture"
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      aria-label={t('conversation.mapLabel', { people: grouped, groups: map.groups.length })}
    >
      <rect x="0.5" y="0.5" width={WIDTH - 1} height={HEIGHT - 1} fill="#fafafa" stroke="#c8c8c8" />
      {map.participants.map((p) => {
        const [x, y] = at(p.projection[0], p.projection[1])
        return (
          <circle
            key={p.id}
            className="point"
            cx={x}
            cy={y}
            r={p.id === me ? 7 : 4.5}
            fill={p.group === null ? UNGROUPED : GROUP_COLOURS[p.group % GROUP_COLOURS.length]}
            fillOpacity={0.85}
            data-participant={p.id}
            data-group={p.group === null ? '' : String(p.group)}
            data-x={String(p.projection[0])}
            data-y={String(p.projection[1])}
            data-me={p.id === me ? 'true' : undefined}
          />
        )
      })}
      {mine !== undefined &&
        (() => {
          const [x, y] = at(mine.projection[0], mine.projection[1])
          return (
            <g className="me-mark" aria-hidden="true">
              <circle cx={x} cy={y} r={11} fill="none" stroke="#111" strokeWidth={2} />
              <text
                x={x + (x > WIDTH - 50 ? -14 : 14)}
                y={y + 5}
                textAnchor={x > WIDTH - 50 ? 'end' : 'start'}
                fontSize="13"
                fontWeight="700"
                fill="#111"
              >
                {t('conversation.mapYou')}
              </text>
            </g>
          )
        })()}
    </svg>
  )
}

function Consensus(props: {
  readonly state: SpaceState
  readonly map: OpinionMap
  readonly textOf: (id: string) => string
  readonly forHall: boolean
}) {
  const { t } = useTranslation()
  const { actions } = useApp()
  const { state, map, textOf } = props
  const [made, setMade] = useState<ReadonlyMap<string, EventId>>(new Map())
  const facilitator = !props.forHall && isFacilitator(state, actions.me)
  const promote = async (statement: string): Promise<void> => {
    const proposal = await promoteStatement(actions, state, textOf(statement), [
      t('conversation.yes'),
      t('conversation.no'),
    ])
    setMade((m) => new Map(m).set(statement, proposal))
  }
  return (
    <div className="consensus">
      <h4>{t('conversation.consensusTitle')}</h4>
      {map.consensus.agree.length === 0 && <p>{t('conversation.consensusNone')}</p>}
      <ul>
        {map.consensusFigures.agree.map((c) => {
          const text = textOf(c.statement)
          // Made here, or earlier (a proposal with the statement's text): not offered twice.
          const proposal =
            made.get(c.statement) ??
            [...state.proposals.values()].find((p) => p.text === text && p.status === 'open')?.id
          return (
            <li key={c.statement} data-statement={c.statement}>
              <p>
                <bdi>{text}</bdi>
              </p>
              <p className="meta">
                {t('conversation.consensusShare', { percent: percent(c.nSuccess, c.nTrials) })}
              </p>
              {proposal !== undefined ? (
                <p>
                  <a href={`#/a/${state.space}/p/${proposal}`}>{t('conversation.promoted')}</a>
                </p>
              ) : (
                facilitator && (
                  <button type="button" onClick={() => void promote(c.statement)}>
                    {t('conversation.promote')}
                  </button>
                )
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
