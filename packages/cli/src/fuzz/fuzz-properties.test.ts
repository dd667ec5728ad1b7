// Properties of every parser that takes outside input, in every `npm test` run: whatever the bytes
// (random ones, and random edits of real inputs: the seeds of fuzz/seeds/), each target returns a
// refusal with a message or carries the input on, and never throws. `npm run fuzz` explores the
// same targets longer, guided by coverage (docs/fuzzing.md).
import fc from 'fast-check'
import { expect, test } from 'vitest'
import { readInputs } from './fuzz-files.js'
import { FuzzRandom, mutate } from './mutate.js'
import { FUZZ_TARGETS } from './targets.js'

const encoder = new TextEncoder()

for (const target of FUZZ_TARGETS) {
  test(`${target.name}: ${target.description}: never throws on random bytes or edited seeds`, async () => {
    const seeds = readInputs(`seeds/${target.name}/`)
    expect(seeds.length).toBeGreaterThan(0)
    const dictionary = target.dictionary.map((word) => encoder.encode(word))
    const edited = fc
      .tuple(fc.nat(seeds.length - 1), fc.nat(seeds.length - 1), fc.integer())
      .map(([a, b, seed]) =>
        mutate(new FuzzRandom(seed), seeds[a]!, seeds[b]!, dictionary, target.maxLength),
      )
    const random = fc.uint8Array({ maxLength: 512 })
    await fc.assert(
      fc.asyncProperty(fc.oneof(edited, edited, random), async (input) => {
        await target.run(input)
      }),
      { numRuns: 150 },
    )
  })
}
