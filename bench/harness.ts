// What bench/run.ts and bench/growth.ts share: the machine's description, the CPU layout,
// databases, starting and stopping compiled servers, driving them with bench/load.ts in its
// own process, and sampling the server's memory and CPU while it runs.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, renameSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DockerfileParser } from 'dockerfile-ast'
import pg from 'pg'
import type { LoadPlan, LoadResult } from './load.js'

export const ROOT = path.resolve(import.meta.dirname, '..')
export const HOST = '127.0.0.1'
export const SERVICE = path.join(ROOT, 'dist', 'server.js')
export const REFERENCE = path.join(ROOT, 'dist', 'bench', 'servers')

export const log = (line: string): void => { process.stderr.write(`${line}\n`) }
export const mb = (bytes: number | null): string => bytes === null ? 'n/a' : `${(bytes / 2 ** 20).toFixed(0)} MB`

// ---------------------------------------------------------------- machine and layout

function maintenanceUrl (databaseUrl: string): string {
  const maintenance = new URL(databaseUrl)
  maintenance.pathname = '/postgres'
  return maintenance.toString()
}

/** The server's version, asked of its maintenance database (ours may not exist yet). */
export async function postgresVersion (databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) })
  await client.connect()
  try {
    return (await client.query<{ server_version: string }>('show server_version')).rows[0]?.server_version ?? 'unknown'
  } finally {
    await client.end()
  }
}

export const loadAverage = (): string => os.loadavg().map((n) => n.toFixed(2)).join(', ')

export function machine (postgres: string): Record<string, string> & { host: string } {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : ''
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown'
  let commit = 'unknown'
  try {
    commit = execFileSync('git', ['log', '-1', '--format=%h'], { cwd: ROOT, encoding: 'utf8' }).trim()
    // Figures from a tree with uncommitted changes are not those of the commit alone.
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'migrations'], {
      cwd: ROOT,
      encoding: 'utf8',
    })
    if (dirty.trim() !== '') commit += ' (with uncommitted changes under src/ or migrations/)'
  } catch {
    // not a checkout
  }
  return {
    host: os.hostname(),
    commit,
    cores: String(os.availableParallelism()),
    cpu: model,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    postgres,
    os: `${os.type()} ${os.release()}`,
    'load average at start': loadAverage(),
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
export const layout = pinned
  ? `taskset: server on CPU ${SERVER_CORES}, autocannon on CPU ${LOAD_CORES}; Postgres unpinned (shares both)`
  : 'unpinned (taskset missing or a single core): server, autocannon and Postgres share every core'

function pinnedCommand (cores: string, args: string[]): [string, string[]] {
  return pinned ? ['taskset', ['-c', cores, ...args]] : [args[0] ?? process.execPath, args.slice(1)]
}

// ---------------------------------------------------------------- databases

const quoteName = (name: string): string => `"${name.replace(/"/g, '""')}"`

export async function ensureDatabase (databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1)
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) })
  await client.connect()
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name])
    if (found.rowCount === 0) await client.query(`create database ${quoteName(name)}`)
  } finally {
    await client.end()
  }
}

export async function dropDatabase (databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1)
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) })
  await client.connect()
  try {
    await client.query(`drop database if exists ${quoteName(name)}`)
  } finally {
    await client.end()
  }
}

// ---------------------------------------------------------------- build

/** Compiles the service and the reference servers, as they run in production: plain node. */
export function build (): void {
  if (process.env.BENCH_BUILD === '0') return
  log('compiling the service (tsconfig.build.json, tsconfig.migrations.json) ' +
    'and the reference servers (tsconfig.bench.json)')
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc')
  for (const project of ['tsconfig.build.json', 'tsconfig.migrations.json', 'tsconfig.bench.json']) {
    execFileSync(process.execPath, [tsc, '-p', project], { cwd: ROOT, stdio: 'inherit' })
  }
}

// ---------------------------------------------------------------- servers

export interface Server {
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

/**
 * The environment the Dockerfile's runtime stage sets (its `ENV` lines after the last `FROM`):
 * every server here runs with it, so the service is measured as the image runs it (the
 * allocator and heap settings among it) and the references beside it alike.
 */
export const IMAGE_ENV: Record<string, string> = (() => {
  const dockerfile = DockerfileParser.parse(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))
  const runtimeFrom = dockerfile.getFROMs().at(-1)?.getRange().start.line ?? 0
  const env: Record<string, string> = {}
  for (const instruction of dockerfile.getENVs()) {
    if (instruction.getRange().start.line < runtimeFrom) continue
    for (const property of instruction.getProperties()) env[property.getName()] = property.getValue() ?? ''
  }
  return env
})()

/** The image's ENV for a report line (HOST and PORT are the harness's own). */
export const imageEnvLine = Object.entries(IMAGE_ENV)
  .filter(([name]) => name !== 'HOST' && name !== 'PORT')
  .map(([name, value]) => `${name}=${value}`).join(', ')

