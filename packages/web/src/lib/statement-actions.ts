// What members do with statements, as signed events (docs/statements.md): draft, amend a
// paragraph or the parts around the paragraphs, put to a poll, record the adoption, revise an
// adopted text, translate, and co-sign from another space. Each is signed with
// `AssemblyActions.act` on the member's own chain, except `statement.cosigned`: any key may sign
// it (its validity rests on the referenced decision alone), so it is signed with a one-use key
// and never touches the member's chain in a space they may not even belong to.
import { computeEventId, EventAuthor } from '@veche/core'
import type {
  EventId,
  PollRecord,
  PollSubject,
  SpaceId,
  SpaceState,
  StatementRecord,
  TranslationStatus,
} from '@veche/core'
import type { AssemblyActions } from './assembly-actions.js'
import { randomToken, signerFromSeed } from './browser-identity.js'
import type { Outbox } from './outbox.js'

/** Everything a statement holds around and in its paragraphs, as the draft event carries it. */
export interface StatementDocumentInput {
  readonly language: string
  readonly title: string
  readonly lead: string[]
  readonly paragraphs: string[]
  readonly closing: string[]
  readonly references: { title: string; url: string }[]
  readonly notes: string
}

/** The parts around the paragraphs, with a note on what changed and why. */
export interface StatementFrameInput {
  readonly title: string
  readonly lead: string[]
  readonly closing: string[]
  readonly references: { title: string; url: string }[]
  readonly notes: string
  readonly note: string
}

/** A translation, aligned with the original's numbering. */
export interface TranslationInput {
  readonly language: string
  readonly title: string
  readonly lead: string[]
  readonly paragraphs: string[]
  readonly closing: string[]
  readonly status: TranslationStatus
}

/** Drafts a statement; its id is the drafting event's id. */
export async function draftStatement(
  actions: AssemblyActions,
  state: SpaceState,
  document: StatementDocumentInput,
): Promise<EventId> {
  return computeEventId(await actions.act(state, state.space, 'statement.drafted', document))
}

/** A new version of adopted statement `previous`: a new draft that links to it. */
export async function reviseStatement(
  actions: AssemblyActions,
  state: SpaceState,
  previous: EventId,
  document: StatementDocumentInput,
): Promise<EventId> {
  const event = await actions.act(state, state.space, 'statement.revised', {
    previous,
    ...document,
  })
  return computeEventId(event)
}

/** Replaces paragraph `number` (from 1), or adds one at the end (count + 1). */
export async function amendParagraph(
  actions: AssemblyActions,
  state: SpaceState,
  statement: EventId,
  change: { number: number; text: string; note: string },
): Promise<void> {
  await actions.act(state, state.space, 'statement.paragraph-amended', { statement, ...change })
}

export async function amendFrame(
  actions: AssemblyActions,
  state: SpaceState,
  statement: EventId,
  change: StatementFrameInput,
): Promise<void> {
  await actions.act(state, state.space, 'statement.amended', { statement, ...change })
}

/**
 * Opens the poll that decides a statement (`poll.opened.3`, naming it as its subject): adopting
 * this space's statement at its current revision, or co-signing another space's statement. A
 * majority poll's first option is the motion (core counts it adopted when that option wins);
 * consent has its fixed positions.
 */
export async function openStatementPoll(
  actions: AssemblyActions,
  state: SpaceState,
  poll: {
    question: string
    method: 'majority' | 'consent'
    /** For majority: the motion first, then the alternative. */
    options: [string, string]
    subject: PollSubject
  },
): Promise<void> {
  const majority = poll.method === 'majority'
  await actions.act(state, state.space, 'poll.opened.3', {
    question: poll.question,
    subject: poll.subject,
    method: poll.method,
    options: majority ? poll.options : [],
    voters: 'members',
    threshold: majority ? { num: 1, den: 2 } : { num: 0, den: 1 },
    seats: 1,
    scoreRange: null,
    tieBreakSeed: randomToken(),
  })
}

/** The polls of `state` whose subject `matches`, newest last. */
export function pollsAbout(
  state: SpaceState,
  matches: (subject: PollSubject) => boolean,
): PollRecord[] {
  return [...state.polls.values()].filter((p) => p.subject != null && matches(p.subject))
}

/** Records that closed poll `poll` of this space adopted `statement`. */
export async function recordAdoption(
  actions: AssemblyActions,
  state: SpaceState,
  statement: EventId,
  poll: EventId,
): Promise<void> {
  await actions.act(state, state.space, 'statement.adopted', { statement, poll })
}

export async function translateStatement(
  actions: AssemblyActions,
  state: SpaceState,
  statement: EventId,
  translation: TranslationInput,
): Promise<void> {
  await actions.act(state, state.space, 'statement.translated', { statement, ...translation })
}

/**
 * Co-signs `statement` of `statementSpace` from `cosigner` (whose facilitator the member is):
 * records the decision of `poll` in the co-signing space's log (unless `decision` was recorded
 * before), then lists it in the statement's space with `statement.cosigned`, signed with a
 * one-use key. Both go through the outbox, in that order.
 */
export async function cosignStatement(
  services: { actions: AssemblyActions; outbox: Outbox },
  cosigner: SpaceState,
  statementSpace: SpaceId,
  statement: EventId,
  decided: { poll: EventId } | { decision: EventId },
): Promise<EventId> {
  const decision =
    'decision' in decided
      ? decided.decision
      : computeEventId(
          await services.actions.act(cosigner, cosigner.space, 'statement.cosign-decided', {
            space: statementSpace,
            statement,
            poll: decided.poll,
          }),
        )
  const oneUse = await signerFromSeed(randomToken(32))
  if (oneUse === null) throw new Error('this browser cannot make Ed25519 keys')
  const event = await new EventAuthor(oneUse).next(
    statementSpace,
    'statement.cosigned',
    { statement, space: cosigner.space, decision },
    Date.now(),
  )
  await services.outbox.add(event)
  return decision
}

/** True while `statement` may still be amended by `me`: a draft, and theirs or a facilitator's. */
export function mayAmend(statement: StatementRecord, me: string, facilitator: boolean): boolean {
  return statement.adopted === null && (statement.author === me || facilitator)
}
