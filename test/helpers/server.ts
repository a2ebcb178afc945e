// Starts the real server (src/server.ts) as its own process, for what only a process can
// show: signals, exit codes, the log stream. Over PGlite in a fresh folder (migrated and
// seeded at start), or over a private copy of the Postgres template when DATABASE_URL is set.
import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { admin, databaseUrl, templateName, withDatabase } from './database.js'

export interface LogLine {
  level: number
  time: number
  msg: string
  reqId?: string
  [key: string]: unknown
}

export interface RunningServer {
  url: string
  /** Every JSON line the process wrote to stdout so far. */
  logs: LogLine[]
  /** Raw stdout and stderr, to check nothing leaks. */
  output: () => string
  kill: (signal: NodeJS.Signals) => void
  exited: Promise<{ code: number | null, signal: NodeJS.Signals | null, at: number }>
}

const SERVER = path.resolve('src/server.ts')

export async function startServer (t: { teardown: (fn: () => unknown) => void }, env: Record<string, string> = {}): Promise<RunningServer> {
  const databaseEnv: Record<string, string> = {}
  if (databaseUrl === null) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'career-facts-server-'))
    t.teardown(() => rm(dir, { recursive: true, force: true }))
    databaseEnv.PGLITE_DIR = dir
  } else {
    const name = `${templateName(databaseUrl).replace(/_template$/, '')}_srv${process.pid}`
    await admin(databaseUrl, [`drop database if exists "${name}"`, `create database "${name}" template "${templateName(databaseUrl)}"`])
    t.teardown(() => admin(databaseUrl as string, [`drop database if exists "${name}" with (force)`]))
    databaseEnv.DATABASE_URL = withDatabase(databaseUrl, name)
  }

  const child = spawn(process.execPath, ['--import', 'tsx', SERVER], {
    env: { ...process.env, ...databaseEnv, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const logs: LogLine[] = []
  let raw = ''
  let pending = ''
  const exited = new Promise<{ code: number | null, signal: NodeJS.Signals | null, at: number }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() }))
  })
  t.teardown(() => { if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL') })

  const listening = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      raw += chunk.toString()
      pending += chunk.toString()
      const lines = pending.split('\n')
      pending = lines.pop() ?? ''
      for (const line of lines) {
        const entry = JSON.parse(line) as LogLine
        logs.push(entry)
        const address = /^Server listening at (http:\/\/127\.0\.0\.1:\d+)$/.exec(entry.msg)
        if (address?.[1] !== undefined) resolve(address[1])
      }
    })
    child.stderr.on('data', (chunk: Buffer) => { raw += chunk.toString() })
    void exited.then(({ code }) => reject(new Error(`the server exited (${code}) before listening:\n${raw}`)))
  })
  const url = await listening
  return { url, logs, output: () => raw, kill: (signal) => child.kill(signal), exited }
}
