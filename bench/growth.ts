// `npm run bench:growth`: how the cost of computed answers grows with the data. The generated
// dataset (bench/dataset.ts) at 1×, 4× and 16× the national size (k times the careers and
// alternate titles; relations and wage rows follow, as they come per career), each in its
// own database, then the service with the answer cache off under the profile, search
// (distinct queries) and the sorted and filtered lists, one scenario after another, as
// bench/run.ts drives them (32 connections, server and autocannon pinned apart).
//
// The target, "computed p99 grows no faster than the logarithm of the data size", is read
// as: for each scenario and factor k, p99(k×) / p99(1×) ≤ ln(rows(k×)) / ln(rows(1×)), where
// rows is the number of rows the generator wrote (careers, alternate titles, relations, wage
// estimates, projections, crosswalk). At 16× that allows p99 to grow by about a fifth: what
// an index lookup's depth grows by, against the sixteenfold a scan would grow by. Under 32
// connections at saturation p99 is mostly queueing, so it also moves with throughput.
//
// Databases: `<name>_x<k>` beside DATABASE_URL's (default career_facts_bench_x1, _x4, _x16),
// made and loaded on the first run and reused while they hold the dataset of that size;
// BENCH_GROWTH_DROP=1 drops them at the end (16× takes several minutes to load).
//
// Beside the load, for the why: the CPU the service and its Postgres backends used during
// each scenario, and each request of a scenario once more under EXPLAIN (ANALYZE) on an idle
// connection (bench/plans.ts): Postgres's own execution time and the rows its scans read,
// free of the queueing and of whatever else the machine runs. BENCH_CPU_PROF=1 (or a
// directory) also takes the service's CPU profile of each scenario (bench/servers/cpu-profile.ts).
//
// The sizes take turns: one service per size runs throughout, and each of BENCH_GROWTH_ROUNDS
// rounds (3) measures every scenario at every size, starting at another size each round; a
// size's figure is its round of median p99. Measured one size after another, the machine's
// drift over minutes (its speed moves by half here) fell on the larger sizes alone.
//
// Environment: BENCH_GROWTH_FACTORS (1,4,16), BENCH_DURATION (s per scenario, 10),
// BENCH_WARMUP (3), BENCH_CONNECTIONS (32), BENCH_LOG_LEVEL (warn), BENCH_BUILD (0 skips
// compiling), BENCH_PORT (3952, and the ports after it), BENCH_CPU_PROF.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { connect } from '../src/db/connect.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { vacuumAnalyze } from '../src/db/vacuum.js'
import { listCareers, type CareerListParams } from '../src/resources/careers/list-queries.js'
import { careerProfileText } from '../src/resources/careers/profile-json.js'
import { isEmpty, seed } from '../src/seed/load.js'
import { describe, readProfile, summarize, type CpuSummary } from './cpu-top.js'
import { datasetCounts, generateDataset, hasDataset, sampleKeys, scaledShape, type DatasetCounts } from './dataset.js'
import {
  PROFILER_ARGS, ROOT, SERVICE, build, cpuProfileDir, drive, dropDatabase, ensureDatabase, imageEnvLine, layout,
  loadAverage, log, machine, measure, percent, postgresVersion, profiler, startServer, stopServer, type Measurement,
  type Server,
} from './harness.js'
import { Recorder, explainRecorded } from './plans.js'
import { scenarios } from './requests.js'

const env = process.env
const FACTORS = (env.BENCH_GROWTH_FACTORS ?? '1,4,16').split(',').map(Number)
const DURATION = Number(env.BENCH_DURATION ?? 10)
const WARMUP = Number(env.BENCH_WARMUP ?? 3)
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32)
const LOG_LEVEL = env.BENCH_LOG_LEVEL ?? 'warn'
const PORT = Number(env.BENCH_PORT ?? 3952)
const ROUNDS = Number(env.BENCH_GROWTH_ROUNDS ?? 3)
const DROP = env.BENCH_GROWTH_DROP === '1'
const CPU_PROF = cpuProfileDir()
const BASE_URL = env.DATABASE_URL !== undefined && env.DATABASE_URL !== ''
  ? env.DATABASE_URL
  : 'postgres://postgres@127.0.0.1:5432/career_facts_bench'

if (!Number.isInteger(ROUNDS) || ROUNDS < 1) throw new Error('BENCH_GROWTH_ROUNDS must be a whole number ≥ 1')
if (FACTORS[0] !== 1 || FACTORS.some((k) => !Number.isInteger(k) || k < 1)) {
  throw new Error('BENCH_GROWTH_FACTORS must start with 1 (the reference) and hold whole numbers')
}

function databaseUrl (k: number): string {
  const url = new URL(BASE_URL)
  url.pathname = `/${url.pathname.slice(1)}_x${k}`
  return url.toString()
}

