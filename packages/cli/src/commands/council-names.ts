// How a council's voters and member spaces read in `veche council show` and `veche show`: in a
// module of its own, so that `show` loads none of the council commands (and their full core).
import type { CouncilState, PublicKey, SpaceId, SpaceState } from '@veche/core/replay'
import { seatedDelegates } from '@veche/core/replay'
import type { Context } from '../context.js'
import { keyLabels } from './key-names.js'
import type { KeyLabel } from './key-names.js'

/** How a council's keys and member spaces read. */
export interface CouncilNames {
  /** A key as its member's name with the key shortened, where a space held here names it. */
  readonly label: KeyLabel
  /** A member space as its name and id where this data folder holds it, else its id. */
  readonly spaceName: (space: SpaceId) => string
}

/** The names of a council's member spaces and their members, from what this data folder holds. */
export async function councilNames(ctx: Context, state: SpaceState): Promise<CouncilNames> {
  const ledger = await ctx.ledger()
  const held = new Map(
    await Promise.all(
      [...(state.council?.spaces.keys() ?? [])].map(
        async (space) => [space, await ledger.state(space)] as const,
      ),
    ),
  )
  return {
    label: keyLabels([...held.values(), state]),
    spaceName: (space) => {
      const name = held.get(space)?.assembly?.name
      return name === undefined ? space : `${name} (space ${space})`
    },
  }
}

/** A council's seated delegates (its voters), each with the member space they sit for. */
export function seatedDelegateList(council: CouncilState): { key: PublicKey; space: SpaceId }[] {
  return seatedDelegates(council).map((key) => ({ key, space: council.delegates.get(key)!.space }))
}
