// A poll's subject in words, apart from poll-subject.ts (its schema, and so zod): the rules use
// it in rejection messages during a replay, which parses nothing.
import type { PollSubject } from './poll-subject.js'
import { assertNever } from './result.js'

/** What a poll was about, in words, for rejection messages. */
export function describePollSubject(subject: PollSubject | null): string {
  if (subject === null) return 'a plain question that names no subject'
  switch (subject.kind) {
    case 'proposal':
      return `proposal ${subject.proposal}`
    case 'statement':
      return `statement ${subject.statement} at revision ${subject.revision}`
    case 'cosign':
      return `co-signing statement ${subject.statement} of space ${subject.space}`
    case 'join':
      return `joining council ${subject.council}`
    case 'leave':
      return `leaving council ${subject.council}`
    case 'mandate':
      return `the mandate "${subject.position}" on poll ${subject.councilPoll} of council ${subject.council}`
    case 'referral':
      return `answering referral ${subject.referral} of council ${subject.council}`
    default:
      return assertNever(subject)
  }
}
