// Rules for the assembly itself and its membership: creation, invitations, joining, admission,
// leaving, removal and the facilitator role. An assembly always keeps at least one facilitator
// while it has members, so someone can always admit and open polls.
import type { EventId, PublicKey } from './ids.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { deriveSpaceId } from './signing.js'
import {
  clearMemberRoles,
  countActiveMembers,
  countRole,
  isActiveMember,
  isFacilitator,
  putMember,
  setMemberRole,
  setMemberStatus,
} from './space-state.js'
import type { RuleHandler as Handler, SpaceState } from './space-state.js'

export const applyAssemblyCreated: Handler<'assembly.created'> = (state, event, id) => {
  if (state.assembly !== null)
    return reject('space.already-created', 'this space was already created', id)
  const expected = deriveSpaceId(event.author, event.body.nonce)
  if (expected !== event.space) {
    return reject(
      'space.id-mismatch',
      `space id must be ${expected}, derived from the founder's key and nonce`,
      id,
    )
  }
  const { name, description, languages, rules, founderName } = event.body
  state.textRules = event.body.texts ?? 0
  state.rulesVersion = event.body.rulesVersion ?? event.body.forkRule ?? 1
  state.forkRule = state.rulesVersion >= 2 ? 2 : 1
  state.assembly = { founder: event.author, name, description, languages, rules, created: id }
  putMember(state, {
    key: event.author,
    name: founderName,
    status: 'active',
    roles: new Set(['facilitator']),
  })
  return null
}

function invite(
  state: SpaceState,
  author: PublicKey,
  id: EventId,
  body: { invitation: PublicKey; uses: number; note: string; expires?: number | null },
): Rejection | null {
  const right = state.assembly!.rules.inviteRight
  if (right === 'facilitator' && !isFacilitator(state, author)) {
    return reject('member.not-facilitator', 'only facilitators may invite in this assembly', id)
  }
  if (state.invitations.has(body.invitation)) {
    return reject('invitation.already-exists', 'an invitation with this key already exists', id)
  }
  state.invitations.set(body.invitation, {
    key: body.invitation,
    by: author,
    uses: body.uses,
    used: 0,
    ...(body.expires === undefined
      ? {}
      : { expires: body.expires, note: body.note, revoked: null }),
  })
  return null
}

export const applyMemberInvited: Handler<'member.invited'> = (state, event, id) =>
  invite(state, event.author, id, event.body)

export const applyMemberInvited2: Handler<'member.invited.2'> = (state, event, id) =>
  invite(state, event.author, id, event.body)

/** Ends an invitation: by a facilitator, or by the member who made it. */
export const applyInvitationRevoked: Handler<'invitation.revoked'> = (state, event, id) => {
  const invitation = state.invitations.get(event.body.invitation)
  if (invitation === undefined)
    return reject('invitation.unknown', 'no such invitation in this space', id)
  if (invitation.by !== event.author && !isFacilitator(state, event.author)) {
    return reject(
      'member.not-facilitator',
      'only a facilitator or the member who made an invitation may revoke it',
      id,
    )
  }
  if (invitation.revoked != null)
    return reject('invitation.revoked', 'this invitation is already revoked', id)
  invitation.revoked = id
  return null
}

export const applyMemberJoined: Handler<'member.joined'> = (state, event, id) => {
  const existing = state.members.get(event.author)
  if (existing?.status === 'active')
    return reject('member.already-member', 'this key is already a member', id)
  if (existing?.status === 'removed') {
    return reject(
      'member.was-removed',
      'this key was removed; only a facilitator can admit it again',
      id,
    )
  }
  const invitation = state.invitations.get(event.body.invitation)
  if (invitation === undefined)
    return reject('invitation.unknown', 'no such invitation in this space', id)
  if (invitation.used >= invitation.uses) {
    return reject(
      'invitation.used-up',
      `this invitation was good for ${invitation.uses} use(s) and is used up`,
      id,
    )
  }
  if (invitation.revoked != null)
    return reject('invitation.revoked', `this invitation was revoked (${invitation.revoked})`, id)
  const expires = invitation.expires ?? null
  if (expires !== null && (event.at > expires || state.facilitatorClock > expires)) {
    return reject('invitation.expired', `this invitation expired at ${expires} (ms since 1970)`, id)
  }
  invitation.used += 1
  admit(state, event.author, event.body.name)
  return null
}

export const applyMemberAdmitted: Handler<'member.admitted'> = (state, event, id) => {
  if (!isFacilitator(state, event.author)) {
    return reject('member.not-facilitator', 'only a facilitator may admit members', id)
  }
  if (isActiveMember(state, event.body.member)) {
    return reject('member.already-member', `${event.body.member} is already a member`, id)
  }
  admit(state, event.body.member, event.body.name)
  return null
}

function admit(state: SpaceState, key: PublicKey, name: string): void {
  const existing = state.members.get(key)
  if (existing === undefined) putMember(state, { key, name, status: 'active', roles: new Set() })
  else {
    existing.name = name
    setMemberStatus(state, existing, 'active')
    clearMemberRoles(state, existing)
  }
}

function wouldLeaveNoFacilitator(state: SpaceState, key: PublicKey): boolean {
  return (
    isFacilitator(state, key) &&
    countRole(state, 'facilitator') === 1 &&
    countActiveMembers(state) > 1
  )
}

export const applyMemberLeft: Handler<'member.left'> = (state, event, id) => {
  if (wouldLeaveNoFacilitator(state, event.author)) {
    return reject(
      'role.last-facilitator',
      'the last facilitator cannot leave: grant the role to someone first',
      id,
    )
  }
  setMemberStatus(state, state.members.get(event.author)!, 'left')
  return null
}

export const applyMemberRemoved: Handler<'member.removed'> = (state, event, id) => {
  if (!isFacilitator(state, event.author)) {
    return reject('member.not-facilitator', 'only a facilitator may remove members', id)
  }
  const target = event.body.member
  if (!isActiveMember(state, target))
    return reject('member.unknown', `${target} is not a member`, id)
  if (wouldLeaveNoFacilitator(state, target)) {
    return reject('role.last-facilitator', 'the last facilitator cannot be removed', id)
  }
  const member = state.members.get(target)!
  setMemberStatus(state, member, 'removed')
  clearMemberRoles(state, member)
  return null
}

export const applyRoleGranted: Handler<'role.granted'> = (state, event, id) => {
  if (!isFacilitator(state, event.author)) {
    return reject('member.not-facilitator', 'only a facilitator may grant roles', id)
  }
  const member = state.members.get(event.body.member)
  if (member?.status !== 'active')
    return reject('member.unknown', `${event.body.member} is not a member`, id)
  if (member.roles.has(event.body.role)) {
    return reject('role.already-held', `${member.name} is already a ${event.body.role}`, id)
  }
  setMemberRole(state, member, event.body.role, true)
  return null
}

export const applyRoleRevoked: Handler<'role.revoked'> = (state, event, id) => {
  if (!isFacilitator(state, event.author)) {
    return reject('member.not-facilitator', 'only a facilitator may revoke roles', id)
  }
  const member = state.members.get(event.body.member)
  if (member?.status !== 'active' || !member.roles.has(event.body.role)) {
    return reject(
      'role.not-held',
      `${event.body.member} does not hold the role ${event.body.role}`,
      id,
    )
  }
  if (event.body.role === 'facilitator' && countRole(state, 'facilitator') === 1) {
    return reject('role.last-facilitator', 'the assembly must keep at least one facilitator', id)
  }
  setMemberRole(state, member, event.body.role, false)
  return null
}
