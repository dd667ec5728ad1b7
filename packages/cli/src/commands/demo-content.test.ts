// What `veche demo` writes is what members read in the app and on the hub's pages, as plain text:
// no Markdown (the app shows texts as written, so `veche demo` between backticks showed its
// backticks: #16), and each member named as people name them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, test } from 'vitest'
import { cliOn } from '../test-support/cli-processes.js'

const root = mkdtempSync(join(tmpdir(), 'veche-demo-content-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('demo: the assembly, council and statement texts carry no Markdown backticks', async () => {
  const cli = cliOn(root, join(root, 'data'))
  const demo = await cli.json<{ space: string; statement: string; council: string }>(
    'aigerim',
    'demo',
  )
  const texts = [
    await cli.ok('aigerim', '--json', 'show', '--space', demo.space),
    await cli.ok('aigerim', '--json', 'show', '--space', demo.council),
    await cli.ok('aigerim', '--json', 'statement', 'show', '--statement', demo.statement),
  ]
  for (const text of texts) expect(text).not.toContain('`')
  expect(texts[0]).toContain('A demo assembly, made by the command veche demo.')
})
