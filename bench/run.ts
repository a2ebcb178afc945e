// `npm run bench`: the service under load next to the Fastify ceiling and a hand-rolled
// node:http + pg baseline, all three compiled and measured in one run over one Postgres
// holding a full-size dataset. Servers run pinned to one core, autocannon (bench/load.ts,
// a second process) to another. Prints a report and writes it to bench/results/.
//
// Environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/career_facts_bench,
// created when missing), BENCH_DATASET (generated | real), BENCH_DURATION (s per scenario,
// 10), BENCH_WARMUP (s per server, 3), BENCH_CONNECTIONS (32), BENCH_LOG_LEVEL (warn),
// BENCH_BUILD (0 skips compiling), CAREER_FACTS_DATA (the official files, ../shared/data).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { connect } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { importFile, type ImportKind } from '../src/import/index.js'
import { isEmpty, seed } from '../src/seed/load.js'
import {
  FIELDS,
  QUALIFIERS,
  ROLES,
  SEARCH_QUERIES,
  datasetCounts,
  generateDataset,
  hasDataset,
  sampleKeys,
  type DatasetCounts,
} from './dataset.js'
import type { LoadPlan, LoadResult } from './load.js'

const env = process.env
const DURATION = Number(env.BENCH_DURATION ?? 10)
const WARMUP = Number(env.BENCH_WARMUP ?? 3)
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32)
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'warn'
const DATASET = env.BENCH_DATASET ?? 'generated'
const DATA = path.resolve(env.CAREER_FACTS_DATA ?? '../shared/data')
const DATABASE_URL = env.DATABASE_URL !== undefined && env.DATABASE_URL !== ''
  ? env.DATABASE_URL
  : 'postgres://postgres@127.0.0.1:5432/career_facts_bench'
const HOST = '127.0.0.1'
const PORT = Number(env.BENCH_PORT ?? 3950)
const ROOT = path.resolve(import.meta.dirname, '..')

if (DATASET !== 'generated' && DATASET !== 'real') {
  throw new Error(`BENCH_DATASET must be generated or real, not ${DATASET}`)
}

const log = (line: string): void => { process.stderr.write(`${line}\n`) }

// ---------------------------------------------------------------- machine and layout

/** The server's version, asked of its maintenance database (ours may not exist yet). */
async function postgresVersion (): Promise<string> {
  const maintenance = new URL(DATABASE_URL)
  maintenance.pathname = '/postgres'
  const client = new pg.Client({ connectionString: maintenance.toString() })
  await client.connect()
  try {
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? 'unknown'
  } finally {
    await client.end()
  }
}

function machine (postgres: string): Record<string, string> & { host: string } {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : ''
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
  return {
    host: os.hostname(),
    cores: String(os.availableParallelism()),
    cpu: model,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()}`,
    'load average at start': os.loadavg().map((n) => n.toFixed(2)).join(', '),
  }
}

const hasTaskset = ((): boolean => {
  try {
    execFileSync('taskset', ['-c', '0', 'true'])
    return true
  } catch {
    return false
  }
})()
const pinned = hasTaskset && os.availableParallelism() >= 2
const SERVER_CORES = '0'
const LOAD_CORES = String(os.availableParallelism() - 1)
const layout = pinned
  ? `taskset: server on CPU ${SERVER_CORES}, autocannon on CPU ${LOAD_CORES}; Postgres unpinned (shares both)`
  : 'unpinned (taskset missing or a single core): server, autocannon and Postgres share every core'

function pinnedCommand (cores: string, args: string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', cores, ...args]] : [args[0] ?? process.execPath, args.slice(1)]
}

// ---------------------------------------------------------------- database

async function ensureDatabase (): Promise<void> {
  const name = new URL(DATABASE_URL).pathname.slice(1)
  const maintenance = new URL(DATABASE_URL)
  maintenance.pathname = '/postgres'
  const client = new pg.Client({ connectionString: maintenance.toString() })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount === 0) await client.query(`create database "${name.replace(/"/g, '""')}"`)
  } finally {
    await client.end()
  }
}

