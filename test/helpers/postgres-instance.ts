// A private PostgreSQL server for tests that stop and start it: its own data folder under
// the temp dir and its own port on 127.0.0.1, never the machine's server on 5432. initdb and
// pg_ctl refuse to run as root, so as root they run as the `postgres` OS user.
import { execFile, spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { access, chown, mkdtemp, readFile, rm } from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export const POSTGRES_BIN = process.env.TEST_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin'
const RUNUSER = ['/usr/sbin/runuser', '/sbin/runuser', '/usr/bin/runuser']
// initdb takes a few seconds on a busy machine; starting and stopping well under one.
const COMMAND_TIMEOUT_MS = 60_000

export interface PostgresInstance {
  /** The `postgres` database of this server; trust authentication as user postgres. */
  url: string
  port: number
  /** pg_ctl stop -m fast: sessions are ended, the port closes. */
  stop: () => Promise<void>
  /** pg_ctl start, resolving once the server accepts connections. */
  start: () => Promise<void>
  /** The server's own log, to explain a failure. */
  log: () => Promise<string>
}

interface Teardown { teardown: (fn: () => unknown) => void }

async function exists (file: string): Promise<boolean> {
  return access(file).then(() => true, () => false)
}

async function runuserPath (): Promise<string | null> {
  for (const candidate of RUNUSER) if (await exists(candidate)) return candidate
  return null
}

const isRoot = (): boolean => process.getuid?.() === 0

/** false when a private server can be started here; otherwise why not. */
export async function postgresInstanceSkipReason (): Promise<string | false> {
  for (const tool of ['initdb', 'pg_ctl']) {
    if (!await exists(path.join(POSTGRES_BIN, tool))) return `no ${tool} in ${POSTGRES_BIN} (the PostgreSQL 15 server)`
  }
  if (!isRoot()) return false
  if (await runuserPath() === null) return 'running as root and no runuser to run initdb as the postgres user'
  const user = spawnSync('id', ['-u', 'postgres'])
  if (user.status !== 0) return 'running as root and there is no postgres OS user to run initdb as'
  return false
}

/** A port nothing listens on right now. */
async function freePort (): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function idOf (flag: '-u' | '-g'): number {
  return Number(spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim())
}

/** The command line that runs a server binary as a user it accepts. */
function asServerUser (runuser: string | null, tool: string, args: string[]): [string, string[]] {
  const binary = path.join(POSTGRES_BIN, tool)
  return runuser === null ? [binary, args] : [runuser, ['-u', 'postgres', '--', binary, ...args]]
}

/**
 * initdb + pg_ctl start in a fresh temp folder. Teardown stops the server and removes the
 * folder, and so does the test process's exit if the teardown never ran.
 */
export async function startPostgresInstance (t: Teardown): Promise<PostgresInstance> {
  const runuser = isRoot() ? await runuserPath() : null
  const dir = await mkdtemp(path.join(os.tmpdir(), 'career-facts-pg-'))
  if (runuser !== null) await chown(dir, idOf('-u'), idOf('-g'))
  const data = path.join(dir, 'data')
  const logFile = path.join(dir, 'server.log')
  const port = await freePort()
  const pgCtl = (args: string[]): Promise<unknown> => {
    const [command, argv] = asServerUser(runuser, 'pg_ctl', ['-D', data, ...args])
    return run(command, argv, { timeout: COMMAND_TIMEOUT_MS })
  }
  const options = [
    `-k ${dir}`, `-p ${port}`, '-c listen_addresses=127.0.0.1',
    // Nothing here needs to survive a crash of the machine.
    '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off',
  ].join(' ')

  const cleanUp = (): void => {
    const [command, argv] = asServerUser(runuser, 'pg_ctl', ['-D', data, '-m', 'immediate', 'stop'])
    spawnSync(command, argv, { timeout: COMMAND_TIMEOUT_MS, stdio: 'ignore' })
    rmSync(dir, { recursive: true, force: true })
  }
  process.once('exit', cleanUp)
  t.teardown(async () => {
    process.removeListener('exit', cleanUp)
    await pgCtl(['-m', 'immediate', 'stop']).catch(() => undefined)
    await rm(dir, { recursive: true, force: true })
  })

  const [initdb, initArgs] = asServerUser(runuser, 'initdb', [
    '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync', '--no-instructions',
  ])
  await run(initdb, initArgs, { timeout: COMMAND_TIMEOUT_MS })
  const start = async (): Promise<void> => { await pgCtl(['-l', logFile, '-o', options, '-w', '-t', '30', 'start']) }
  await start()
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: async () => { await pgCtl(['-m', 'fast', '-w', 'stop']) },
    log: () => readFile(logFile, 'utf8').catch(() => ''),
  }
}
