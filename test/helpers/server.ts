// Starts the real server (src/server.ts, or the built one) as its own process, for what
// only a process can show: signals, exit codes, the log stream. Over a private copy of the
// migrated, seeded template: a PGlite folder unpacked from the snapshot, or a Postgres
// database copied from the template when DATABASE_URL is set.
import { execFile, spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { PGLITE_SNAPSHOT, admin, databaseUrl, templateName, withDatabase } from './database.js'

export interface LogLine {
  level: number
  time: number
  msg: string
  reqId?: string
  [key: string]: unknown
}

export interface RunningProcess {
  /** Every JSON line the process wrote to stdout so far. */
  logs: LogLine[]
  /** Raw stdout and stderr, to check nothing leaks. */
  output: () => string
  kill: (signal: NodeJS.Signals) => void
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null, at: number }>
  onLine: (listener: (line: LogLine) => void) => void
}

export interface RunningServer extends RunningProcess {
  url: string
}

interface Teardown { teardown: (fn: () => unknown) => void }

/**
 * Where a spawned process keeps its data: a copy of the migrated, seeded template, or with
 * `empty` a database the process must migrate and seed itself (a fresh PGlite folder, a new
 * Postgres database). A copy opens in about 0.3 s; migrating and seeding a fresh PGlite folder
 * took each server start 2.5 s more.
 */
export async function databaseEnv (t: Teardown, { empty = false } = {}): Promise<Record<string, string>> {
  if (databaseUrl === null) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'career-facts-server-'))
    t.teardown(() => rm(dir, { recursive: true, force: true }))
    // The snapshot is a plain tar of PGlite's data directory, which PGLITE_DIR opens as is.
    if (!empty) await promisify(execFile)('tar', ['-xf', PGLITE_SNAPSHOT, '-C', dir])
    return { PGLITE_DIR: dir }
  }
  const name = `${templateName(databaseUrl).replace(/_template$/, '')}_srv${process.pid}_${++counter}`
  await admin(databaseUrl, [
    `drop database if exists "${name}"`,
    empty ? `create database "${name}"` : `create database "${name}" template "${templateName(databaseUrl)}"`,
  ])
  t.teardown(() => admin(databaseUrl as string, [`drop database if exists "${name}" with (force)`]))
  return { DATABASE_URL: withDatabase(databaseUrl, name) }
}

let counter = 0

/**
 * The test's environment for a spawned process, with tap's coverage turned off there: tap
 * re-adds its hooks to every child, and a child that loads the sources through another
 * transpiler (tsx, or tsc's dist with source maps) records byte ranges that, merged with the
 * test run's own, corrupt the report. `_TAPJS_PROCESSINFO_COVERAGE_=0` is tap's switch for it.
 */
export function childEnv (): NodeJS.ProcessEnv {
  return { ...process.env, _TAPJS_PROCESSINFO_COVERAGE_: '0' }
}

/** Runs `node <args>` with the given environment, collecting its JSON log lines. */
export function launch (t: Teardown, args: string[], env: Record<string, string>): RunningProcess {
  const child = spawn(process.execPath, args, {
    env: { ...childEnv(), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: LogLine[] = []
  const lineListeners: Array<(line: LogLine) => void> = []
  let raw = ''
  let pending = ''
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null, at: number }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }))
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })
  child.stdout.on('data', (chunk: Buffer) => {
    raw += chunk.toString()
    pending += chunk.toString()
    const lines = pending.split('\n')
    pending = lines.pop() ?? ''
    for (const line of lines) {
      if (!line.startsWith('{')) continue
      const entry = JSON.parse(line) as LogLine
      logs.push(entry)
      for (const listener of lineListeners) listener(entry)
    }
  })
  child.stderr.on('data', (chunk: Buffer) => { raw += chunk.toString() })
  return {
    logs,
    output: () => raw,
    kill: (signal) => child.kill(signal),
    exited,
    onLine: (listener) => lineListeners.push(listener),
  }
}

/** Starts a server (src/server.ts through tsx unless other arguments are given) and waits until it listens. */
export async function startServer (
  t: Teardown, env: Record<string, string> = {}, args = ['--import', 'tsx', 'src/server.ts'],
): Promise<RunningServer> {
  const database = env.PGLITE_DIR !== undefined || env.DATABASE_URL !== undefined ? {} : await databaseEnv(t)
  const child = launch(t, args, { ...database, ...env })
  const url = await new Promise<string>((resolve, reject) => {
    child.onLine((entry) => {
      const address = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(entry.msg)
      if (address?.[1] !== undefined) resolve(address[1])
    })
    void child.exited.then(({ code }) => {
      reject(new Error(`the server exited (${code}) before listening:\n${child.output()}`))
    })
  })
  return { ...child, url }
}
