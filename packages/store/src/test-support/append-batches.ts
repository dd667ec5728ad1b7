// A writer process for the SQLite crash and concurrency tests, run from the built dist folder:
//   node append-batches.js FILE BATCH_SIZE AUTHOR_LABEL BATCHES
// Appends BATCHES batches of BATCH_SIZE events (0: until killed) by one author to one space, and
// prints the number of batches appended after each append resolves, so every number printed
// counts batches that must survive a kill.
import { openSqliteStore } from '../sqlite-event-store.js'
import { sampleEvents, sampleSpace, sampleAuthor } from './sample-events.js'

const [file, size, label, batches] = process.argv.slice(2)
if (file === undefined || size === undefined || label === undefined || batches === undefined) {
  process.stderr.write('usage: append-batches FILE BATCH_SIZE AUTHOR_LABEL BATCHES\n')
  process.exit(2)
}
const batchSize = Number(size)
const limit = Number(batches) === 0 ? Number.POSITIVE_INFINITY : Number(batches)
const space = sampleSpace('crash')
const author = sampleAuthor(label)

const store = await openSqliteStore(file)
for (let batch = 0; batch < limit; batch++) {
  const events = sampleEvents(space, author, batch * batchSize + 1, batchSize, (seq) => ({
    batch,
    text: `event ${seq} of a batch appended by ${label}`,
  }))
  await store.append(events)
  process.stdout.write(`${batch + 1}\n`)
}
await store.close()
