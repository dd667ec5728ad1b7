// What a member does in a conversation (docs/opinions.md), as signed events through
// AssemblyActions.act: signed on this device's chain, put in the outbox, sent when the hub can be
// reached, like every other action. Votes are signed and so visible to every member.
import { computeEventId, conversationCloseView } from '@veche/core'
import type { EventId, SpaceState } from '@veche/core'
import type { AssemblyActions } from './assembly-actions.js'

export type ConversationVote = -1 | 0 | 1

/** Opens a conversation on `question`; its id is the opening event's id. */
export async function openConversation(
  actions: AssemblyActions,
  state: SpaceState,
  question: string,
): Promise<EventId> {
  const event = await actions.act(state, state.space, 'conversation.opened', {
    question,
    source: null,
  })
  return computeEventId(event)
}

export async function submitConversationStatement(
  actions: AssemblyActions,
  state: SpaceState,
  conversation: EventId,
  text: string,
): Promise<void> {
  await actions.act(state, state.space, 'conversation.statement-submitted', { conversation, text })
}

export async function acceptConversationStatement(
  actions: AssemblyActions,
  state: SpaceState,
  conversation: EventId,
  statement: string,
): Promise<void> {
  await actions.act(state, state.space, 'conversation.statement-accepted', {
    conversation,
    statement,
  })
}

export async function rejectConversationStatement(
  actions: AssemblyActions,
  state: SpaceState,
  conversation: EventId,
  statement: string,
  reason: string,
): Promise<void> {
  await actions.act(state, state.space, 'conversation.statement-rejected', {
    conversation,
    statement,
    reason,
  })
}

export async function voteInConversation(
  actions: AssemblyActions,
  state: SpaceState,
  conversation: EventId,
  statement: string,
  vote: ConversationVote,
): Promise<void> {
  await actions.act(state, state.space, 'conversation.voted', { conversation, statement, vote })
}

export async function closeConversation(
  actions: AssemblyActions,
  state: SpaceState,
  conversation: EventId,
): Promise<void> {
  const record = state.conversations.get(conversation)
  if (record === undefined) throw new Error(`no conversation ${conversation} here`)
  // The close states what this phone held: what lies beyond it counts on no replica.
  await actions.act(state, state.space, 'conversation.closed.2', {
    conversation,
    seen: conversationCloseView(state, record),
  })
}

/** Longest proposal title taken from a statement (the event allows 300; a title is one line). */
const TITLE_CHARS = 200

/** A statement's text as a one-line title: white space runs become one space, cut at 200 characters. */
export function titleFromStatement(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim()
  const chars = [...line]
  return chars.length <= TITLE_CHARS ? line : `${chars.slice(0, TITLE_CHARS - 1).join('')}…`
}

/**
 * Turns a statement nearly everyone agreed on into a proposal with its text, and opens a poll on
 * that proposal: consent if the assembly decides by consent by default, else a majority vote
 * between `yesNo` (in the facilitator's language, as every option is). Two events, one after the
 * other on this device's chain; offline, both wait in the outbox.
 */
export async function promoteStatement(
  actions: AssemblyActions,
  state: SpaceState,
  text: string,
  yesNo: readonly [string, string],
): Promise<EventId> {
  const proposal = await actions.propose(state, titleFromStatement(text), text)
  const consent = state.assembly?.rules.defaultMethod === 'consent'
  await actions.openPoll(state, {
    question: text,
    proposal,
    method: consent ? 'consent' : 'majority',
    options: consent ? [] : [...yesNo],
  })
  return proposal
}
