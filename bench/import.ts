// Import throughput on the largest official file the importers read (O*NET Alternate
// Titles, 56,560 rows), next to PostgreSQL COPY of the same rows in the same run.
// Needs DATABASE_URL (a PostgreSQL; its database is used only to create and drop
// `<name>_bench`) and the data files in ../shared/data or CAREER_FACTS_DATA.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { admin, databaseName, withDatabase } from '../src/db/admin.js'
import { connect } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { importFile } from '../src/import/index.js'
import { seed } from '../src/seed/load.js'

const url = process.env.DATABASE_URL
const DATA = path.resolve(process.env.CAREER_FACTS_DATA ?? '../shared/data')
const LARGEST = path.join(DATA, 'onet_29_2', 'Alternate Titles.txt')

if (url === undefined || url === '') {
  process.stderr.write('bench:import needs PostgreSQL: set DATABASE_URL=postgres://… (COPY is measured on the same server)\n')
  process.exit(2)
}
if (!existsSync(LARGEST)) {
  process.stderr.write(`bench:import needs the official files: ${LARGEST} is missing (set CAREER_FACTS_DATA)\n`)
  process.exit(2)
}

const benchName = `${databaseName(url)}_bench`
const benchUrl = withDatabase(url, benchName)

/** COPY text format: tabs, newlines and backslashes escaped. */
function copyLine (values: Array<string | number>): string {
  const escaped = values.map((value) => String(value)
    .replace(/\\/g, '\\\\')
    .replace(/\t/g, '\\t')
    .replace(/\n/g, '\\n'))
  return `${escaped.join('\t')}\n`
}

await admin(url, [`drop database if exists "${benchName}"`, `create database "${benchName}"`])
const handle = await connect({ databaseUrl: benchUrl, poolMax: 2 })
try {
  await migrateToLatest(handle.db)
  await seed(handle.db)
  // Careers must exist for the titles to attach to: SOC first, untimed.
  await importFile(handle.db, 'soc', path.join(DATA, 'soc', 'soc_2018_definitions.xlsx'))

  let started = performance.now()
  const summary = await importFile(handle.db, 'onet', LARGEST)
  const importSeconds = (performance.now() - started) / 1000
  const rowsRead = summary.rowsRead
  const totals = summary.totals

  started = performance.now()
  const again = await importFile(handle.db, 'onet', LARGEST)
  const againSeconds = (performance.now() - started) / 1000

  // The rows the import wrote, copied into a table with the same columns, indexes and
  // generated search vector, so the database does the same work per row.
  const rows = await handle.db.selectFrom('career_alternate_title').select(['career_id', 'title', 'source_id'])
    .where('source_id', '=', (eb) => eb.selectFrom('source').select('id').where('slug', 'like', 'onet-%').limit(1))
    .orderBy('id').execute()
  const client = new pg.Client({ connectionString: benchUrl })
  await client.connect()
  try {
    await client.query('create table bench_copy (like career_alternate_title including all)')
    started = performance.now()
    const lines = rows.map((row) => copyLine([row.career_id, row.title, row.source_id ?? '']))
    await pipeline(
      Readable.from(lines),
      client.query(copyFrom('copy bench_copy (career_id, title, source_id) from stdin')),
    )
    const copySeconds = (performance.now() - started) / 1000

    const importRate = rowsRead / importSeconds
    const copyRate = rows.length / copySeconds
    const count = (n: number): string => n.toLocaleString('en-US')
    process.stdout.write([
      `file: ${path.relative(process.cwd(), LARGEST)} (${count(rowsRead)} rows read; ` +
        `${count(totals.inserted)} inserted, ${totals.skipped} skipped)`,
      `import, first run:     ${importSeconds.toFixed(2)} s = ${count(Math.round(importRate))} rows/s ` +
        '(read, parse, map to careers, upsert, one transaction)',
      `import, second run:    ${againSeconds.toFixed(2)} s = ${count(Math.round(rowsRead / againSeconds))} rows/s ` +
        `(${again.totals.inserted} inserted, ${count(again.totals.unchanged)} unchanged)`,
      `COPY of the same rows: ${copySeconds.toFixed(2)} s = ${count(Math.round(copyRate))} rows/s ` +
        `(${count(rows.length)} rows into a copy of the table with its indexes)`,
      `ratio COPY / import:   ${(copyRate / importRate).toFixed(1)}×`,
      '',
    ].join('\n'))
  } finally {
    await client.end()
  }
} finally {
  await handle.close()
  await admin(url, [`drop database if exists "${benchName}"`])
}
