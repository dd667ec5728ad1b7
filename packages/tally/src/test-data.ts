/// <reference types="node" />
/* eslint-disable no-restricted-imports -- a test-only helper; the library itself never imports it */
// Test helper: reads the shared real-world election data (../shared/data from the repository root).
// Only tests import this file; it is the one place in tally that touches the file system.
import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')
export const electionsDir = join(repoRoot, '..', 'shared', 'data', 'elections')

/** Bytes of a file under the elections data folder. */
export function readElectionBytes(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(electionsDir, path)))
}

/** A JSON file under the elections data folder. */
export function readElectionJson<T>(path: string): T {
  return JSON.parse(readFileSync(join(electionsDir, path), 'utf8')) as T
}
