// Rules for statements. A member who may propose drafts a statement; its author or a facilitator
// amends it paragraph by paragraph until a facilitator records its adoption by a closed poll of
// the space that adopted its motion (consent `adopted`, or majority `adopted` won by the first
// option) and was opened on this statement at its current revision (`poll.opened.3`, subject
// `statement`), so the poll decided exactly this text and nothing else. Once adopted the text is
// frozen: a change is a `statement.revised`, a new statement that links to the old. Any member
// translates, before or after adoption. Another space co-signs by its own adopted poll on
// co-signing that statement (subject `cosign`; `statement.cosign-decided` in its log), which any
// key (a member here, or the co-signing space's own facilitator) then references in
// `statement.cosigned`: like `council.notice`, its validity rests only on the referenced event,
// which the fold reads through `context.foreign`.
import type { DecisionMethod } from './event-bodies.js'
import type { EventId, PublicKey } from './ids.js'
import { checkFederationSubject, isFederationSubject, subjectOf } from './decision-subject.js'
import { describePollSubject } from './poll-subject-text.js'
import type { PollSubject } from './poll-subject.js'
import { reject } from './result.js'
import type { Rejection } from './result.js'
import { adoptsMotion, closeResults, isFacilitator } from './space-state.js'
import type { PollRecord, RuleHandler, SpaceState } from './space-state.js'
import { currentRevision } from './statement-state.js'
import type { StatementRecord } from './statement-state.js'

function statementOf(
  state: SpaceState,
  statementId: EventId,
  id: EventId,
): StatementRecord | Rejection {
  return (
    state.statements.documents.get(statementId) ??
    reject('statement.unknown', `no statement ${statementId} in this space`, id)
  )
}

/** A draft (not yet adopted) that `actor` may change: its author or a facilitator. */
function changeableDraft(
  state: SpaceState,
  statementId: EventId,
  actor: PublicKey,
  id: EventId,
): StatementRecord | Rejection {
  const statement = statementOf(state, statementId, id)
  if ('ok' in statement) return statement
  if (statement.adopted !== null) {
    return reject(
      'statement.frozen',
      'this statement was adopted and its text is frozen; change it with statement.revised',
      id,
    )
  }
  if (statement.author !== actor && !isFacilitator(state, actor))
    return reject(
      'statement.not-author',
      "only the statement's author or a facilitator may amend it",
      id,
    )
  return statement
}

/** Records a change of the text: its new revision, which polls opened before it do not name. */
function touch(statement: StatementRecord, id: EventId): void {
  statement.amendments.push(id)
}

const YES_OR_NO: readonly DecisionMethod[] = ['majority', 'consent']

/**
 * Checks the subject of a poll being opened (`poll.opened.3`): a statement of this space, not
 * adopted, at its current revision; or another space's statement to co-sign. Either is decided by
 * a majority or consent poll, since adoption reads it as yes or no. A proposal subject is checked
 * by the poll rules; a decision about a council by `checkFederationSubject`.
 */
export function checkStatementSubject(
  state: SpaceState,
  subject: PollSubject,
  body: { readonly method: DecisionMethod },
  id: EventId,
): Rejection | null {
  if (subject.kind === 'proposal') return null
  if (isFederationSubject(subject)) return checkFederationSubject(state, subject, body, id)
  if (!YES_OR_NO.includes(body.method)) {
    return reject(
      'poll.bad-options',
      'a poll on a statement is a majority poll (its first option adopts) or a consent poll',
      id,
    )
  }
  if (subject.kind === 'cosign') {
    return subject.space === state.space
      ? reject('statement.bad-cosign', 'a space does not co-sign its own statement', id)
      : null
  }
  const statement = statementOf(state, subject.statement, id)
  if ('ok' in statement) return statement
  if (statement.adopted !== null)
    return reject('statement.already-adopted', `adopted already by ${statement.adopted.event}`, id)
  const revision = currentRevision(statement)
  if (subject.revision !== revision) {
    return reject(
      'statement.stale-revision',
      `the statement's text is now revision ${revision}, not ${subject.revision}; a poll decides the current text`,
      id,
    )
  }
  return null
}

/**
 * A closed poll of this space on `wanted` that adopted its motion. A poll on anything else is
 * `statement.wrong-poll` (naming what it was about); one on an earlier revision of the same
 * statement is `statement.poll-before-change`.
 */
