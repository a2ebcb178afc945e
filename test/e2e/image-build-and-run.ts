// Builds the container image for real (scripts/build-image.sh: buildah, no Docker engine)
// and runs it: the migration command, then the server as the image's user, probed over HTTP
// and stopped with SIGTERM. Not part of `npm test` (the first build takes minutes):
// `npm run test:image`. Skips when buildah or debootstrap is missing, or without root.
import { execFile, spawn } from 'node:child_process'
import { readFile, readdir } from 'node:fs/promises'
import net from 'node:net'
import { promisify } from 'node:util'
import t from 'tap'
import { databaseEnv } from '../helpers/server.js'

const run = promisify(execFile)
const TAG = 'localhost/career-facts-api:test'

async function which (tool: string): Promise<boolean> {
  return run('sh', ['-c', `command -v ${tool}`]).then(() => true, () => false)
}

const missing = [
  ...(await which('buildah') ? [] : ['buildah']),
  ...(await which('debootstrap') ? [] : ['debootstrap']),
  ...(process.getuid?.() === 0 ? [] : ['root']),
]
const skip = missing.length > 0 ? `needs ${missing.join(', ')}` : false

const buildah = (args: string[]) =>
  run('buildah', ['--storage-driver', 'vfs', ...args], { maxBuffer: 64 * 1024 * 1024 })

/** A free port on loopback: the container shares this machine's network (chroot isolation). */
async function freePort (): Promise<number> {
  const server = net.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise((resolve) => server.close(resolve))
  return typeof address === 'object' && address !== null ? address.port : 0
}

/** Processes descended from pid, from /proc. */
async function descendants (pid: number): Promise<number[]> {
  if (!(pid > 1)) throw new Error(`not a child process id: ${pid}`)
  const parents = new Map<number, number>()
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '')
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
    parents.set(Number(entry), ppid)
  }
  const found: number[] = []
  const queue = [pid]
  while (queue.length > 0) {
    const current = queue.shift()
    for (const [child, parent] of parents) if (parent === current) { found.push(child); queue.push(child) }
  }
  return found
}

// The tested image goes afterwards; the base image stays, so the next run skips debootstrap.
// Absent when the build failed, which that test reports.
if (skip === false) t.teardown(() => buildah(['rmi', '--force', TAG]).catch(() => undefined))

t.test('the image builds', { skip, timeout: 1_800_000 }, async (t) => {
  const { stdout } = await run('scripts/build-image.sh', [TAG], { maxBuffer: 64 * 1024 * 1024, timeout: 1_800_000 })
  t.match(stdout, /building localhost\/career-facts-api:test/)
  const image = JSON.parse((await buildah(['inspect', '--type', 'image', TAG])).stdout) as {
    Docker: {
      config: {
        User: string
        ExposedPorts: Record<string, unknown>
        Env: string[]
        Cmd: string[]
        Healthcheck?: { Test: string[] }
      }
    }
  }
  const config = image.Docker.config
  t.equal(config?.User, '1000:1000')
  t.ok(config?.ExposedPorts['3000/tcp'], 'port 3000 exposed')
  t.ok(config?.Env.includes('HOST=0.0.0.0'))
  t.same(config?.Cmd, ['node', 'dist/server.js'])
  t.match(config?.Healthcheck?.Test.join(' '), /\/healthz/)
})

t.test('the image migrates, serves, and stops on SIGTERM', { skip, timeout: 600_000 }, async (t) => {
  const container = (await buildah(['from', TAG])).stdout.trim()
  t.teardown(() => buildah(['rm', container]))
  const port = await freePort()
  const database = await databaseEnv(t)
  // Embedded database in memory inside the container; Postgres when the tests use it.
  const env = {
    PORT: String(port),
    LOG_LEVEL: 'info',
    ...(database.DATABASE_URL !== undefined ? { DATABASE_URL: database.DATABASE_URL } : {}),
  }
  const envArgs = Object.entries(env).flatMap(([key, value]) => ['--env', `${key}=${value}`])

  const migrate = await buildah([
    'run', '--isolation', 'chroot', ...envArgs, container, '--', 'node', 'dist/cli.js', 'migrate',
  ])
  t.match(migrate.stdout, /applied \d{8}T\d{4}_\w+|schema is up to date/, 'node dist/cli.js migrate works in the image')

  const server = spawn('buildah', [
    '--storage-driver', 'vfs', 'run', '--isolation', 'chroot', ...envArgs, container, '--', 'node', 'dist/server.js',
  ], { stdio: ['ignore', 'pipe', 'pipe'] })
  let output = ''
  server.stdout.on('data', (chunk: Buffer) => { output += chunk.toString() })
  server.stderr.on('data', (chunk: Buffer) => { output += chunk.toString() })
  const exited = new Promise<number | null>((resolve) => server.once('exit', (code) => resolve(code)))
  t.teardown(() => { if (server.exitCode === null) server.kill('SIGKILL') })

  const base = `http://127.0.0.1:${port}`
  for (let i = 0; i < 240 && !/"msg":"ready"/.test(output); i++) {
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  t.match(output, /"msg":"ready"/, 'the server started')
  t.equal((await fetch(`${base}/healthz`)).status, 200)
  t.equal((await fetch(`${base}/readyz`)).status, 200)
  const career = await (await fetch(`${base}/v1/careers/29-2072`)).json() as { slug: string }
  t.equal(career.slug, 'health-information-technician')
  t.match(
    await (await fetch(`${base}/metrics`)).text(),
    /http_requests_total\{method="GET",route="\/v1\/careers\/:key",status_code="200"\} 1/,
  )

  // The node process inside runs as the image's user, not root.
  const node = []
  for (const pid of await descendants(server.pid ?? 0)) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '')
    if (/^Name:\s+node$/m.test(status)) node.push({ pid, uid: /^Uid:\s+(\d+)/m.exec(status)?.[1] })
  }
  t.equal(node.length, 1, 'one node process in the container')
  t.equal(node[0]?.uid, '1000', 'running as uid 1000')
  const pid = node[0]?.pid
  if (pid === undefined) throw new Error('the server process was not found under buildah run')

  // As a container runtime stops a container: SIGTERM to the process itself.
  process.kill(pid, 'SIGTERM')
  t.equal(await exited, 0, 'SIGTERM: a clean exit')
  t.match(output, /"msg":"stopped"/)
})