const REAL_FILES: Array<[ImportKind, string]> = [
  ['soc', 'soc/soc_2018_definitions.xlsx'],
  ['soc', 'soc/soc_2010_to_2018_crosswalk.xlsx'],
  ['oews', 'oews/national_M2015_dl.xlsx'],
  ['oews', 'oews/national_M2023_dl.xlsx'],
  ['oews', 'oews/national_M2024_dl.xlsx'],
  ['projections', 'ep/occupation.xlsx'],
  ['onet', 'onet_29_2/Occupation Data.txt'],
  ['onet', 'onet_29_2/Alternate Titles.txt'],
  ['onet', 'onet_29_2/Related Occupations.txt'],
  ['onet', 'onet_29_2/Job Zones.txt'],
]

interface PreparedDatabase {
  description: string
  counts: DatasetCounts
  keys: string[]
  area: string
}

/** Migrates, seeds and loads the dataset once; later runs find it and start at once. */
async function prepareDatabase (): Promise<PreparedDatabase> {
  await ensureDatabase()
  const handle = await connect({ databaseUrl: DATABASE_URL, poolMax: 2 })
  try {
    await migrateToLatest(handle.db)
    if (await isEmpty(handle.db)) await seed(handle.db)
    const started = performance.now()
    let description: string
    const generated = await hasDataset(handle.db)
    const real = (await handle.db.selectFrom('source')
      .select('id')
      .where('slug', 'like', 'onet-%')
      .executeTakeFirst()) !== undefined
    if (DATASET === 'generated') {
      if (real) {
        throw new Error(`${DATABASE_URL} holds the real import; use another database for the generated dataset`)
      }
      await generateDataset(handle.db)
      description = 'generated (bench/dataset.ts, deterministic, full-size shape)'
    } else {
      if (generated) {
        throw new Error(`${DATABASE_URL} holds the generated dataset; use another database for the real import`)
      }
      if (!real) {
        for (const [kind, file] of REAL_FILES) {
          log(`importing ${file}`)
          await importFile(handle.db, kind, path.join(DATA, file))
        }
      }
      description = `real official files from ${DATA} through src/import`
    }
    const loadSeconds = (performance.now() - started) / 1000
    if (loadSeconds > 1) description += ` (loaded in ${loadSeconds.toFixed(0)} s)`
    const keys = await sampleKeys(handle.db, 300)
    const other = await handle.db.selectFrom('area')
      .select('code')
      .where('code', '<>', 'US')
      .orderBy('code')
      .executeTakeFirst()
    return { description, counts: await datasetCounts(handle.db), keys, area: other?.code ?? 'US' }
  } finally {
    await handle.close()
  }
}

// ---------------------------------------------------------------- servers and load

interface Server {
  name: string
  child: ChildProcess
  readyMs: number
  url: string
}

async function waitReady (url: string, child: ChildProcess, started: number): Promise<number> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode} before it was ready`)
    try {
      const response = await fetch(`${url}/readyz`)
      if (response.status === 200) return performance.now() - started
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function startServer (name: string, script: string, extra: Record<string, string>): Promise<Server> {
  const url = `http://${HOST}:${PORT}`
  const [command, args] = pinnedCommand(SERVER_CORES, [process.execPath, script])
  const started = performance.now()
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: env.PATH ?? '', HOST, PORT: String(PORT), DATABASE_URL, NODE_ENV: 'production', ...extra },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const readyMs = await waitReady(url, child, started)
  return { name, child, readyMs, url }
}

async function stopServer (server: Server): Promise<void> {
  if (server.child.exitCode !== null) return
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGTERM')
  await exited
}

/** Resident memory of the server process (taskset execs node, so the pid is node's). */
function rssBytes (pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return null
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match?.[1] === undefined ? null : Number(match[1]) * 1024
}

interface Measurement extends LoadResult {
  scenario: string
  server: string
  rssMax: number | null
  unexpected: number
}

