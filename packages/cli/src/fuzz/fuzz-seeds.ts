// Writes the fuzzer's starting inputs (fuzz/seeds/<target>/) and the demo hub's events
// (fuzz/fixture/demo-events.ndjson) once; they are committed, so a run and `npm test` start from
// the same inputs on every machine. Run again after a format changes:
//
//   node packages/cli/dist/fuzz/fuzz-seeds.js [SHARED_DATA_FOLDER]
//
// The seeds are small excerpts: real published ballots (Scottish council STV, Debian leader
// elections, Pol.is conversations, whose sources and licences ../shared/data/README.md gives) cut
// to a few hundred lines, and the demo hub's signed events.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createParallelVerifier, Ledger, openSqliteStore } from '@veche/store'
import { encodeBundle } from '../bundle-file.js'
import { seedDemo } from '../commands/demo-command.js'
import { splitIntoQrTexts } from '../qr-series.js'
import { FUZZ_DIR } from './fuzz-files.js'

const shared = process.argv[2] ?? new URL('../../../../../shared/data/', import.meta.url).pathname

function put(target: string, name: string, content: string | Uint8Array): void {
  const folder = new URL(`seeds/${target}/`, FUZZ_DIR)
  mkdirSync(folder, { recursive: true })
  writeFileSync(new URL(name, folder), content)
}

/** The first `n` lines of a text file of the shared data. */
function head(path: string, n: number): string {
  return `${readFileSync(join(shared, path), 'utf8').split('\n').slice(0, n).join('\n')}\n`
}

async function demoEvents(): Promise<{ json: string; space: string }[]> {
  const dir = mkdtempSync(join(tmpdir(), 'veche-fuzz-seeds-'))
  try {
    const store = await openSqliteStore(join(dir, 'veche.db'))
    const verifier = createParallelVerifier()
    const ledger = new Ledger(store, verifier)
    await seedDemo(ledger, dir)
    const events: { json: string; space: string }[] = []
    for await (const event of store.readAll()) events.push({ json: event.json, space: event.space })
    await store.close()
    await verifier.close()
    return events
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const events = await demoEvents()
mkdirSync(new URL('fixture/', FUZZ_DIR), { recursive: true })
writeFileSync(
  new URL('fixture/demo-events.ndjson', FUZZ_DIR),
  events.map((e) => `${e.json}\n`).join(''),
)

// one seed per event type, and a batch
const byType = new Map<string, string>()
for (const event of events)
  byType.set((JSON.parse(event.json) as { type: string }).type, event.json)
for (const [type, json] of byType) put('event', `${type}.json`, json)
put(
  'event',
  'batch.json',
  `{"events":[${events
    .slice(0, 5)
    .map((e) => e.json)
    .join(',')}]}`,
)

const bundle = encodeBundle(
  events.slice(0, 12).map((e) => ({ json: e.json, space: e.space })),
).bytes
put('bundle', 'demo.bundle', bundle)
put(
  'qr',
  'demo.txt',
  splitIntoQrTexts(bundle, 300)
    .map((code) => code.text)
    .join('\n'),
)

put(
  'blt',
  'aberdeen-2017-ward11-head.blt',
  head('elections/scotland-2017/aberdeen-2017-ward11.blt', 200),
)
put(
  'blt',
  'small.blt',
  '4 2\n-4\n3 1 2 0\n4 1 2 3 0\n2 4 1 0\n1 2 =3 0\n0\n"Ana"\n"Bo"\n"Cy"\n"Dee"\n"Small"\n',
)
put('debian', 'leader2007-head.txt', head('elections/debian/leader2007_tally.txt', 120))
put(
  'json-ballots',
  'every-kind.json',
  JSON.stringify({
    format: 'veche-ballots/1',
    title: 'Delegates',
    candidates: ['Ana', 'Bo', 'Cy'],
    seats: 2,
    withdrawn: ['Cy'],
    ballots: [
      { ranking: ['Ana', ['Bo', 'Cy']], weight: 3 },
      { ranking: ['Bo', 'Ana'] },
      { ranking: ['Cy'] },
    ],
  }),
)
put(
  'json-ballots',
  'scores.json',
  JSON.stringify({
    candidates: ['Ana', 'Bo'],
    ballots: [{ scores: { Ana: 5, Bo: 2 } }, { scores: { Bo: 4 } }],
  }),
)
put(
  'polis-opendata',
  'vtaiwan-head.txt',
  `${head('polis/vtaiwan.uberx/comments.csv', 40)}\f${head('polis/vtaiwan.uberx/votes.csv', 400)}`,
)
{
  const folder = 'polis/reddwarf-below-100-ptpts/'
  const comments = (
    JSON.parse(readFileSync(join(shared, folder, 'comments.json'), 'utf8')) as unknown[]
  ).slice(0, 20)
  const votes = (
    JSON.parse(readFileSync(join(shared, folder, 'votes.json'), 'utf8')) as unknown[]
  ).slice(0, 300)
  put(
    'polis-reddwarf',
    'below-100-head.txt',
    `${JSON.stringify(comments)}\f${JSON.stringify(votes)}`,
  )
}
process.stdout.write(
  `wrote ${events.length} demo events and the seeds under ${FUZZ_DIR.pathname}\n`,
)
