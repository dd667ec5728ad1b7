// The statements section of an assembly: its statements and resolutions, and drafting a new one.
import type { SpaceState } from '@veche/core'

export function StatementsSection({ state }: { readonly state: SpaceState }) {
  if (state.statements.documents.size === 0) return null
  return null
}
