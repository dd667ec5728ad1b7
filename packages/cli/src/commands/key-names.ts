// Public keys as people read them: a member's name with the key shortened beside it
// (`Bolat (mUZJLsmj…)`, as `show` shortens the other keys it prints), and the key in full where no
// name is known here, so that it can still be copied into a command. `--json` keeps full keys.
import type { SpaceState } from '@veche/core'

/** Prints a key (or any option text) as people read it; a text that is no known key is kept. */
export type KeyLabel = (text: string) => string

/** The names the members of `states` go by (where two spaces name a key, the first wins). */
export function keyLabels(states: readonly (SpaceState | null)[]): KeyLabel {
  const names = new Map<string, string>()
  for (const state of states)
    for (const [key, member] of state?.members ?? [])
      if (!names.has(key)) names.set(key, member.name)
  return (text) => {
    const name = names.get(text)
    return name === undefined ? text : `${name} (${text.slice(0, 8)}…)`
  }
}

/** No names known: every text as it is. */
export const plainLabel: KeyLabel = (text) => text