const nameOf = (url: string): string => new URL(url).pathname.slice(1)
const totalRows = (counts: DatasetCounts): number => Object.values(counts).reduce((sum, n) => sum + n, 0)

interface Prepared {
  k: number
  url: string
  counts: DatasetCounts
  rows: number
  keys: string[]
  area: string
  /** How the database came to hold the dataset: loaded now (and in how long), or found. */
  how: string
}

async function prepare (k: number): Promise<Prepared> {
  const url = databaseUrl(k)
  await ensureDatabase(url)
  const handle = await connect({ databaseUrl: url, poolMax: 2 })
  try {
    await migrateToLatest(handle.db)
    if (await isEmpty(handle.db)) await seed(handle.db)
    const shape = scaledShape(k)
    let how = 'reused'
    if (await hasDataset(handle.db)) {
      // The generator writes the shape's careers besides the seed's few; another scale differs by hundreds.
      const careers = (await datasetCounts(handle.db)).career
      if (careers < shape.careers || careers > shape.careers + 50) {
        throw new Error(`${url} holds a generated dataset of ${careers} careers, not ${k}× (${shape.careers}); ` +
          'drop it (dropdb) and run again')
      }
      // A load ends vacuumed and analysed; a database from a run of older code may not be.
      await vacuumAnalyze(handle.db)
    } else {
      log(`x${k}: generating ${shape.careers} careers, ${shape.alternateTitles} alternate titles …`)
      const started = performance.now()
      await generateDataset(handle.db, shape)
      how = `loaded in ${((performance.now() - started) / 1000).toFixed(0)} s`
    }
    const counts = await datasetCounts(handle.db)
    const keys = await sampleKeys(handle.db, 300)
    const other = await handle.db.selectFrom('area').select('code').where('code', '<>', 'US').orderBy('code')
      .executeTakeFirst()
    log(`x${k}: ${how}: ${JSON.stringify(counts)}`)
    return { k, url, counts, rows: totalRows(counts), keys, area: other?.code ?? 'US', how }
  } finally {
    await handle.close()
  }
}

const host = machine(await postgresVersion(BASE_URL))
log(`machine: ${host.cores} cores, ${host.cpu}, node ${host.node}, Postgres ${host.postgres}, commit ${host.commit}, ` +
  `load average ${host['load average at start']}`)
const prepared: Prepared[] = []
for (const k of FACTORS) prepared.push(await prepare(k))
build()

const SCENARIOS = ['profile', 'search', 'lists (sorted, filtered)'] as const
type Scenario = typeof SCENARIOS[number]

interface PostgresCost {
  requests: number
  /** Postgres execution time per request (its statements summed), ms. */
  medianMs: number
  p99Ms: number
  /** Rows the scans of a request's statements read, median. */
  medianRows: number
}

const quantile = (values: number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN
}

/** The list parameters a path's query string gives, typed as the route's schema would coerce them. */
function listParams (path: string): CareerListParams {
  const params: Record<string, string | number> = { limit: 20 }
  for (const [name, value] of new URL(path, 'http://bench').searchParams) {
    params[name] = ['limit', 'minWage', 'maxWage', 'minGrowth'].includes(name) ? Number(value) : value
  }
  return params as unknown as CareerListParams
}

/** Each request of each scenario once under EXPLAIN (ANALYZE), on one idle connection. */
async function postgresCost (url: string, requests: Record<Scenario, Array<{ path: string }>>):
Promise<Record<Scenario, PostgresCost>> {
  const handle = await connect({ databaseUrl: url, poolMax: 1 })
  const recorder = new Recorder()
  const db = handle.db.withPlugin(recorder)
  try {
    const cost = {} as Record<Scenario, PostgresCost>
    for (const scenario of SCENARIOS) {
      const times: number[] = []
      const rows: number[] = []
      for (const { path } of requests[scenario]) {
        recorder.executed = []
        if (scenario === 'profile') {
          const key = decodeURIComponent(path.slice('/v1/careers/'.length))
          await careerProfileText(db, key)
        } else {
          await listCareers(db, listParams(path))
        }
        const explained = await explainRecorded(handle.db, recorder)
        times.push(explained.reduce((sum, e) => sum + e.executionMs, 0))
        rows.push(explained.reduce((sum, e) => sum + e.rowsScanned, 0))
      }
      cost[scenario] = {
        requests: times.length,
        medianMs: quantile(times, 0.5),
        p99Ms: quantile(times, 0.99),
        medianRows: quantile(rows, 0.5),
      }
    }
    return cost
  } finally {
    await handle.close()
  }
}

