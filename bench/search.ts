// `npm run bench:search`: does career search put first the occupation a person means? Each
// judged query of bench/search-queries.json goes through the app in-process, as a partner's
// client sends it (GET /v1/careers?q=…&kind=occupation,group, the default page of 20,
// accepting gzip), over the real official data; per query it prints the rank of the judged
// code, the top three titles and the latency, then hit@1, hit@3, MRR and latency p50/p99
// over the distinct queries. Targets: hit@1 ≥ 90 %, hit@3 ≥ 98 %, p99 ≤ 50 ms on Postgres.
// Then the sorted and filtered lists (100 distinct), computed: their p50 and p99.
//
// Data: ../shared/data or CAREER_FACTS_DATA, imported whole as `import all` does (skipped with
// a message when the folder is absent). Database: with DATABASE_URL, the scratch database
// `<name>_search` on that server, made and imported on the first run and reused while it
// holds an import of the same files (BENCH_SEARCH_FRESH=1 imports again; drop it with
// `dropdb <name>_search`); without, the embedded database (PGlite) in memory, imported on
// each run (≈45 s), or in PGLITE_DIR, kept and reused the same way.
// Knobs: BENCH_SEARCH_RUNS (timed runs per query, 5; the latency is their median),
// BENCH_SEARCH_QUERIES (another file of judged queries in the same layout, e.g. a held-out
// set), BENCH_SEARCH_ONLY (one query: prints its first page with scores and what matched).
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import { buildApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { databaseName, withDatabase } from '../src/db/admin.js'
import { connect, type DatabaseHandle, type Db } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { importFolder } from '../src/import/all.js'
import { isEmpty, seed } from '../src/seed/load.js'
import {
  QUERIES_FILE, describe, figures, judge, judgedQueries, listPage, percentileOf, search,
} from './search-judge.js'

/** The app as the server builds it, without the answer cache (every search is computed). */
async function searchApp (handle: DatabaseHandle): Promise<FastifyInstance> {
  return buildApp({
    config: { ...loadConfig({}), logLevel: 'silent', cacheEnabled: false, rateLimitMax: 1_000_000_000 },
    db: handle.db,
    readDb: handle.readDb,
    changes: handle.changes,
    poolStats: handle.poolStats,
  })
}

/** Names, sizes and times of the data files: an import of other files is not reused. */
function fingerprint (folder: string): string {
  const hash = createHash('sha256')
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const file = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(file)
      else {
        const { size, mtimeMs } = statSync(file)
        hash.update(`${path.relative(folder, file)}\0${size}\0${Math.trunc(mtimeMs)}\n`)
      }
    }
  }
  walk(folder)
  return `search bench import ${hash.digest('hex').slice(0, 16)}`
}

async function importedAs (db: Db): Promise<string | null> {
  const row = await sql<{ note: string | null }>`select shobj_description(
    (select oid from pg_database where datname = current_database()), 'pg_database') as note`.execute(db)
  return row.rows[0]?.note ?? null
}

/** Migrated, seeded and holding the import of `folder`; imported only when it does not yet. */
async function prepare (handle: DatabaseHandle, folder: string, log: (line: string) => void): Promise<void> {
  await migrateToLatest(handle.db)
  const mark = fingerprint(folder)
  if (await importedAs(handle.db) === mark) return
  if (!await isEmpty(handle.db)) {
    throw new Error('the bench database holds other data: drop it, or set BENCH_SEARCH_FRESH=1')
  }
  const started = performance.now()
  log(`importing ${folder} …`)
  await importFolder(handle.db, folder)
  await seed(handle.db)
  await sql`do $$ begin execute format('comment on database %I is %L', current_database(), ${sql.lit(mark)}); end $$`
    .execute(handle.db)
  log(`imported in ${((performance.now() - started) / 1000).toFixed(1)} s`)
}

/** Creates `name` on the server of `url` when it does not exist (dropping it first when fresh). */
async function ensureDatabase (url: string, name: string, fresh: boolean): Promise<void> {
  // Asked of the maintenance database: the one `url` names need not exist.
  const client = new pg.Client({ connectionString: withDatabase(url, 'postgres') })
  await client.connect()
  try {
    if (fresh) await client.query(`drop database if exists "${name}"`)
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount === 0) await client.query(`create database "${name}"`)
  } finally {
    await client.end()
  }
}

// The lists partners publish: each sort both ways, with the figure, education, job-zone and
// interest filters alone and together, and with a query; the answer cache is off.
const LIST_SORTS = ['median-wage', 'growth', 'openings', 'employment', 'title']
const LIST_FILTERS = ['', 'minWage=50000&maxWage=60000', 'minGrowth=5', 'education=bachelor,master',
  'jobZone=4,5&interest=S', 'kind=occupation,group&publishedAs=occupation', 'education=bachelor&minWage=80000',
  'soc=29', 'q=nurse', 'q=engineer&minWage=90000']

