// One secret poll sealed at once on two hubs, carried both ways by bundles, through the `veche`
// command as real processes (issue #12, property 4): `veche verify` prints the same state hash on
// both data folders and `veche show` the same result, the seal with the lower id counting, and
// lists the other seal with its own count's result (docs/events.md, "Two seals of a secret poll").
// The events are signed through the store, as the two hubs would have taken them.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeEventId } from '@veche/core'
import { afterAll, expect, test } from 'vitest'
import { sealOnTwoHubs } from '../../store/src/test-support/two-sealers.js'
import { hubAt, swapBundles, verifiedStates } from './test-support/two-hubs.js'

const root = mkdtempSync(join(tmpdir(), 'veche-two-seals-cli-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

test('veche: two seals of one secret poll on two hubs, carried both ways by bundles: verify prints one hash and show one result on both', async () => {
  const [dataA, dataB] = [join(root, 'a'), join(root, 'b')]
  const [a, b] = [await hubAt(dataA), await hubAt(dataB)]
  const { p, one, two } = await sealOnTwoHubs(a, b)
  await Promise.all([a.store.close(), b.store.close()])
  const [winner, loser] =
    computeEventId(one.seal) < computeEventId(two.seal) ? [one, two] : [two, one]

  const [cliA, cliB] = await swapBundles(root, dataA, dataB)
  const verified = await verifiedStates([cliA, cliB])
  expect(verified[0]).toEqual([expect.any(String), expect.any(String)])
  expect(verified[1]).toEqual(verified[0])
  const shown = await Promise.all(
    [cliA, cliB].map(async (cli) => {
      const run = await cli.run(['show', '--space', p.space])
      expect(run.code).toBe(0)
      const lines = run.out.split('\n')
      const at = lines.findIndex((l) => l.includes(p.poll))
      return lines.slice(at, at + 8).filter((l) => /result:|superseded/.test(l))
    }),
  )
  const winning = (winner.count.body.result as { winner: string }).winner
  const losing = (loser.count.body.result as { winner: string }).winner
  expect(shown[0]).toEqual([
    expect.stringContaining(`result: adopted — "${winning}"`),
    expect.stringContaining(
      `superseded seal ${computeEventId(loser.seal)} by ${loser.seal.author.slice(0, 8)}…: 3 ballot(s), result: adopted — "${losing}" (seal ${computeEventId(winner.seal)} has the lower id and counts)`,
    ),
  ])
  expect(shown[1]).toEqual(shown[0])
}, 120_000)
