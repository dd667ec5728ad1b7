// The decision methods whose ballots rank options, apart from event-bodies.ts (the schemas, and so
// zod) because the fold checks ballots with it during a replay, which parses no event body.
import type { DecisionMethod } from './poll-fields.js'

/** Methods whose ballots rank options: `{ "ranking": [option, …] }`. */
export const RANKING_METHODS: readonly DecisionMethod[] = [
  'borda',
  'irv',
  'scottish-stv',
  'meek-stv',
  'schulze',
]