if (CPU_PROF !== null) mkdirSync(CPU_PROF, { recursive: true })
const results: Array<Measurement & { k: number, round: number, loadAverage: string }> = []
const costs: Record<number, Record<Scenario, PostgresCost>> = {}
const profiles: Record<string, { file: string, summary: CpuSummary }> = {}
type Runs = Record<Scenario, Array<{ path: string }>>
const running: Array<{ data: Prepared, server: Server, runs: Runs }> = []
try {
  // One service per size, all up at once, so that the sizes take turns within each round.
  for (const [i, data] of prepared.entries()) {
    const { profile, search, lists } = scenarios(data.keys, data.area)
    const server = await startServer({
      name: `service x${data.k}`,
      script: SERVICE,
      port: PORT + i,
      env: {
        DATABASE_URL: data.url,
        LOG_LEVEL,
        RATE_LIMIT_MAX: '1000000',
        CACHE_ENABLED: 'false',
        ...CPU_PROF === null ? {} : { CPU_PROF_DIR: CPU_PROF },
      },
      nodeArgs: CPU_PROF === null ? [] : PROFILER_ARGS,
    })
    log(`x${data.k}: ready in ${server.readyMs.toFixed(0)} ms`)
    running.push({ data, server, runs: { profile, search, 'lists (sorted, filtered)': lists } })
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const scenario of SCENARIOS) {
      // Each round starts at another size, so that none is always measured first.
      for (let j = 0; j < running.length; j++) {
        const entry = running[(j + round - 1) % running.length]
        if (entry === undefined) continue
        const { data, server, runs } = entry
        const average = loadAverage()
        // The warm-up also brings this database's pages into memory, as a serving one's are.
        await drive(server.url, CONNECTIONS, runs[scenario], WARMUP)
        const label = `x${data.k}-${scenario.split(' ')[0] ?? scenario}`
        const taking = profiler(server, round === 1 ? CPU_PROF : null,
          `${new Date().toISOString().slice(0, 10)}-growth-${label}`)
        const measured = await measure(server, {
          scenario,
          client: 'bare',
          requests: runs[scenario],
          expected: 200,
          seconds: DURATION,
          connections: CONNECTIONS,
          databaseUrl: data.url,
          hooks: taking.hooks,
        })
        results.push({ ...measured, k: data.k, round, loadAverage: average })
        log(`round ${round}, ${scenario} at ${data.k}×: ${Math.round(measured.rps)} req/s, p99 ${measured.p99} ms`)
        const file = await taking.collect()
        if (file !== null) profiles[`${scenario} at ${data.k}×`] = { file, summary: summarize(readProfile(file), 12) }
      }
    }
  }
} finally {
  for (const { server } of running) await stopServer(server)
}
for (const { data, runs } of running) {
  costs[data.k] = await postgresCost(data.url, runs)
  log(`x${data.k}: Postgres per request ${JSON.stringify(costs[data.k])}`)
}

// ---------------------------------------------------------------- report

const reference = prepared[0]
/** Statuses other than 200, spelt out (a 503 is the pool's connection timeout under load). */
const statusesOf = (r: Measurement): string => {
  const other = Object.entries(r.statuses).filter(([code]) => code !== '200')
  return other.length === 0 ? '' : ` (${other.map(([code, n]) => `${n}× ${code}`).join(', ')})`
}
const lines: string[] = []
const verdicts: Array<{ scenario: string, k: number, growth: number, allowed: number, met: boolean }> = []
const roundsAt = (k: number, scenario: Scenario): typeof results =>
  results.filter((m) => m.k === k && m.scenario === scenario)
/** Of a size's rounds of a scenario, the one whose p99 is the median: every figure of the row is that round's. */
const medianRound = (k: number, scenario: Scenario): typeof results[number] | undefined => {
  const rounds = roundsAt(k, scenario).sort((a, b) => a.p99 - b.p99)
  return rounds[Math.floor((rounds.length - 1) / 2)]
}
for (const scenario of SCENARIOS) {
  const base = medianRound(1, scenario)
  for (const data of prepared) {
    const r = medianRound(data.k, scenario)
    if (r === undefined || base === undefined || reference === undefined) continue
    const growth = r.p99 / base.p99
    const allowed = Math.log(data.rows) / Math.log(reference.rows)
    const met = growth <= allowed
    if (data.k !== 1) verdicts.push({ scenario, k: data.k, growth, allowed, met })
    const cost = costs[data.k]?.[scenario]
    const baseCost = costs[1]?.[scenario]
    lines.push(`| ${scenario} | ${data.k}× | ${data.rows} | ${Math.round(r.rps)} ` +
      `| ${(r.rps / base.rps).toFixed(2)} | ${r.p50} | ${r.p99} ` +
      `| ${roundsAt(data.k, scenario).map((m) => m.p99).join(', ')} ` +
      `| ${growth.toFixed(2)} | ${allowed.toFixed(3)} ` +
      `| ${data.k === 1 ? '' : met ? 'met' : 'NOT MET'} ` +
      `| ${percent(r.serverCpu)} / ${percent(r.postgresCpu)} ` +
      `| ${cost?.medianMs.toFixed(2) ?? 'n/a'} / ${cost?.p99Ms.toFixed(2) ?? 'n/a'} ` +
      `| ${cost !== undefined && baseCost !== undefined ? (cost.medianMs / baseCost.medianMs).toFixed(1) : 'n/a'} ` +
      `| ${cost?.medianRows ?? 'n/a'} | ${r.errors + r.timeouts + r.unexpected}${statusesOf(r)} |`)
  }
}

