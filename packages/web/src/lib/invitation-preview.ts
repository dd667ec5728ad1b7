// What a joiner can learn before joining: the assembly's name, who made the invitation and how
// many members it has, from the hub's public view of the space (GET /api/spaces/:id). The
// invitation code itself carries only the space id and the invitation's key, so offline, for a
// private assembly (its view is for members only) or on a hub that does not hold the space, the
// preview says which of these it is instead. It also says whether the key reading it is an active
// member there already (the join screen then offers no form to join again).
import type { PublicKey, SpaceId, SpaceView } from '@veche/core'

export type InvitationPreview =
  | {
      readonly kind: 'known'
      readonly name: string
      /** The name of the member who made the invitation, or null if the hub has no such invitation. */
      readonly inviter: string | null
      readonly members: number
      /** Whether the key asked about (`me`) is an active member of the space already. */
      readonly memberAlready: boolean
    }
  | { readonly kind: 'private' }
  | { readonly kind: 'unknown-space' }
  | { readonly kind: 'offline' }

/**
 * Reads what the hub at `base` shows of `space` and finds the maker of `invitation` in it, and
 * whether `me` is an active member there.
 */
export async function fetchInvitationPreview(
  space: SpaceId,
  invitation: PublicKey,
  base = '',
  me: PublicKey | null = null,
): Promise<InvitationPreview> {
  let response: Response
  try {
    response = await fetch(`${base}/api/spaces/${space}`)
  } catch {
    return { kind: 'offline' }
  }
  if (response.status === 401 || response.status === 403) return { kind: 'private' }
  if (response.status === 404) return { kind: 'unknown-space' }
  if (!response.ok) return { kind: 'offline' }
  const view = (await response.json().catch(() => null)) as SpaceView | null
  if (view?.assembly == null) return { kind: 'unknown-space' }
  return previewFromView(view, invitation, me)
}

/** The preview of a space's view: its name, the invitation's maker and its active members. */
export function previewFromView(
  view: SpaceView,
  invitation: PublicKey,
  me: PublicKey | null = null,
): InvitationPreview {
  if (view.assembly === null) return { kind: 'unknown-space' }
  const by = view.invitations[invitation]?.by
  const inviter = by === undefined ? null : (view.members[by]?.name ?? null)
  const members = Object.values(view.members).filter((m) => m.status === 'active').length
  const memberAlready = me !== null && view.members[me]?.status === 'active'
  return { kind: 'known', name: view.assembly.name, inviter, members, memberAlready }
}
