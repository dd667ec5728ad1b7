// The founder of an assembly or a council is named as people name each other, like the members
// admitted or joined under the names given (`--name Bolat`), not by their key file (`aigerim`):
// #16 found `aigerim` beside `Bolat` and `Dana` in the members of an assembly made as the README says.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cliOn } from '../test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-founder-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

interface Shown {
  readonly members: Record<string, { readonly name: string }>
}

test('founder: named like the members admitted after them, unless they give their own name', async () => {
  const cli = cliOn(root, join(root, 'data'))
  await cli.ok('aigerim', 'id', 'new', 'aigerim')
  const bolat = await cli.ok('bolat', 'id', 'new', 'bolat')
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', "Workers' assembly")
  await cli.ok('aigerim', 'admit', '--space', space, '--key', bolat, '--name', 'Bolat')
  const shown = await cli.json<Shown>('aigerim', 'show', '--space', space)
  expect(Object.values(shown.members).map((m) => m.name)).toEqual(['Aigerim', 'Bolat'])

  const council = await cli.ok(
    'aigerim',
    'council',
    'create',
    '--name',
    'City council',
    '--seats-per-space',
    '1',
  )
  const convened = await cli.json<Shown>('aigerim', 'show', '--space', council)
  expect(Object.values(convened.members).map((m) => m.name)).toEqual(['Aigerim'])

  const given = await cli.ok(
    'aigerim',
    'assembly',
    'create',
    '--name',
    'Dock',
    '--display-name',
    'aigerim k.',
  )
  const named = await cli.json<Shown>('aigerim', 'show', '--space', given)
  expect(Object.values(named.members).map((m) => m.name)).toEqual(['aigerim k.'])
})