async function drive (server: Server, requests: LoadPlan['requests'], seconds: number): Promise<LoadResult> {
  const plan: LoadPlan = { url: server.url, connections: CONNECTIONS, durationSeconds: seconds, requests }
  const [command, args] = pinnedCommand(LOAD_CORES, [
    process.execPath,
    '--import',
    'tsx',
    path.join(ROOT, 'bench', 'load.ts'),
    JSON.stringify(plan),
  ])
  const child = spawn(command, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
  if (code !== 0) throw new Error(`load generator exited with ${code}`)
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as LoadResult
}

async function measure (
  server: Server,
  scenario: string,
  requests: LoadPlan['requests'],
  expected: number,
): Promise<Measurement> {
  let rssMax: number | null = null
  const sampler = setInterval(() => {
    const rss = rssBytes(server.child.pid)
    if (rss !== null) rssMax = Math.max(rssMax ?? 0, rss)
  }, 200)
  try {
    const result = await drive(server, requests, DURATION)
    const unexpected = Object.entries(result.statuses)
      .filter(([code]) => Number(code) !== expected)
      .reduce((sum, [, n]) => sum + n, 0)
    const measurement = { ...result, scenario, server: server.name, rssMax, unexpected }
    const rps = Math.round(result.rps).toString().padStart(6)
    const statuses = unexpected > 0 ? `  ${unexpected} unexpected statuses ${JSON.stringify(result.statuses)}` : ''
    log(`  ${scenario.padEnd(22)} ${server.name.padEnd(20)} ${rps} req/s  p50 ${result.p50} ms  ` +
      `p99 ${result.p99} ms  RSS ${mb(rssMax)}${statuses}`)
    return measurement
  } finally {
    clearInterval(sampler)
  }
}

const mb = (bytes: number | null): string => bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MB`

// ---------------------------------------------------------------- the run

function build (): void {
  if (env.BENCH_BUILD === '0') return
  log('compiling the service (tsconfig.build.json, tsconfig.migrations.json) ' +
    'and the reference servers (tsconfig.bench.json)')
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc')
  for (const project of ['tsconfig.build.json', 'tsconfig.migrations.json']) {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: ROOT, stdio: 'inherit' })
  }
  execFileSync(process.execPath, [tsc, '-p', 'tsconfig.bench.json'], { cwd: ROOT, stdio: 'inherit' })
}

async function etags (url: string, paths: string[]): Promise<LoadPlan['requests']> {
  const requests: LoadPlan['requests'] = []
  for (const p of paths) {
    const response = await fetch(`${url}${p}`)
    await response.arrayBuffer()
    const etag = response.headers.get('etag')
    if (etag !== null) requests.push({ path: p, headers: { 'if-none-match': etag } })
  }
  return requests
}

/**
 * The hand-picked queries, then field and role pairs, qualified roles and misspelt fields
 * from the dataset's vocabulary: enough distinct queries that the answer cache keeps
 * computing new ones throughout a run.
 */
function searchQueries (count: number): string[] {
  const queries = new Set(SEARCH_QUERIES)
  for (let i = 0; queries.size < count; i++) {
    const field = (FIELDS[(i * 7) % FIELDS.length] ?? '').toLowerCase()
    const role = (ROLES[(i * 11) % ROLES.length] ?? '').toLowerCase()
    const qualifier = (QUALIFIERS[(i * 3) % QUALIFIERS.length] ?? '').toLowerCase()
    const misspelt = field.slice(0, 2) + field.slice(3)
    queries.add([`${field} ${role}`, `${qualifier} ${role}`, `${misspelt} ${role}`][i % 3] ?? field)
  }
  return [...queries]
}

const host = machine(await postgresVersion())
log(`machine: ${host.cores} cores, ${host.cpu}, ${host.memory}, node ${host.node}, Postgres ${host.postgres}`)
log(`layout: ${layout}`)
const dataset = await prepareDatabase()
log(`dataset: ${dataset.description}: ${JSON.stringify(dataset.counts)}`)
build()

const SERVICE = path.join(ROOT, 'dist', 'server.js')
const profile = dataset.keys.map((key) => ({ path: `/v1/careers/${encodeURIComponent(key)}` }))
const search = searchQueries(300).map((q) => ({ path: `/v1/careers?q=${encodeURIComponent(q)}` }))
const compare = dataset.keys.map((key, i) => {
  const others = [1, 2].map((k) => dataset.keys[(i + k * 7) % dataset.keys.length] ?? key)
  return { path: `/v1/compare?careers=${[key, ...others].map(encodeURIComponent).join(',')}&area=US` }
})
const salaries = dataset.keys.map((key, i) => {
  const query = ['', '?industry=any', `?area=${dataset.area}`, ''][i % 4] ?? ''
  return { path: `/v1/careers/${encodeURIComponent(key)}/salaries${query}` }
})

// The lists partners publish: every sort in both directions, with the figure and profile
// filters alone and combined, and with a query: distinct requests the cache has not seen.
const LIST_SORTS = ['median-wage', 'growth', 'openings', 'employment', 'title', 'soc']
const LIST_FILTERS = ['', 'minWage=50000&maxWage=60000', 'minGrowth=5', 'education=bachelor,master',
  'jobZone=4,5', 'kind=occupation,group&publishedAs=occupation', 'education=bachelor&minWage=80000',
  'soc=29', `q=${encodeURIComponent(SEARCH_QUERIES[0] ?? 'nurse')}`]
const lists = LIST_SORTS.flatMap((sort) => ['desc', 'asc'].flatMap((order) => LIST_FILTERS.map((filter) => ({
  path: `/v1/careers?sort=${sort}&order=${order}&limit=20${filter === '' ? '' : `&${filter}`}`,
}))))

const results: Measurement[] = []
const ready: Record<string, number> = {}

async function session (
  name: string,
  script: string,
  extra: Record<string, string>,
  run: (server: Server) => Promise<void>,
): Promise<void> {
  const server = await startServer(name, script, extra)
  ready[name] = server.readyMs
  log(`${name}: ready in ${server.readyMs.toFixed(0)} ms`)
  try {
    await drive(server, script === SERVICE || script.endsWith('baseline.js') ? profile : [{ path: '/' }], WARMUP)
    await run(server)
  } finally {
    await stopServer(server)
  }
}

await session('ceiling', path.join(ROOT, 'dist', 'bench', 'servers', 'ceiling.js'), {}, async (server) => {
  results.push(await measure(server, 'constant route', [{ path: '/' }], 200))
})
for (const [name, prepared] of [['baseline', '0'], ['baseline prepared', '1']] as const) {
  const baselineScript = path.join(ROOT, 'dist', 'bench', 'servers', 'baseline.js')
  await session(name, baselineScript, { BASELINE_PREPARED: prepared }, async (server) => {
    results.push(await measure(server, 'profile', profile, 200))
    results.push(await measure(server, 'search', search, 200))
  })
}
for (const cache of ['true', 'false']) {
  const name = `service cache=${cache}`
  await session(name, SERVICE, { LOG_LEVEL, RATE_LIMIT_MAX: '1000000', CACHE_ENABLED: cache }, async (server) => {
    results.push(await measure(server, 'profile', profile, 200))
    results.push(await measure(server, 'search', search, 200))
    results.push(await measure(server, 'compare', compare, 200))
    results.push(await measure(server, 'salaries', salaries, 200))
    results.push(await measure(server, 'lists (sorted, filtered)', lists, 200))
    results.push(await measure(server, 'revalidation (304)', await etags(server.url, profile.map((r) => r.path)), 304))
  })
}

// ---------------------------------------------------------------- report

const find = (server: string, scenario: string): Measurement | undefined =>
  results.find((r) => r.server === server && r.scenario === scenario)
const ceiling = find('ceiling', 'constant route')?.rps ?? NaN
const ratio = (a: number | undefined, b: number | undefined): string =>
  a === undefined || b === undefined || !(b > 0) ? 'n/a' : `${(a / b * 100).toFixed(0)}%`

const rows = results.map((r) => `| ${r.scenario} | ${r.server} | ${Math.round(r.rps)} | ${ratio(r.rps, ceiling)} ` +
  `| ${r.p50} | ${r.p99} | ${mb(r.rssMax)} | ${r.requests} | ${r.errors + r.timeouts + r.unexpected} |`)
const versus = ['baseline', 'baseline prepared'].flatMap((baseline) => ['true', 'false'].flatMap((cache) =>
  ['profile', 'search'].map((scenario) => {
    const ours = find(`service cache=${cache}`, scenario)
    const base = find(baseline, scenario)
    return `| ${scenario} | cache=${cache} | ${baseline} ` +
      `| ${Math.round(ours?.rps ?? 0)} | ${Math.round(base?.rps ?? 0)} | ${ratio(ours?.rps, base?.rps)} ` +
      `| ${ours?.p99 ?? 'n/a'} / ${base?.p99 ?? 'n/a'} |`
  })))

const serviceRss = Math.max(...results.filter((r) => r.server.startsWith('service')).map((r) => r.rssMax ?? 0))
const cachedProfile = find('service cache=true', 'profile')?.rps ?? 0
const uncachedProfile = find('service cache=false', 'profile')?.rps ?? 0
const baselineProfile = find('baseline', 'profile')?.rps ?? Infinity
const searchP99 = find('service cache=true', 'search')?.p99 ?? Infinity
const uncachedSearchP99 = find('service cache=false', 'search')?.p99 ?? Infinity
const uncachedListsP99 = find('service cache=false', 'lists (sorted, filtered)')?.p99 ?? Infinity
const serviceReady = Math.max(ready['service cache=true'] ?? Infinity, ready['service cache=false'] ?? Infinity)
const targets: Array<[string, string, boolean]> = [
  [
    'profile with cache ≥ 60% of the ceiling\'s req/s',
    `${Math.round(cachedProfile)} vs ${Math.round(0.6 * ceiling)} (${ratio(cachedProfile, ceiling)} of ceiling)`,
    cachedProfile >= 0.6 * ceiling,
  ],
  [
    'profile without cache ≥ the baseline\'s req/s',
    `${Math.round(uncachedProfile)} vs ${Math.round(baselineProfile)} (${ratio(uncachedProfile, baselineProfile)})`,
    uncachedProfile >= baselineProfile,
  ],
  [
    `search p99 ≤ 50 ms (as shipped: answer cache on; ${search.length} distinct queries)`,
    `${searchP99} ms (without the cache: ${uncachedSearchP99} ms)`,
    searchP99 <= 50,
  ],
  [
    `sorted and filtered lists p99 ≤ 50 ms, computed (answer cache off; ${lists.length} distinct lists)`,
    `${uncachedListsP99} ms`,
    uncachedListsP99 <= 50,
  ],
  ['service RSS under load ≤ 250 MB (highest sample)', mb(serviceRss), serviceRss > 0 && serviceRss <= 250 * 2 ** 20],
  [
    'ready ≤ 2 s against a migrated Postgres (spawn → /readyz 200, slower start)',
    `${serviceReady.toFixed(0)} ms`,
    serviceReady <= 2000,
  ],
]

const date = new Date().toISOString().slice(0, 10)
const report = [
  `# Benchmark ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${host.host}`,
  '',
  '## Machine and layout',
  '',
  ...Object.entries(host).map(([key, value]) => `- ${key}: ${value}`),
  `- layout: ${layout}`,
  '- servers: compiled JavaScript (tsc), `node dist/src/server.js` for the service ' +
    `(LOG_LEVEL=${LOG_LEVEL}, rate limit raised), \`node dist/bench/servers/{ceiling,baseline}.js\` for the references`,
  `- load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per scenario ` +
    `after a ${WARMUP} s warm-up per server, from its own process`,
  `- dataset: ${dataset.description}`,
  `- rows: ${Object.entries(dataset.counts).map(([table, n]) => `${table} ${n}`).join(', ')}`,
  `- requests: profile over ${profile.length} keys (ids, SOC codes, slugs); search over ${search.length} queries; ` +
    `compare of 3 careers over ${compare.length} sets; ` +
    `salaries over ${salaries.length} keys (national history, every industry, one state); ` +
    `lists: ${lists.length} sorts and filters; ` +
    '304 with each profile\'s ETag',
  '',
  '## Results',
  '',
  '| scenario | server | req/s | of ceiling | p50 ms | p99 ms | RSS max | requests | errors |',
  '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows,
  '',
  '## Ours against the hand-rolled baseline (node:http + pg, JSON built by Postgres)',
  '',
  'As the issue describes it (`baseline`: unnamed statements, planned on every request), ' +
    'and with its statements named (`baseline prepared`: planned once per connection, ' +
    'as PostgREST and the service do). ' +
    'The profile target is judged against the first.',
  '',
  '| scenario | service | against | ours req/s | baseline req/s | ours / baseline | p99 ours / baseline ms |',
  '| --- | --- | --- | ---: | ---: | ---: | ---: |',
  ...versus,
  '',
  '## Time to ready',
  '',
  ...Object.entries(ready).map(([name, ms]) => `- ${name}: ${ms.toFixed(0)} ms`),
  '',
  '## Targets',
  '',
  ...targets.map(([target, figure, met]) => `- ${met ? 'met' : 'NOT MET'}: ${target}: ${figure}`),
  '',
]

const text = report.join('\n')
process.stdout.write(text)
const dir = path.join(ROOT, 'bench', 'results')
mkdirSync(dir, { recursive: true })
const base = path.join(dir, `${date}-${host.host.replace(/[^\w.-]+/g, '_')}`)
writeFileSync(`${base}.md`, text)
const summary = {
  machine: host,
  layout,
  dataset: { description: dataset.description, counts: dataset.counts },
  results,
  ready,
  targets,
}
writeFileSync(`${base}.json`, `${JSON.stringify(summary, null, 2)}\n`)
log(`written: ${path.relative(ROOT, base)}.md and .json`)
