// How a delegate must vote on a council poll: named apart from the event bodies, since both a
// `mandate.decided` body and a poll's `mandate` subject (poll-subject.ts) state one.

/** How a delegate must vote on a council poll. */
export const MANDATE_POSITIONS = ['for', 'against', 'abstain', 'free'] as const
export type MandatePosition = (typeof MANDATE_POSITIONS)[number]
