// The shape of a ballot's `vote` for each decision method, checked by hand rather than with zod:
// the fold checks every ballot it replays, and loading zod cost a process that only replays its
// store (`veche show`) more than the rest of its start. These checks must accept exactly what the
// zod schemas they replaced accepted and give the same values back (vote-shapes.test.ts holds
// them to those schemas on arbitrary JSON), since a vote accepted once must replay the same way
// on every hub, old or new:
//
//   majority  z.strictObject({ choice: z.string().nullable() })
//   consent   z.union([z.strictObject({ position: z.enum(['agree', 'abstain', 'disagree']),
//               reason: z.string().max(2000) }), z.strictObject({ position: z.literal('block'),
//               reason: z.string().max(2000).refine((s) => s.trim().length > 0) })])
//   ranking   z.strictObject({ ranking: z.array(z.string()).max(100) })
//   approval  z.strictObject({ approve: z.array(z.string()).max(100) })
//   score     z.strictObject({ scores: z.record(z.string(), z.number().int()) })
//
// zod's rules kept here: an object is any non-null, non-array object; a strict object refuses any
// enumerable key (own or inherited, `__proto__` included) beyond its own; `int()` means a safe
// integer; a record skips an own `__proto__` key without checking or copying it.

/** A majority vote: an option, or null to abstain. */
export interface MajorityVote {
  choice: string | null
}

/** A consent vote: a block needs a reason that is not blank. */
export type ConsentVote =
  | { position: 'agree' | 'abstain' | 'disagree'; reason: string }
  | { position: 'block'; reason: string }

/** A ranked vote, best first (empty to abstain). */
export interface RankingVote {
  ranking: string[]
}

/** An approval vote (empty to abstain). */
export interface ApprovalVote {
  approve: string[]
}

/** A score vote: whole numbers by option. */
export interface ScoreVote {
  scores: Record<string, number>
}

const MAX_REASON = 2000
const MAX_LISTED = 100

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Whether `value` is an object with no enumerable key but `allowed` (zod's strict object). */
function hasOnlyKeys(value: Record<string, unknown>, allowed: readonly string[]): boolean {
  for (const key in value) if (!allowed.includes(key)) return false
  return true
}

/** The vote as a majority vote, or null when it is not one. */
export function readMajorityVote(vote: unknown): MajorityVote | null {
  if (!isObject(vote) || !hasOnlyKeys(vote, ['choice'])) return null
  const choice = vote.choice
  return typeof choice === 'string' || choice === null ? { choice } : null
}

/** The vote as a consent vote, or null when it is not one. */
export function readConsentVote(vote: unknown): ConsentVote | null {
  if (!isObject(vote) || !hasOnlyKeys(vote, ['position', 'reason'])) return null
  const { position, reason } = vote
  if (typeof reason !== 'string' || reason.length > MAX_REASON) return null
  if (position === 'agree' || position === 'abstain' || position === 'disagree')
    return { position, reason }
  if (position === 'block' && reason.trim().length > 0) return { position, reason }
  return null
}

/** The list of names under `key` (`ranking` or `approve`), copied, or null when it is not one. */
function readNames(vote: unknown, key: 'ranking' | 'approve'): string[] | null {
  if (!isObject(vote) || !hasOnlyKeys(vote, [key])) return null
  const names = vote[key]
  if (!Array.isArray(names) || names.length > MAX_LISTED) return null
  const copy: string[] = []
  for (let i = 0; i < names.length; i++) {
    const name: unknown = names[i]
    if (typeof name !== 'string') return null
    copy.push(name)
  }
  return copy
}

/** The vote as a ranked vote, or null when it is not one. */
export function readRankingVote(vote: unknown): RankingVote | null {
  const ranking = readNames(vote, 'ranking')
  return ranking === null ? null : { ranking }
}

/** The vote as an approval vote, or null when it is not one. */
export function readApprovalVote(vote: unknown): ApprovalVote | null {
  const approve = readNames(vote, 'approve')
  return approve === null ? null : { approve }
}

/** The vote as a score vote, or null when it is not one. */
export function readScoreVote(vote: unknown): ScoreVote | null {
  if (!isObject(vote) || !hasOnlyKeys(vote, ['scores'])) return null
  const given = vote.scores
  if (!isObject(given)) return null
  const scores: Record<string, number> = {}
  for (const key of Reflect.ownKeys(given)) {
    if (key === '__proto__' || !Object.prototype.propertyIsEnumerable.call(given, key)) continue
    if (typeof key !== 'string') return null
    const n: unknown = given[key]
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) return null
    scores[key] = n
  }
  return { scores }
}
