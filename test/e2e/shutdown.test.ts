import { spawn } from 'node:child_process'
import t from 'tap'
import { closeWithin } from '../../src/shutdown.js'
import { setupApp, type TestContext } from '../helpers/app.js'
import { childEnv, databaseEnv, startServer } from '../helpers/server.js'

/** An app with a route that holds its request until released, listening on loopback. */
async function appWithHeldRequest (t: TestContext) {
  const { app } = await setupApp(t)
  let arrived!: () => void
  const started = new Promise<void>((resolve) => { arrived = resolve })
  let release!: () => void
  const released = new Promise<void>((resolve) => { release = resolve })
  app.get('/test/held', async () => {
    arrived()
    await released
    return { status: 'done' }
  })
  const url = await app.listen({ host: '127.0.0.1', port: 0 })
  // fetch keeps the connection alive afterwards, as load balancers do.
  const response = fetch(`${url}/test/held`)
  await started
  return { app, response, release }
}

t.test('a request in flight finishes, then the server closes, keep-alive connection and all', async (t) => {
  const { app, response, release } = await appWithHeldRequest(t)
  const closing = closeWithin(app, 5000)
  await new Promise((resolve) => setTimeout(resolve, 200))
  release()
  t.equal((await response).status, 200, 'the request accepted before closing succeeds')
  t.equal(await closing, 0, 'closed within the bound: exit code 0')
})

t.test('a request that outlives the bound does not hold the process', async (t) => {
  const { app, response, release } = await appWithHeldRequest(t)
  t.equal(await closeWithin(app, 300), 1, 'a timed-out shutdown exits non-zero')
  release()
  t.equal((await response).status, 200, 'the request itself still completes once released')
  app.server.closeAllConnections()
})

t.test('SIGTERM under load: every request accepted before the signal succeeds, then exit 0', async (t) => {
  const secret = 'Bearer s3cr3t-token-never-logged'
  // The load comes from one address, far past the default rate limit.
  const server = await startServer(t, { SHUTDOWN_TIMEOUT: '10', RATE_LIMIT_MAX: '1000000' })
  // An unknown key is refused (401); what matters here is that it is never logged.
  const refused = await fetch(`${server.url}/healthz`, { headers: { authorization: secret } })
  t.equal(refused.status, 401)
  const paths = [
    '/v1/careers?q=medical%20records',
    '/v1/careers/health-information-technician',
    '/healthz',
    '/v1/careers?sort=soc&limit=3',
  ]
  const outcomes = new Map<string, number | string>()
  let signalAt = Number.POSITIVE_INFINITY
  let sent = 0

  // Bounded load: each worker stops at its first failure after the signal, or at the cap.
  const worker = async (w: number): Promise<void> => {
    for (let i = 0; i < 400; i++) {
      const id = `load-${w}-${i}`
      sent++
      try {
        const response = await fetch(`${server.url}${paths[(w + i) % paths.length] ?? '/healthz'}`, {
          headers: { 'x-request-id': id },
        })
        await response.arrayBuffer()
        outcomes.set(id, response.status)
        if (response.status !== 200 && Date.now() > signalAt) return
      } catch (error) {
        outcomes.set(id, String((error as Error).cause ?? error))
        if (Date.now() > signalAt) return
      }
    }
  }
  const load = Promise.all(Array.from({ length: 12 }, (_, w) => worker(w)))
  // Signal once the load is under way, at a moment when the server's log shows several
  // requests started and not yet completed.
  const inFlight = (): number => {
    const started = new Set(server.logs.filter((line) => line.msg === 'incoming request').map((line) => line.reqId))
    for (const line of server.logs) if (line.msg === 'request completed') started.delete(line.reqId)
    return started.size
  }
  for (let polls = 0; polls < 3000 && sent < 4800 && (outcomes.size < 60 || inFlight() < 3); polls++) {
    await new Promise((resolve) => setTimeout(resolve, 5))
  }
  signalAt = Date.now()
  server.kill('SIGTERM')
  const [exit] = await Promise.all([server.exited, load])

  t.equal(exit.code, 0, 'exit code 0')
  t.ok(exit.at - signalAt < 10_000, `exited within the 10 s bound (${exit.at - signalAt} ms)`)

  const incoming = server.logs
    .filter((line) => line.msg === 'incoming request' && line.reqId?.startsWith('load-') === true)
  const acceptedBefore = incoming.filter((line) => line.time <= signalAt).map((line) => line.reqId ?? '')
  const failed = acceptedBefore.filter((id) => outcomes.get(id) !== 200)
  t.ok(acceptedBefore.length >= 60, `${acceptedBefore.length} requests accepted before the signal`)
  t.same(failed.map((id) => `${id}: ${String(outcomes.get(id))}`), [], 'none of them failed')

  const completedAfter = server.logs.filter((line) =>
    line.msg === 'request completed' && line.time > signalAt && acceptedBefore.includes(line.reqId ?? ''))
  // How many were mid-flight at the signal depends on scheduling; the first test in this
  // file proves an in-flight request finishes. Here every accepted request must succeed.
  t.comment(`${completedAfter.length} were still in flight at the signal and finished`)
  t.ok(server.logs.some((line) => line.msg === 'stopped' && line.code === 0), 'the shutdown is logged')

  t.ok(incoming.every((line) => outcomes.has(line.reqId ?? '')), 'log lines carry the request id the client sent')
  t.notMatch(server.output(), /s3cr3t/, 'the authorization header never reaches the logs')
})

t.test('npm start stops on SIGTERM sent to npm, as a supervisor running it would send', async (t) => {
  const child = spawn('npm', ['start', '--silent'], {
    env: { ...childEnv(), ...await databaseEnv(t), HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  t.teardown(() => { if (child.exitCode === null) child.kill('SIGKILL') })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const address = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (address?.[1] !== undefined) resolve(address[1])
    })
    child.once('exit', (code) => reject(new Error(`npm start exited (${code}) before listening:\n${output}`)))
  })
  t.equal((await fetch(`${url}/healthz`)).status, 200, 'serving')
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  child.kill('SIGTERM')
  t.equal(await exited, 0, 'npm exits 0: the server finished its shutdown')
  t.match(output, /"msg":"stopped"/, 'the server itself received the signal and stopped')
  const after = await fetch(`${url}/healthz`).then((response) => response.status, () => 'refused')
  t.equal(after, 'refused', 'nothing serves on the port any more')
})
