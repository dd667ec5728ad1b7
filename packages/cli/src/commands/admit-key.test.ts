// `veche admit --key` with something that is not a key says what to give: the README's tour once
// showed `--key <bolat's public key>`, and the refusal, `is not a public key (43 characters)`,
// read as if the text given were 43 characters long. A local identity's name (the slip of
// someone following the tour in one folder) is answered with that identity's public key.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cliOn } from '../test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-admit-key-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('admit: a placeholder or an identity name as --key is refused with what to give instead', async () => {
  const cli = cliOn(root, join(root, 'hall'))
  await cli.ok('aigerim', 'id', 'new', 'aigerim')
  const bolat = await cli.ok('bolat', 'id', 'new', 'bolat')
  const space = await cli.ok('aigerim', 'assembly', 'create', '--name', "Workers' assembly")
  const admit = (key: string) =>
    cli.run(['--as', 'aigerim', 'admit', '--space', space, '--key', key, '--name', 'Bolat'])

  const placeholder = await admit("<bolat's public key>")
  expect(placeholder.code).toBe(1)
  expect(placeholder.err).toBe(
    `veche: --key: "<bolat's public key>" is not a public key: give the 43 characters ` +
      "`veche id new` printed on the new member's device (`veche id list` prints this folder's)",
  )
  const name = await admit('bolat')
  expect(name.code).toBe(1)
  expect(name.err).toBe(
    `veche: --key: "bolat" is the name of an identity in this folder, not a key: give its public key, --key ${bolat}`,
  )
  // Nothing was signed: the one that follows the hint admits him.
  expect((await admit(bolat)).out).toBe(`admitted Bolat (${bolat})`)
})