export interface StartOptions {
  name: string
  script: string
  port: number
  env: Record<string, string>
  /** Node options placed before the script (a preloaded module). */
  nodeArgs?: string[]
}

export async function startServer (options: StartOptions): Promise<Server> {
  const url = `http://${HOST}:${options.port}`
  const [command, args] = pinnedCommand(SERVER_CORES, [process.execPath, ...options.nodeArgs ?? [], options.script])
  const started = performance.now()
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...IMAGE_ENV, HOST, PORT: String(options.port), ...options.env },
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const readyMs = await waitReady(url, child, started)
  return { name: options.name, child, readyMs, url }
}

export async function stopServer (server: Server): Promise<void> {
  if (server.child.exitCode !== null) return
  const exited = new Promise((resolve) => server.child.once('exit', resolve))
  server.child.kill('SIGTERM')
  await exited
}

/** Resident memory of the server process (taskset execs node, so the pid is node's). */
export function rssBytes (pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/status`)) return null
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return match?.[1] === undefined ? null : Number(match[1]) * 1024
}

/** CPU seconds the process has used, user and system (fields 14 and 15 of /proc/pid/stat). */
function cpuSeconds (pid: number | undefined): number | null {
  if (pid === undefined || !existsSync(`/proc/${pid}/stat`)) return null
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

// ---------------------------------------------------------------- load

export interface Measurement extends LoadResult {
  scenario: string
  server: string
  /** The client whose headers every request carried (bench/clients.ts), or "mixed". */
  client: string
  rssMax: number | null
  /** Share of one core the server used while loaded: near 100% means it, not the load generator, was the limit. */
  serverCpu: number | null
  /** Cores' worth of CPU the Postgres backends serving the server's database used meanwhile. */
  postgresCpu: number | null
  unexpected: number
  /** RSS samples (bytes) at `sampleMs` intervals, kept for the long mixed load. */
  rssSamples?: number[]
  sampleMs?: number
}

/** Called as the load begins (after the load generator's own start-up) and as it ends. */
export interface LoadHooks {
  started?: () => void
  finished?: () => void
}

export async function drive (
  url: string,
  connections: number,
  requests: LoadPlan['requests'],
  seconds: number,
  hooks: LoadHooks = {},
): Promise<LoadResult> {
  const plan: LoadPlan = { url, connections, durationSeconds: seconds, requests }
  const [command, args] = pinnedCommand(LOAD_CORES, [
    process.execPath,
    '--import',
    'tsx',
    path.join(ROOT, 'bench', 'load.ts'),
  ])
  // The plan goes in on stdin: with a thousand paths and a browser's headers it outgrows
  // the 128 KiB a single argument may hold.
  const child = spawn(command, args, { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] })
  let output = ''
  let pending = ''
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    pending += chunk.toString()
    // bench/load.ts says "started" as autocannon begins, then prints its result line at the end.
    for (let newline = pending.indexOf('\n'); newline !== -1; newline = pending.indexOf('\n')) {
      const line = pending.slice(0, newline)
      pending = pending.slice(newline + 1)
      if (line === 'started') hooks.started?.()
      else if (line.startsWith('{')) hooks.finished?.()
    }
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  child.stdin.end(JSON.stringify(plan))
  const code = await exited
  if (code !== 0) throw new Error(`load generator exited with ${code}`)
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as LoadResult
}

export interface MeasureOptions {
  scenario: string
  client: string
  requests: LoadPlan['requests']
  expected: number
  seconds: number
  connections: number
  /** Keep every RSS sample (the mixed load's plateau is read from them). */
  keepSamples?: boolean
  /** The server's database: the CPU its Postgres backends use is measured too. */
  databaseUrl?: string
  /** Run as the load begins and ends (a profiler started and stopped around the load alone). */
  hooks?: LoadHooks
}

/** The Postgres backends connected to one database now. */
async function backendsOf (databaseUrl: string): Promise<number[]> {
  const client = new pg.Client({ connectionString: maintenanceUrl(databaseUrl) })
  await client.connect()
  try {
    const rows = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = $1 and backend_type = \'client backend\'',
      [new URL(databaseUrl).pathname.slice(1)])
    return rows.rows.map((row) => row.pid)
  } finally {
    await client.end()
  }
}

/** CPU seconds used so far by each of these processes. */
function cpuOf (pids: number[]): Map<number, number> {
  return new Map(pids.flatMap((pid): Array<[number, number]> => {
    const cpu = cpuSeconds(pid)
    return cpu === null ? [] : [[pid, cpu]]
  }))
}

/**
 * Drives the server and measures it. The server's CPU, and that of the Postgres backends
 * serving its database (where a computed answer's time goes that the server's own figure
 * does not show), are read as the load begins and as it ends, so neither counts the load
 * generator's start-up; backends that connect meanwhile count from zero.
 */
export async function measure (server: Server, options: MeasureOptions): Promise<Measurement> {
  const sampleMs = 200
  const samples: number[] = []
  const sampler = setInterval(() => {
    const rss = rssBytes(server.child.pid)
    if (rss !== null) samples.push(rss)
  }, sampleMs)
  const backends = options.databaseUrl === undefined ? [] : await backendsOf(options.databaseUrl)
  const marks: {
    began?: { at: number, server: number | null, postgres: Map<number, number> }
    ended?: { at: number, server: number | null }
  } = {}
  const hooks: LoadHooks = {
    started: () => {
      marks.began = { at: performance.now(), server: cpuSeconds(server.child.pid), postgres: cpuOf(backends) }
      options.hooks?.started?.()
    },
    finished: () => {
      marks.ended = { at: performance.now(), server: cpuSeconds(server.child.pid) }
      options.hooks?.finished?.()
    },
  }
  try {
    const result = await drive(server.url, options.connections, options.requests, options.seconds, hooks)
    const { began: start, ended: end } = marks
    let serverCpu: number | null = null
    let postgresCpu: number | null = null
    if (start !== undefined && end !== undefined) {
      const elapsed = (end.at - start.at) / 1000
      if (start.server !== null && end.server !== null) serverCpu = (end.server - start.server) / elapsed
      if (options.databaseUrl !== undefined) {
        // Read after the load: the backends are still there (the pool keeps them), their CPU no longer grows.
        const after = cpuOf([...new Set([...backends, ...await backendsOf(options.databaseUrl)])])
        let used = 0
        for (const [pid, cpu] of after) used += cpu - (start.postgres.get(pid) ?? 0)
        postgresCpu = used / elapsed
      }
    }
    const unexpected = Object.entries(result.statuses)
      .filter(([code]) => Number(code) !== options.expected)
      .reduce((sum, [, n]) => sum + n, 0)
    const rssMax = samples.length === 0 ? null : Math.max(...samples)
    const measurement: Measurement = {
      ...result,
      scenario: options.scenario,
      client: options.client,
      server: server.name,
      rssMax,
      serverCpu,
      postgresCpu,
      unexpected,
      ...options.keepSamples === true ? { rssSamples: samples, sampleMs } : {},
    }
    const rps = Math.round(result.rps).toString().padStart(6)
    const statuses = unexpected > 0 ? `  ${unexpected} unexpected statuses ${JSON.stringify(result.statuses)}` : ''
    log(`  ${options.scenario.padEnd(24)} ${options.client.padEnd(10)} ${server.name.padEnd(18)} ${rps} req/s  ` +
      `p50 ${result.p50} ms  p99 ${result.p99} ms  RSS ${mb(rssMax)}  CPU server ${percent(serverCpu)} ` +
      `load ${percent(result.loadCpu)} postgres ${percent(postgresCpu)}${statuses}`)
    return measurement
  } finally {
    clearInterval(sampler)
  }
}

/** BENCH_CPU_PROF: unset or 0 for none, 1 for a directory under the system's temporary one, or a directory. */
export function cpuProfileDir (): string | null {
  const setting = process.env.BENCH_CPU_PROF ?? ''
  if (setting === '' || setting === '0') return null
  return path.resolve(setting === '1' ? path.join(os.tmpdir(), 'career-facts-bench-profiles') : setting)
}

/** Node options that preload the profiler a server can be told to start and stop (bench/servers/cpu-profile.ts). */
export const PROFILER_ARGS = ['--import', path.join(REFERENCE, 'cpu-profile.js')]

/**
 * Hooks that start the preloaded profiler as the load begins and stop it as it ends, and a
 * function that waits for the profile and files it as `<dir>/<name>.cpuprofile`.
 */
export function profiler (server: Server, dir: string | null, name: string): {
  hooks: LoadHooks
  collect: () => Promise<string | null>
} {
  if (dir === null) return { hooks: {}, collect: async () => null }
  const before = new Set(readdirSync(dir))
  const toggle = (): void => { server.child.kill('SIGUSR2') }
  return {
    hooks: { started: toggle, finished: toggle },
    collect: async () => {
      for (let waited = 0; waited < 30_000; waited += 100) {
        const written = readdirSync(dir).find((file) => file.endsWith('.cpuprofile') && !before.has(file))
        if (written !== undefined) {
          const file = path.join(dir, `${name}.cpuprofile`)
          renameSync(path.join(dir, written), file)
          return file
        }
        await new Promise((resolve) => setTimeout(resolve, 100))
      }
      throw new Error(`no CPU profile written for ${name}`)
    },
  }
}

export const percent = (share: number | null | undefined): string =>
  share === null || share === undefined || !Number.isFinite(share) ? 'n/a' : `${(share * 100).toFixed(0)}%`