async function timeLists (app: FastifyInstance, runs: number): Promise<{ count: number, p50: number, p99: number }> {
  const urls = LIST_SORTS.flatMap((sort) => ['desc', 'asc'].flatMap((order) => LIST_FILTERS.map((filter) =>
    `/v1/careers?sort=${sort}&order=${order}${filter === '' ? '' : `&${filter}`}`)))
  const medians: number[] = []
  for (const url of urls) {
    await listPage(app, url)
    const times: number[] = []
    for (let i = 0; i < runs; i++) {
      const started = performance.now()
      await listPage(app, url)
      times.push(performance.now() - started)
    }
    medians.push(percentileOf(times, 0.5))
  }
  return { count: urls.length, p50: percentileOf(medians, 0.5), p99: percentileOf(medians, 0.99) }
}

async function main (): Promise<void> {
  const log = (line: string): void => { process.stderr.write(`${line}\n`) }
  const env = process.env
  const data = path.resolve(env.CAREER_FACTS_DATA ?? '../shared/data')
  if (!existsSync(data) || !statSync(data).isDirectory()) {
    process.stdout.write(`bench:search skipped: no official data files in ${data} (set CAREER_FACTS_DATA)\n`)
    return
  }
  const url = env.DATABASE_URL !== undefined && env.DATABASE_URL !== '' ? env.DATABASE_URL : null
  let handle: DatabaseHandle
  let where: string
  if (url !== null) {
    const name = `${databaseName(url)}_search`
    await ensureDatabase(url, name, env.BENCH_SEARCH_FRESH === '1')
    handle = await connect({ databaseUrl: withDatabase(url, name), poolMax: 4 })
    where = `PostgreSQL, database ${name}`
  } else {
    const dir = env.PGLITE_DIR !== undefined && env.PGLITE_DIR !== '' && env.PGLITE_DIR !== 'memory'
      ? env.PGLITE_DIR
      : null
    handle = await connect({ databaseUrl: null, pgliteDir: dir })
    where = `PGlite, ${dir ?? 'in memory'}`
  }
  try {
    await prepare(handle, data, log)
    const app = await searchApp(handle)
    try {
      const only = env.BENCH_SEARCH_ONLY
      if (only !== undefined && only !== '') {
        for (const [i, row] of (await search(app, only)).entries()) {
          process.stdout.write(`${String(i + 1).padStart(2)} ${row.match?.score.toFixed(6) ?? '-'} ` +
            `${(row.match?.matched ?? '').padEnd(15)} ${row.socCode ?? '       '} ${row.title}` +
            `${row.match?.alternateTitle == null ? '' : ` (${row.match.alternateTitle})`}\n`)
        }
        return
      }
      const file = env.BENCH_SEARCH_QUERIES !== undefined && env.BENCH_SEARCH_QUERIES !== ''
        ? path.resolve(env.BENCH_SEARCH_QUERIES)
        : QUERIES_FILE
      const queries = judgedQueries(file)
      const runs = Number(env.BENCH_SEARCH_RUNS ?? 5)
      // One pass untimed, so that the first queries do not pay for compiling the statements.
      for (const query of queries.slice(0, 10)) await search(app, query.q)
      const judged = await judge(app, queries, runs)
      process.stdout.write(`career search relevance: ${queries.length} judged queries ` +
        `(${path.relative(process.cwd(), file)}), ${where}, median of ${runs} runs each\n\n`)
      for (const row of judged) {
        const rank = row.rank === null ? '>100' : String(row.rank)
        const top = row.top.map((listed) => `${listed.socCode ?? '-'} ${listed.title}`.slice(0, 48)).join(' | ')
        process.stdout.write(`${rank.padStart(4)} ${row.ms.toFixed(1).padStart(6)} ms  ` +
          `${row.q.padEnd(28)} ${row.soc.join(',').padEnd(16)} ${top}\n`)
      }
      process.stdout.write('\n')
      for (const kind of ['word', 'title', 'abbreviation', 'misspelling'] as const) {
        const some = judged.filter((row) => row.kind === kind)
        if (some.length > 0) process.stdout.write(`${kind.padEnd(13)} ${describe(figures(some))}\n`)
      }
      const all = figures(judged)
      process.stdout.write(`${'all'.padEnd(13)} ${describe(all)}\n`)
      const met = (ok: boolean): string => (ok ? 'met' : 'NOT met')
      process.stdout.write(`targets: hit@1 ≥ 90% ${met(all.hit1 >= 0.9)}, hit@3 ≥ 98% ${met(all.hit3 >= 0.98)}, ` +
        `p99 ≤ 50 ms ${met(all.p99 <= 50)}${url === null ? ' (the latency target is for PostgreSQL)' : ''}\n`)
      const misses = judged.filter((row) => row.rank !== 1)
      if (misses.length > 0) {
        process.stdout.write(`not first (${misses.length}): ` +
          `${misses.map((row) => `${row.q} (${row.rank ?? '>100'})`).join(', ')}\n`)
      }
      const lists = await timeLists(app, runs)
      process.stdout.write(`\nsorted and filtered lists: ${lists.count} distinct lists, median of ${runs} runs ` +
        `each: p50 ${lists.p50.toFixed(1)} ms, p99 ${lists.p99.toFixed(1)} ms; target p99 ≤ 50 ms ` +
        `${met(lists.p99 <= 50)}\n`)
    } finally {
      await app.close()
    }
  } finally {
    await handle.close()
  }
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main()
