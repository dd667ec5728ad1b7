/// <reference types="node" />
/* eslint-disable no-restricted-imports -- a test-only helper; the library itself never imports it */
// Test helper: reads the Pol.is conversations of the shared real-world data (../shared/data/polis
// from the repository root), whichever export format each folder holds, and the Pol.is math
// server's output where a folder has it. Only tests import this file.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { readOpenDataExport, readRedDwarfExport } from './polis-export.js'
import type { PolisConversation } from './polis-export.js'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const polisDir = join(repoRoot, '..', 'shared', 'data', 'polis')

/** Folder names of every shared Pol.is conversation. */
export function polisConversationNames(): string[] {
  return readdirSync(polisDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

function text(name: string, file: string): string | undefined {
  const path = join(polisDir, name, file)
  return existsSync(path) ? readFileSync(path, 'utf8') : undefined
}

/**
 * Reads a shared conversation: red-dwarf JSON, or openData with votes.csv (or, with
 * `participantsVotes`, participants-votes.csv). Throws on a reader failure.
 */
export function readPolisConversation(
  name: string,
  options: { readonly participantsVotes?: boolean } = {},
): PolisConversation {
  const votesJson = text(name, 'votes.json')
  const outcome =
    votesJson !== undefined
      ? readRedDwarfExport({
          'comments.json': text(name, 'comments.json') ?? '',
          'votes.json': votesJson,
        })
      : options.participantsVotes === true || text(name, 'votes.csv') === undefined
        ? readOpenDataExport({
            'comments.csv': text(name, 'comments.csv') ?? '',
            'participants-votes.csv': text(name, 'participants-votes.csv'),
          })
        : readOpenDataExport({
            'comments.csv': text(name, 'comments.csv') ?? '',
            'votes.csv': text(name, 'votes.csv'),
          })
  if (!outcome.ok) throw new Error(`${name}: ${outcome.message}`)
  return outcome.report
}

/** The parts of Pol.is's math output (math-pca2.json) the checks use. */
export interface PolisMath {
  readonly 'in-conv': readonly number[]
  readonly tids: readonly number[]
  readonly pca: {
    readonly comps: readonly (readonly number[])[]
    readonly center: readonly number[]
  }
  readonly 'base-clusters': {
    readonly id: readonly number[]
    readonly members: readonly (readonly number[])[]
    readonly x: readonly number[]
    readonly y: readonly number[]
  }
  readonly 'group-clusters': readonly { readonly id: number; readonly members: readonly number[] }[]
  readonly repness: Readonly<
    Record<
      string,
      readonly {
        readonly tid: number
        readonly 'repful-for': 'agree' | 'disagree'
        readonly 'n-success': number
        readonly 'n-trials': number
        readonly 'p-success': number
        readonly 'p-test': number
        readonly repness: number
        readonly 'repness-test': number
      }[]
    >
  >
  readonly consensus: {
    readonly agree: readonly {
      readonly tid: number
      readonly 'n-success': number
      readonly 'n-trials': number
    }[]
    readonly disagree: readonly {
      readonly tid: number
      readonly 'n-success': number
      readonly 'n-trials': number
    }[]
  }
  readonly 'group-aware-consensus': Readonly<Record<string, number>>
}

/** Pol.is's math output for a conversation, or null when the folder has none. */
export function readPolisMath(name: string): PolisMath | null {
  const json = text(name, 'math-pca2.json')
  return json === undefined ? null : (JSON.parse(json) as PolisMath)
}

/** Pol.is's opinion group of each participant (null: not placed), from whichever source has it. */
export function polisGroupsOf(name: string): ReadonlyMap<string, number | null> | null {
  const math = readPolisMath(name)
  if (math !== null) {
    const groupOfBase = new Map<number, number>()
    for (const g of math['group-clusters']) for (const b of g.members) groupOfBase.set(b, g.id)
    const groups = new Map<string, number | null>()
    const base = math['base-clusters']
    base.id.forEach((b, i) => {
      for (const p of base.members[i] ?? []) groups.set(String(p), groupOfBase.get(b) ?? null)
    })
    return groups
  }
  if (text(name, 'participants-votes.csv') === undefined) return null
  return readPolisConversation(name, { participantsVotes: true }).polisGroups
}
