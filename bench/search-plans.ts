// Postgres execution time of the SQL that GET /v1/careers?q= really issues, for each bench
// query: EXPLAIN (ANALYZE) of every statement listCareers runs, min and median of a few runs.
//   DATABASE_URL=postgres://... npx tsx bench/search-plans.ts [runs]
import { CompiledQuery } from 'kysely'
import { SEARCH_QUERIES } from './dataset.js'
import { connect } from '../src/db/connect.js'
import { listCareers } from '../src/resources/careers/list-queries.js'
import { Recorder } from './plans.js'

const url = process.env.DATABASE_URL
if (url === undefined) throw new Error('DATABASE_URL is required')
const runs = Number(process.argv[2] ?? 5)
const handle = await connect({ databaseUrl: url, poolMax: 1 })
const recorder = new Recorder()
const db = handle.db.withPlugin(recorder)

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0
const times: number[] = []
// SEARCH_PLAN="some query" prints that query's plan instead.
const only = process.env.SEARCH_PLAN
for (const q of only === undefined ? SEARCH_QUERIES : [only]) {
  recorder.executed = []
  await listCareers(db, { q, limit: 20 })
  // The search statement; attributions' query is a lookup by key, not search.
  const query = recorder.executed[0]
  if (query === undefined) throw new Error(`no query for ${q}`)
  const compiled = handle.db.getExecutor().compileQuery(query.node, query.queryId)
  const samples: number[] = []
  for (let i = 0; i < runs; i++) {
    const result = await handle.db.executeQuery<{ 'QUERY PLAN': Array<{ 'Execution Time': number }> }>(
      CompiledQuery.raw(`explain (analyze, format json) ${compiled.sql}`, [...compiled.parameters]))
    samples.push(result.rows[0]?.['QUERY PLAN'][0]?.['Execution Time'] ?? NaN)
  }
  if (only !== undefined) {
    const plan = await handle.db.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (analyze, buffers) ${compiled.sql}`, [...compiled.parameters]))
    console.log(compiled.sql, compiled.parameters, plan.rows.map((row) => row['QUERY PLAN']).join('\n'))
  }
  times.push(median(samples))
  const min = Math.min(...samples).toFixed(2).padStart(7)
  console.log(`${q.padEnd(26)} min ${min} ms  median ${median(samples).toFixed(2).padStart(7)} ms`)
}
console.log(`${'all'.padEnd(26)} max median ${Math.max(...times).toFixed(2)} ms, ` +
  `median of medians ${median(times).toFixed(2)} ms`)
await handle.close()
