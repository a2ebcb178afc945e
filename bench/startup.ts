// `npx tsx bench/startup.ts [dir …]`: the two start-up figures of `npm run bench` without the
// rest of it. For each service directory (default: this one, already built with `npm run
// build`), the time from spawn to the first /readyz 200, median of BENCH_RUNS starts
// (alternating directories, so a busy machine slows each alike), then the highest RSS while
// bench/run.ts's cached scenarios run for BENCH_DURATION s each, and where memory sits after.
//
// Environment: DATABASE_URL (a migrated copy of career_facts_bench), BENCH_RUNS (7),
// BENCH_DURATION (s per scenario, 5; 0 skips the load), BENCH_CONNECTIONS (32), BENCH_PORT (3951).
import { spawn, type ChildProcess } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { connect } from '../src/db/connect.js'
import { SEARCH_QUERIES, sampleKeys } from './dataset.js'
import type { LoadPlan, LoadResult } from './load.js'

const env = process.env
const DATABASE_URL = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/career_facts_bench'
const RUNS = Number(env.BENCH_RUNS ?? 7)
const DURATION = Number(env.BENCH_DURATION ?? 5)
const CONNECTIONS = Number(env.BENCH_CONNECTIONS ?? 32)
const PORT = Number(env.BENCH_PORT ?? 3951)
const URL_BASE = `http://127.0.0.1:${PORT}`
const ROOT = path.resolve(import.meta.dirname, '..')
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((dir) => path.resolve(dir)) : [ROOT]

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MB`

function rssBytes (pid: number | undefined): number {
  const match = pid === undefined ? null : /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match?.[1] === undefined ? 0 : Number(match[1]) * 1024
}

/** Spawns the service as bench/run.ts does (pinned to CPU 0) and waits for /readyz. */
async function start (dir: string): Promise<{ child: ChildProcess, readyMs: number }> {
  const started = performance.now()
  const child = spawn('taskset', ['-c', '0', process.execPath, path.join(dir, 'dist', 'server.js')], {
    cwd: dir,
    env: {
      PATH: env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(PORT),
      DATABASE_URL,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_MAX: '1000000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${dir}: the server exited with ${child.exitCode}`)
    try {
      const response = await fetch(`${URL_BASE}/readyz`)
      await response.arrayBuffer()
      if (response.status === 200) return { child, readyMs: performance.now() - started }
    } catch {
      // not listening yet
    }
    await sleep(10)
  }
}

async function stop (child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

async function drive (requests: LoadPlan['requests']): Promise<LoadResult> {
  const plan: LoadPlan = { url: URL_BASE, connections: CONNECTIONS, durationSeconds: DURATION, requests }
  const load = path.join(ROOT, 'bench', 'load.ts')
  // bench/load.ts reads its plan on stdin.
  const child = spawn('taskset', ['-c', '1', process.execPath, '--import', 'tsx', load], {
    cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'],
  })
  let output = ''
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.stdin.end(JSON.stringify(plan))
  await exited
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as LoadResult
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN

const ready = new Map<string, number[]>(dirs.map((dir) => [dir, []]))
for (let run = 0; run < RUNS; run++) {
  for (const dir of dirs) {
    const { child, readyMs } = await start(dir)
    ready.get(dir)?.push(Math.round(readyMs))
    await stop(child)
    await sleep(300)
  }
}
for (const [dir, times] of ready) {
  const label = path.relative(process.cwd(), dir) || '.'
  process.stdout.write(`${label}: ready median ${median(times)} ms of ${times.join(', ')}\n`)
}

if (DURATION > 0) {
  const handle = await connect({ databaseUrl: DATABASE_URL, poolMax: 1 })
  const keys = await sampleKeys(handle.db, 300)
  const area = (await handle.db.selectFrom('area')
    .select('code')
    .where('code', '<>', 'US')
    .orderBy('code')
    .executeTakeFirst())?.code ?? 'US'
  await handle.close()
  const profile = keys.map((key) => ({ path: `/v1/careers/${encodeURIComponent(key)}` }))
  const scenarios: Array<[string, LoadPlan['requests']]> = [
    ['profile', profile],
    ['search', SEARCH_QUERIES.map((q) => ({ path: `/v1/careers?q=${encodeURIComponent(q)}` }))],
    ['compare', keys.map((key, i) => {
      const set = [key, keys[(i + 7) % keys.length], keys[(i + 14) % keys.length]]
      return { path: `/v1/compare?careers=${set.map((k) => encodeURIComponent(k ?? key)).join(',')}&area=US` }
    })],
    ['salaries', keys.map((key, i) => {
      const query = ['', '?industry=any', `?area=${area}`, ''][i % 4] ?? ''
      return { path: `/v1/careers/${encodeURIComponent(key)}/salaries${query}` }
    })],
  ]
  for (const dir of dirs) {
    const { child } = await start(dir)
    const atReady = rssBytes(child.pid)
    let peak = atReady
    const sampler = setInterval(() => { peak = Math.max(peak, rssBytes(child.pid)) }, 200)
    const figures: string[] = []
    for (const [name, requests] of scenarios) {
      const result = await drive(requests)
      figures.push(`${name} ${Math.round(result.rps)} req/s`)
    }
    clearInterval(sampler)
    const metrics = await (await fetch(`${URL_BASE}/metrics`)).text()
    const gauge = (name: string): string => mb(Number(new RegExp(`^${name} (\\S+)`, 'm').exec(metrics)?.[1] ?? NaN))
    const label = path.relative(process.cwd(), dir) || '.'
    process.stdout.write(`${label}: RSS ${mb(atReady)} at ready, ` +
      `${mb(peak)} peak under load (${figures.join(', ')}); ` +
      `after: heap used ${gauge('nodejs_heap_size_used_bytes')} of ${gauge('nodejs_heap_size_total_bytes')}, ` +
      `external ${gauge('nodejs_external_memory_bytes')}, answer cache ${gauge('answer_cache_bytes')}\n`)
    await stop(child)
  }
}