export function adoptingPoll(
  state: SpaceState,
  pollId: EventId,
  wanted: PollSubject,
  id: EventId,
): PollRecord | Rejection {
  const poll = state.polls.get(pollId)
  if (poll === undefined) return reject('poll.unknown', `no poll ${pollId} in this space`, id)
  const about = subjectOf(poll)
  const same =
    about !== null &&
    about.kind === wanted.kind &&
    (about.kind === 'statement' && wanted.kind === 'statement'
      ? about.statement === wanted.statement
      : about.kind === 'cosign' && wanted.kind === 'cosign'
        ? about.statement === wanted.statement && about.space === wanted.space
        : false)
  if (!same) {
    return reject(
      'statement.wrong-poll',
      `poll ${pollId} was about ${describePollSubject(about)}, not ${describePollSubject(wanted)}`,
      id,
    )
  }
  if (
    about.kind === 'statement' &&
    wanted.kind === 'statement' &&
    about.revision !== wanted.revision
  ) {
    return reject(
      'statement.poll-before-change',
      `poll ${pollId} decided revision ${about.revision}; the statement changed since (now ${wanted.revision}), so it did not decide this text`,
      id,
    )
  }
  if (poll.status !== 'closed')
    return reject('statement.decision-not-adopted', `poll ${pollId} is not closed yet`, id)
  const adopted = poll.recall === null && closeResults(poll).some((r) => adoptsMotion(poll, r))
  if (!adopted) {
    return reject(
      'statement.decision-not-adopted',
      `poll ${pollId} did not adopt its motion (consent adopted, or majority won by the first option)`,
      id,
    )
  }
  return poll
}

function mayPropose(state: SpaceState, author: PublicKey, id: EventId): Rejection | null {
  return state.assembly!.rules.proposeRight === 'facilitator' && !isFacilitator(state, author)
    ? reject('proposal.not-allowed', 'only facilitators may draft statements in this assembly', id)
    : null
}

type DocumentBody = {
  readonly language: string
  readonly title: string
  readonly lead: readonly string[]
  readonly paragraphs: readonly string[]
  readonly closing: readonly string[]
  readonly references: readonly { readonly title: string; readonly url: string }[]
  readonly notes: string
}

function newStatement(
  id: EventId,
  author: PublicKey,
  body: DocumentBody,
  version: number,
  previous: EventId | null,
): StatementRecord {
  return {
    id,
    author,
    version,
    previous,
    next: null,
    language: body.language,
    title: body.title,
    lead: body.lead,
    paragraphs: body.paragraphs.map((text) => ({ text, revision: id })),
    closing: body.closing,
    references: body.references,
    notes: body.notes,
    frameRevision: id,
    amendments: [],
    adopted: null,
    translations: new Map(),
    cosigners: new Map(),
  }
}

export const applyStatementDrafted: RuleHandler<'statement.drafted'> = (state, event, id) => {
  const denied = mayPropose(state, event.author, id)
  if (denied !== null) return denied
  state.statements.documents.set(id, newStatement(id, event.author, event.body, 1, null))
  return null
}

export const applyStatementRevised: RuleHandler<'statement.revised'> = (state, event, id) => {
  const denied = mayPropose(state, event.author, id)
  if (denied !== null) return denied
  const previous = statementOf(state, event.body.previous, id)
  if ('ok' in previous) return previous
  if (previous.adopted === null) {
    return reject(
      'statement.not-adopted',
      'only an adopted statement is revised; amend a draft instead',
      id,
    )
  }
  if (previous.next !== null)
    return reject(
      'statement.superseded',
      `this statement was already revised by ${previous.next}`,
      id,
    )
  const { previous: _previous, ...document } = event.body
  state.statements.documents.set(
    id,
    newStatement(id, event.author, document, previous.version + 1, previous.id),
  )
  previous.next = id
  return null
}

export const applyParagraphAmended: RuleHandler<'statement.paragraph-amended'> = (
  state,
  event,
  id,
) => {
  const statement = changeableDraft(state, event.body.statement, event.author, id)
  if ('ok' in statement) return statement
  const { number, text } = event.body
  const count = statement.paragraphs.length
  if (number > count + 1) {
    return reject(
      'statement.bad-paragraph',
      `the statement has ${count} paragraphs; amend 1 to ${count}, or add ${count + 1}`,
      id,
    )
  }
  statement.paragraphs[number - 1] = { text, revision: id }
  touch(statement, id)
  return null
}

