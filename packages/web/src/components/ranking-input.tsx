// A ranked ballot's input: tap options in order of preference (each tap appends to the ranking),
// or reorder the ranking by dragging an item onto another (a mouse through HTML5 drag and drop; a
// finger or pen by its ⠿ handle, with pointer events, since touch gets no HTML5 drag in many
// mobile browsers), or from the keyboard (Alt+↑/↓ on a focused item, or its ↑/↓ buttons).
// Every move is announced for screen readers.
import { useState } from 'react'
import type { DragEvent, KeyboardEvent, PointerEvent } from 'react'
import { useTranslation } from 'react-i18next'

export interface RankingInputProps {
  readonly options: readonly string[]
  readonly ranking: readonly string[]
  readonly onChange: (ranking: string[]) => void
}

/** `ranking` with the item at `from` moved to `to`. */
export function moveItem(ranking: readonly string[], from: number, to: number): string[] {
  const next = [...ranking]
  const [item] = next.splice(from, 1)
  if (item === undefined) return next
  next.splice(Math.max(0, Math.min(to, next.length)), 0, item)
  return next
}

export function RankingInput({ options, ranking, onChange }: RankingInputProps) {
  const { t } = useTranslation()
  const [dragged, setDragged] = useState<number | null>(null)
  const [announcement, setAnnouncement] = useState('')
  const unranked = options.filter((o) => !ranking.includes(o))
  const move = (from: number, to: number): void => {
    if (to < 0 || to >= ranking.length || from === to) return
    const next = moveItem(ranking, from, to)
    onChange(next)
    setAnnouncement(t('ranking.moved', { option: ranking[from], place: to + 1 }))
  }
  const onKey = (index: number) => (e: KeyboardEvent) => {
    if (!e.altKey) return
    if (e.key === 'ArrowUp') move(index, index - 1)
    else if (e.key === 'ArrowDown') move(index, index + 1)
    else return
    e.preventDefault()
  }
  // A finger on the handle: the item follows it to whichever item it is over.
  const onHandleDown = (index: number) => (e: PointerEvent<HTMLElement>) => {
    if (e.pointerType === 'mouse') return
    e.preventDefault()
    e.currentTarget.setPointerCapture?.(e.pointerId)
    setDragged(index)
  }
  const onHandleMove = (e: PointerEvent<HTMLElement>) => {
    if (dragged === null || e.pointerType === 'mouse') return
    const over = document
      .elementFromPoint(e.clientX, e.clientY)
      ?.closest<HTMLElement>('ol.ranked li[data-place]')
    const to = over === null || over === undefined ? NaN : Number(over.dataset['place'])
    if (Number.isInteger(to) && to !== dragged) {
      move(dragged, to)
      setDragged(to)
    }
  }
  const onDrop = (index: number) => (e: DragEvent) => {
    e.preventDefault()
    const from = dragged ?? Number(e.dataTransfer?.getData('text/plain'))
    setDragged(null)
    if (Number.isInteger(from)) move(from, index)
  }
  return (
    <div className="ranking">
      <p className="hint">{t('ranking.hint')}</p>
      <ol className="ranked" aria-label={t('ranking.yours')}>
        {ranking.map((option, index) => (
          <li
            key={option}
            draggable
            tabIndex={0}
            data-place={index}
            className={dragged === index ? 'dragging' : undefined}
            aria-label={t('ranking.item', { option, place: index + 1 })}
            onKeyDown={onKey(index)}
            onDragStart={(e) => {
              setDragged(index)
              e.dataTransfer?.setData('text/plain', String(index))
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={onDrop(index)}
            onDragEnd={() => setDragged(null)}
          >
            <span
              className="handle"
              aria-hidden="true"
              onPointerDown={onHandleDown(index)}
              onPointerMove={onHandleMove}
              onPointerUp={() => setDragged(null)}
              onPointerCancel={() => setDragged(null)}
            >
              ⠿
            </span>
            <span className="place" aria-hidden="true">
              {index + 1}
            </span>
            <bdi className="option">{option}</bdi>
            <button
              type="button"
              className="small"
              aria-label={t('ranking.up', { option })}
              disabled={index === 0}
              onClick={() => move(index, index - 1)}
            >
              ↑
            </button>
            <button
              type="button"
              className="small"
              aria-label={t('ranking.down', { option })}
              disabled={index === ranking.length - 1}
              onClick={() => move(index, index + 1)}
            >
              ↓
            </button>
            <button
              type="button"
              className="small"
              aria-label={t('ranking.remove', { option })}
              onClick={() => onChange(ranking.filter((o) => o !== option))}
            >
              ×
            </button>
          </li>
        ))}
      </ol>
      {unranked.length > 0 && (
        <div className="unranked" role="group" aria-label={t('ranking.unranked')}>
          {unranked.map((option) => (
            <button
              key={option}
              type="button"
              className="tap"
              onClick={() => onChange([...ranking, option])}
            >
              {t('ranking.add', { option, place: ranking.length + 1 })}
            </button>
          ))}
        </div>
      )}
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
    </div>
  )
}
