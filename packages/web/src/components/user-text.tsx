// What members wrote, shown so that it cannot pass for something else. Every name, title, question,
// option and text goes in a <bdi> (the browser isolates it from the text around it and takes its
// direction from its first strong letter; a block of text alone gets dir="auto", which isolates it
// too), so a right-to-left name or an override signed before the
// text rules cannot reorder the interface around it (lib/bidi-isolation.ts). A member's name that
// looks like another active member's (core's name-skeleton.ts) carries a badge with the member's
// key, so a newcomer who takes the founder's name with a Cyrillic "а" is told apart before anyone
// admits, elects, recalls or gives the floor to the wrong person.
import { lookAlikeNames } from '@veche/core'
import type { SpaceState } from '@veche/core'
import { useTranslation } from 'react-i18next'
import { isolateIfNeeded } from '../lib/bidi-isolation.js'
import '../user-text.css'

/** The first characters of a key: what the app shows to tell two members apart. */
export function keyFingerprint(key: string): string {
  return key.slice(0, 8)
}

// The look-alikes of a state, worked out once for everything one render shows (a list of two
// thousand members asks two thousand times), then forgotten: the fold changes the state in place.
const lookAlikeCache = new WeakMap<SpaceState, ReadonlyMap<string, readonly string[]>>()

/** For each active member whose name looks like another active member's, the keys of the others. */
export function lookAlikesIn(state: SpaceState): ReadonlyMap<string, readonly string[]> {
  const cached = lookAlikeCache.get(state)
  if (cached !== undefined) return cached
  const active = [...state.members.values()]
    .filter((m) => m.status === 'active')
    .map((m) => ({ key: m.key, name: m.name }))
  const found = lookAlikeNames(active)
  lookAlikeCache.set(state, found)
  setTimeout(() => lookAlikeCache.delete(state), 0)
  return found
}

/** A member's name (the start of their key if the state does not know them), isolated and marked. */
export function MemberName(props: {
  readonly state: SpaceState
  readonly member: string
  /** Whether the key is shown right beside the name already, so the badge need not repeat it. */
  readonly keyShown?: boolean
}) {
  const { state, member } = props
  const name = state.members.get(member as never)?.name
  return (
    <>
      <bdi className="name">{name ?? keyFingerprint(member)}</bdi>
      <LookAlikeBadge state={state} member={member} keyShown={props.keyShown ?? false} />
    </>
  )
}

/** The badge of a member whose name looks like another active member's; nothing for anyone else. */
export function LookAlikeBadge(props: {
  readonly state: SpaceState
  readonly member: string
  readonly keyShown: boolean
}) {
  const { state, member } = props
  const others = lookAlikesIn(state).get(member)
  if (others === undefined) return null
  const named = others.map((key) => ({ key, name: state.members.get(key as never)?.name ?? '' }))
  return <LookAlikeMark member={member} others={named} keyShown={props.keyShown} />
}

/**
 * "Looks like another member's name", with the member's key (unless shown beside it already); the
 * others' names and keys in its title.
 */
export function LookAlikeMark(props: {
  readonly member: string
  readonly others: readonly { readonly key: string; readonly name: string }[]
  readonly keyShown: boolean
}) {
  const { t } = useTranslation()
  const named = props.others.map((o) => `${isolateIfNeeded(o.name)} (${keyFingerprint(o.key)})`)
  return (
    <>
      {' '}
      <span
        className="badge look-alike"
        title={t('lookAlike.explain', { others: named.join(', ') })}
      >
        {t('lookAlike.badge')}
        {!props.keyShown && (
          <>
            {' · '}
            <code className="key">{t('lookAlike.key', { key: keyFingerprint(props.member) })}</code>
          </>
        )}
      </span>
    </>
  )
}