const now = new Date().toISOString()
const report = [
  `# Growth benchmark ${now.slice(0, 16).replace('T', ' ')} UTC on ${host.host}`,
  '',
  ...Object.entries(host).map(([key, value]) => `- ${key}: ${value}`),
  `- load average at the end: ${loadAverage()}`,
  `- layout: ${layout}`,
  `- server environment: the Dockerfile's runtime ENV (${imageEnvLine})`,
  `- load: autocannon, ${CONNECTIONS} connections, ${DURATION} s per scenario and size after a ${WARMUP} s ` +
    `warm-up, ${ROUNDS} rounds, ` +
    'bare client, answer cache off (every answer computed)',
  '- requests: profile over 300 keys spread over the dataset, search over 300 distinct queries, ' +
    `${scenarios([], 'US').lists.length} sorted and filtered lists`,
  ...prepared.map((data) => `- ${data.k}×: \`${nameOf(data.url)}\` (${data.how}, ${DROP ? 'dropped' : 'kept'}): ` +
    Object.entries(data.counts).map(([table, n]) => `${table} ${n}`).join(', ')),
  '',
  'Target: computed p99 grows no faster than the logarithm of the data size: ' +
    'p99(k×) / p99(1×) ≤ ln(rows(k×)) / ln(rows(1×)), rows being every row the generator wrote.',
  '',
  'Under load: req/s and latency at 32 connections; CPU of the service and of its Postgres backends (share of one ' +
    'core). Alone: each request once more under EXPLAIN (ANALYZE) on an idle connection, Postgres execution ' +
    'time (its statements summed) median / p99, the median against 1×, and the rows its scans read (median).',
  '',
  `Rounds: ${ROUNDS}; in each, every scenario ran at each size in turn, each round starting at another size, ` +
    'so that the machine\'s drift falls on every size alike. A row is the round of median p99 for its size; ' +
    'the p99 of every round beside it.',
  '',
  '| scenario | size | rows | req/s | req/s vs 1× | p50 ms | p99 ms | p99 per round ms | p99 vs 1× ' +
    '| allowed (log ratio) | target | CPU service / Postgres | alone: Postgres ms median / p99 | vs 1× ' +
    '| rows scanned | errors and other statuses |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |',
  ...lines,
  '',
  ...verdicts.map((v) => `- ${v.met ? 'met' : 'NOT MET'}: ${v.scenario} at ${v.k}×: ` +
    `p99 grew ${v.growth.toFixed(2)}×, allowed ${v.allowed.toFixed(3)}×`),
  '',
  ...Object.keys(profiles).length === 0 ? [] : ['## CPU profiles of the service (self time)', ''],
  ...Object.entries(profiles).flatMap(([label, { file, summary }]) => [
    `### ${label}`, '', `File: \`${file}\``, '', ...describe(summary), '',
  ]),
]
const text = report.join('\n')
process.stdout.write(text)
const dir = path.join(ROOT, 'bench', 'results')
mkdirSync(dir, { recursive: true })
const day = `${now.slice(0, 10)}-${host.host.replace(/[^\w.-]+/g, '_')}-growth`
const taken = existsSync(path.join(dir, `${day}.md`))
const base = path.join(dir, taken ? `${day}-${now.slice(11, 16).replace(':', '')}` : day)
writeFileSync(`${base}.md`, text)
writeFileSync(`${base}.json`, `${JSON.stringify({
  machine: host,
  layout,
  definition: 'p99(k) / p99(1) <= ln(rows(k)) / ln(rows(1))',
  datasets: prepared.map(({ k, counts, rows, how, url }) => ({ k, database: nameOf(url), counts, rows, how })),
  results,
  postgresCost: costs,
  verdicts,
  cpuProfiles: profiles,
}, null, 2)}\n`)
log(`written: ${path.relative(ROOT, base)}.md and .json`)

if (DROP) {
  for (const data of prepared) await dropDatabase(data.url)
  log(`dropped ${prepared.map((data) => nameOf(data.url)).join(', ')}`)
}
