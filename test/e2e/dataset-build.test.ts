// The committed national dataset is what `career-facts dataset build` makes of the official
// files in ../shared/data (or CAREER_FACTS_DATA), byte for byte: a rebuild from the same
// files is identical. Skipped where the files are absent. Here rather than in both database
// passes: the build always runs on a new in-memory embedded database.
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import t from 'tap'
import { buildSnapshot } from '../../src/datasets/build.js'
import { SNAPSHOT_PATH } from '../../src/datasets/snapshot.js'

const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')

if (!existsSync(path.join(DATA, 'oews', 'national_M2024_dl.xlsx'))) {
  t.pass(`skipped: no official data files in ${DATA}`)
} else {
  // Importing every real file takes a minute or more on a shared 2-core machine.
  t.setTimeout(900_000)
  t.test('a fresh build from the official files equals the committed snapshot', async (t) => {
    const { bytes, snapshot } = await buildSnapshot(DATA)
    const committed = await readFile(SNAPSHOT_PATH)
    t.equal(bytes.length, committed.length, 'the same size')
    t.ok(bytes.equals(committed), 'the same bytes: run `npm run dataset:build` after changing an importer')
    t.equal(snapshot.manifest.counts.career, 867 + 12, 'every detailed occupation, and the 12 groups BLS publishes')
  })
}