export const applyStatementAmended: RuleHandler<'statement.amended'> = (state, event, id) => {
  const statement = changeableDraft(state, event.body.statement, event.author, id)
  if ('ok' in statement) return statement
  const { title, lead, closing, references, notes } = event.body
  const frameChanged =
    title !== statement.title ||
    lead.join('\n') !== statement.lead.join('\n') ||
    closing.join('\n') !== statement.closing.join('\n')
  statement.title = title
  statement.lead = lead
  statement.closing = closing
  statement.references = references
  statement.notes = notes
  if (frameChanged) statement.frameRevision = id
  touch(statement, id)
  return null
}

export const applyStatementAdopted: RuleHandler<'statement.adopted'> = (state, event, id) => {
  if (!isFacilitator(state, event.author))
    return reject('member.not-facilitator', "only a facilitator records the space's decision", id)
  const statement = statementOf(state, event.body.statement, id)
  if ('ok' in statement) return statement
  if (statement.adopted !== null)
    return reject('statement.already-adopted', `adopted already by ${statement.adopted.event}`, id)
  const wanted: PollSubject = {
    kind: 'statement',
    statement: statement.id,
    revision: currentRevision(statement),
  }
  // A poll names one statement, which is adopted once: no poll can adopt two.
  const poll = adoptingPoll(state, event.body.poll, wanted, id)
  if ('ok' in poll) return poll
  statement.adopted = { event: id, poll: poll.id }
  return null
}

export const applyStatementTranslated: RuleHandler<'statement.translated'> = (state, event, id) => {
  const statement = statementOf(state, event.body.statement, id)
  if ('ok' in statement) return statement
  const { language, title, lead, paragraphs, closing, status } = event.body
  if (language === statement.language)
    return reject('statement.bad-translation', `${language} is the original language`, id)
  const mismatch =
    paragraphs.length !== statement.paragraphs.length
      ? `${paragraphs.length} paragraphs for the original's ${statement.paragraphs.length}`
      : lead.length !== statement.lead.length
        ? `${lead.length} lead lines for the original's ${statement.lead.length}`
        : closing.length !== statement.closing.length
          ? `${closing.length} closing lines for the original's ${statement.closing.length}`
          : null
  if (mismatch !== null)
    return reject(
      'statement.bad-translation',
      `a translation is aligned with its original: ${mismatch}`,
      id,
    )
  statement.translations.set(language, {
    language,
    translator: event.author,
    event: id,
    status,
    title,
    lead,
    paragraphs,
    closing,
    basis: statement.paragraphs.map((p) => p.revision),
    frameBasis: statement.frameRevision,
  })
  return null
}

export const applyCosignDecided: RuleHandler<'statement.cosign-decided'> = (state, event, id) => {
  if (!isFacilitator(state, event.author))
    return reject('member.not-facilitator', "only a facilitator records the space's decision", id)
  if (event.body.space === state.space)
    return reject('statement.bad-cosign', 'a space does not co-sign its own statement', id)
  const { space, statement } = event.body
  const poll = adoptingPoll(state, event.body.poll, { kind: 'cosign', space, statement }, id)
  if ('ok' in poll) return poll
  for (const decision of state.statements.cosignDecisions.values()) {
    if (decision.statement === event.body.statement)
      return reject('statement.already-cosigned', `decided already by ${decision.id}`, id)
  }
  state.statements.cosignDecisions.set(id, { id, ...event.body })
  return null
}

export const applyStatementCosigned: RuleHandler<'statement.cosigned'> = (
  state,
  event,
  id,
  context,
) => {
  const statement = statementOf(state, event.body.statement, id)
  if ('ok' in statement) return statement
  if (statement.adopted === null)
    return reject('statement.not-adopted', 'a statement is co-signed once it is adopted', id)
  const decision = context.foreign.get(event.body.decision)
  if (decision === undefined) {
    return reject(
      'reference.missing',
      `the referenced event ${event.body.decision} is not here yet`,
      id,
    )
  }
  if (
    decision.type !== 'statement.cosign-decided' ||
    decision.space !== event.body.space ||
    decision.body.space !== state.space ||
    decision.body.statement !== statement.id
  ) {
    return reject(
      'reference.wrong-kind',
      `the decision must be a statement.cosign-decided of ${event.body.space} naming this statement`,
      id,
    )
  }
  if (statement.cosigners.has(event.body.space))
    return reject('statement.already-cosigned', `${event.body.space} has co-signed already`, id)
  statement.cosigners.set(event.body.space, {
    event: id,
    decision: event.body.decision,
    poll: decision.body.poll,
  })
  return null
}
