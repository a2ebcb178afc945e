// Database faults: the service lives through lost connections and a restarted Postgres. While
// the database is away it answers 503 problem+json with Retry-After, promptly; once the
// database is back it serves again, and its answer cache hears changes again.
import net from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import pg from 'pg'
import t from 'tap'
import { buildApp } from '../src/app.js'
import type { Queryable } from '../src/db/queryable.js'
import { databaseName } from '../src/db/admin.js'
import { connect, type Db } from '../src/db/connect.js'
import { isConnectionError } from '../src/db/faults.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seed } from '../src/seed/load.js'
import { testConfig } from './helpers/app.js'
import { admin, databaseUrl, withDatabase } from './helpers/database.js'
import { bearer, createKey } from './helpers/keys.js'
import { postgresInstanceSkipReason, startPostgresInstance } from './helpers/postgres-instance.js'
import { databaseEnv, startServer } from './helpers/server.js'

// What the issue asks: every answer within 2 s during lost connections, within 1 s while
// the database is down, and serving again within 2 s of Postgres accepting connections.
const ANSWER_WITHIN_MS = 2000
const OUTAGE_ANSWER_WITHIN_MS = 1000
const BACK_WITHIN_MS = 2000
// Bounds of every request loop here, in requests and in time.
const WORKERS = 8
const THINK_MS = 5
const MAX_REQUESTS = 20_000
const LOAD_LIMIT_MS = 30_000
const ABORT_AFTER_MS = 5000
const PROFILE = '/v1/careers/health-information-technician'
const WORDS = ['health', 'nurse', 'medical', 'records', 'coding', 'technician', 'manager', 'therapist', 'billing']
const config = { ...testConfig, rateLimitMax: 1_000_000 }

interface Answer {
  path: string
  /** performance.now() when sent and when the whole body had arrived; 0 status: no answer. */
  start: number
  end: number
  status: number
  contentType: string
  retryAfter: string | null
  type: string | null
  etag: string | null
  body: string
}

async function get (base: string, path: string): Promise<Answer> {
  const start = performance.now()
  try {
    const response = await fetch(`${base}${path}`, { signal: AbortSignal.timeout(ABORT_AFTER_MS) })
    const body = await response.text()
    const header = (name: string): string | null => response.headers.get(name)
    const contentType = header('content-type') ?? ''
    const type = contentType.startsWith('application/problem+json') ? (JSON.parse(body) as { type: string }).type : null
    const { status } = response
    const end = performance.now()
    const retryAfter = header('retry-after')
    return { path, start, end, status, contentType, retryAfter, type, etag: header('etag'), body }
  } catch (error) {
    const nothing = { status: 0, contentType: '', retryAfter: null, type: null, etag: null }
    return { path, start, end: performance.now(), ...nothing, body: String(error) }
  }
}

/** A GET the answer cache has never seen: the search words carry the request's number. */
const uncached = (i: number): string => `/v1/careers?q=${WORDS[i % WORDS.length] ?? ''}%20${i}&limit=${1 + (i % 20)}`

interface Load {
  answered: () => number
  stop: () => Promise<Answer[]>
}

/** WORKERS loops sending GETs one after another until stopped, or at the bounds. */
function startLoad (base: string, pathOf: (i: number) => string): Load {
  const answers: Answer[] = []
  let running = true
  let sent = 0
  const deadline = setTimeout(() => { running = false }, LOAD_LIMIT_MS)
  const worker = async (): Promise<void> => {
    while (running && sent < MAX_REQUESTS) {
      answers.push(await get(base, pathOf(sent++)))
      await sleep(THINK_MS)
    }
  }
  const done = Promise.all(Array.from({ length: WORKERS }, worker))
  return {
    answered: () => answers.length,
    stop: async () => {
      running = false
      await done
      clearTimeout(deadline)
      return answers
    },
  }
}

const ms = (value: number): number => Math.round(value)
const latency = (answer: Answer): number => answer.end - answer.start
const maxLatency = (answers: Answer[]): number => ms(Math.max(0, ...answers.map(latency)))
const describe = (a: Answer): string => `${a.status} ${a.path} in ${ms(latency(a))} ms: ${a.body.slice(0, 160)}`

function tally (answers: Answer[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const a of answers) {
    const key = a.type === null ? String(a.status) : `${a.status} ${a.type}`
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}

/** A database-unavailable answer: 503 problem+json with a Retry-After in seconds. */
const isUnavailable = (a: Answer): boolean => a.status === 503 &&
  a.contentType.startsWith('application/problem+json') && a.retryAfter !== null && /^\d+$/.test(a.retryAfter)

interface Teardown { teardown: (fn: () => unknown) => void }

interface Asserts {
  same: (found: unknown, wanted: unknown, message: string) => boolean
}

/** Every answer is a 200 or a well-formed 503, none later than `withinMs`. */
function assertServedOrUnavailable (t: Asserts, answers: Answer[], withinMs: number): void {
  const neither = answers.filter((a) => a.status !== 200 && !isUnavailable(a))
  t.same(neither.slice(0, 5).map(describe), [], 'only 200s and 503 problem+json with Retry-After')
  const late = answers.filter((a) => latency(a) >= withinMs)
  t.same(late.slice(0, 5).map(describe), [], `every answer within ${withinMs} ms`)
}

/** Polls until `check` holds, every 10 ms for at most `withinMs`; the time it held, or null. */
async function when (withinMs: number, check: () => boolean | Promise<boolean>): Promise<number | null> {
  const until = performance.now() + withinMs
  while (performance.now() < until) {
    if (await check()) return performance.now()
    await sleep(10)
  }
  return null
}

t.test('database hangs: /readyz 503 within a second, a read at the pool timeout', { timeout: 30_000 }, async (t) => {
  // Accepts connections and never says a word: a database behind a broken network path.
  const sockets = new Set<net.Socket>()
  const silent = net.createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
  })
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
  const { port } = silent.address() as net.AddressInfo
  const handle = await connect({ databaseUrl: `postgres://postgres@127.0.0.1:${port}/silent`, poolMax: 2 })
  t.teardown(() => handle.close())
  const app = await buildApp({ config, db: handle.db })
  t.teardown(() => app.close())
  // First of the teardowns: with the silence broken, whatever still waits fails and closes.
  t.teardown(() => new Promise((resolve) => {
    for (const socket of sockets) socket.destroy()
    silent.close(resolve)
  }))

  let started = performance.now()
  const ready = await app.inject({ url: '/readyz' })
  const readyMs = performance.now() - started
  t.equal(ready.statusCode, 503)
  t.match(ready.headers['content-type'], /^application\/problem\+json/)
  t.equal(ready.headers['retry-after'], '1')
  t.ok(readyMs < 1500, `/readyz answered in ${ms(readyMs)} ms`)

  started = performance.now()
  const read = await app.inject({ url: uncached(1) })
  const readMs = performance.now() - started
  t.equal(read.statusCode, 503)
  t.match(read.json(), { status: 503, type: '/problems/not-ready' })
  t.equal(read.headers['retry-after'], '1')
  t.ok(readMs >= 1900 && readMs < 3000, `a read gave up after ${ms(readMs)} ms, the pool's connection timeout`)
})

t.test('the server process lives while Postgres ends its sessions under load', {
  skip: databaseUrl === null ? 'needs DATABASE_URL: the embedded database has no sessions to end' : false,
  timeout: 90_000,
}, async (t) => {
  const env = await databaseEnv(t)
  const url = env.DATABASE_URL ?? ''
  const server = await startServer(t, { ...env, RATE_LIMIT_MAX: '1000000', LOG_LEVEL: 'info' })
  let exited: unknown = null
  void server.exited.then((exit) => { exited = exit })
  const killer = new pg.Client({ connectionString: url, application_name: 'db-faults-killer' })
  await killer.connect()
  t.teardown(() => killer.end())
  const LISTENING = 'listening for data changes; answer cache on'
  const DEAF = 'data changes no longer heard; answer cache off until listening again'
  const logged = (msg: string): number => server.logs.filter((line) => line.msg === msg).length
  const listeningAgain = (): boolean => {
    const messages = server.logs.map((line) => line.msg)
    return messages.lastIndexOf(LISTENING) > messages.lastIndexOf(DEAF)
  }

  /** Ends the server's sessions on its database, the LISTEN connection's too when asked; how many. */
  async function terminate (listener: boolean): Promise<number> {
    const { rows } = await killer.query<{ n: number }>(`
      select count(*) filter (where pg_terminate_backend(pid))::int as n from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid() and backend_type = 'client backend'
        and ($2 or application_name <> 'career-facts-changes')`, [databaseName(url), listener])
    return rows[0]?.n ?? 0
  }

  for (const listener of [false, true]) {
    const name = listener ? 'pool and LISTEN sessions ended' : 'pool sessions ended, the LISTEN one spared'
    await t.test(name, async (t) => {
      const deafBefore = logged(DEAF)
      const load = startLoad(server.url, uncached)
      let terminated = 0
      let rounds = 0
      const stormEnds = performance.now() + 3000
      while (performance.now() < stormEnds) {
        terminated += await terminate(listener)
        rounds++
        // Longer than a search takes here, so some finish, and short enough to hit queries in
        // flight (how long a search takes: README, "Figures behind the code").
        await sleep(250)
      }
      const answers = await load.stop()
      t.comment(`${answers.length} requests, ${terminated} sessions ended in ${rounds} rounds: ` +
        `${JSON.stringify(tally(answers))}, slowest ${maxLatency(answers)} ms`)
      t.ok(terminated > rounds / 2, 'sessions were ended while requests ran')
      t.ok(answers.some((a) => a.status === 200), 'requests were served during the storm')
      t.ok(answers.some(isUnavailable), 'and queries in flight were hit: answered 503')
      assertServedOrUnavailable(t, answers, ANSWER_WITHIN_MS)

      const readyAt = await when(BACK_WITHIN_MS, async () => (await get(server.url, '/readyz')).status === 200)
      t.not(readyAt, null, 'ready again')
      const after = await Promise.all(Array.from({ length: 40 }, (_, i) => get(server.url, uncached(MAX_REQUESTS + i))))
      t.same(after.filter((a) => a.status !== 200).map(describe), [], 'after the storm every request is served')
      if (listener) {
        t.ok(logged(DEAF) > deafBefore, 'the LISTEN connection was lost')
        t.not(await when(BACK_WITHIN_MS, listeningAgain), null, 'and listens again')
      } else {
        t.equal(logged(DEAF), deafBefore, 'the LISTEN connection was spared')
      }
    })
  }
  t.equal(exited, null, 'the server process is still running')
  t.notMatch(server.output(), /Unhandled 'error' event|uncaughtException/)
})

// Runs in both CI passes: it starts its own server, and the PGlite pass gets the Postgres
// fault paths covered too.
const instanceSkip = await postgresInstanceSkipReason()

t.test('a private PostgreSQL', { skip: instanceSkip, timeout: 110_000 }, async (t) => {
  const instance = await startPostgresInstance(t)
  t.teardown(async () => { if (!t.passing()) t.comment(`server log:\n${await instance.log()}`) })
  await admin(instance.url, ['create database career_facts'])
  const url = withDatabase(instance.url, 'career_facts')

  const pidOf = async (db: Queryable): Promise<number> => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)
    return rows[0]?.pid ?? 0
  }

  /** A pool of one connection, and the way to end a session from a second connection. */
  async function singleAndKiller (t: Teardown): Promise<{ db: Db, terminate: (pid: number) => Promise<void> }> {
    const single = await connect({ databaseUrl: url, poolMax: 1 })
    t.teardown(() => single.close())
    const killer = new pg.Client({ connectionString: url })
    await killer.connect()
    t.teardown(() => killer.end())
    const terminate = async (pid: number): Promise<void> => {
      await killer.query('select pg_terminate_backend($1)', [pid])
    }
    return { db: single.db, terminate }
  }

  await t.test('a connection whose session ends during a query is not handed out again', async (t) => {
    const { db, terminate } = await singleAndKiller(t)
    const first = await pidOf(db)
    const outcome = sql`select pg_sleep(10)`.execute(db).then(() => null, (error: unknown) => error)
    await sleep(200)
    await terminate(first)
    const error = await outcome
    t.match(error, { code: '57P01' }, 'the query in flight failed: its session was ended')
    t.ok(isConnectionError(error), 'which is a connection failure (503)')
    const next = await pidOf(db)
    t.not(next, first, 'the very next query runs, on a new connection')
  })

  await t.test('a connection whose session ends between two queries of a transaction', async (t) => {
    const { db, terminate } = await singleAndKiller(t)
    let first = 0
    const error = await db.transaction().execute(async (trx) => {
      first = await pidOf(trx)
      await terminate(first)
      // The session's end reaches the client while it is checked out and runs no query.
      await sleep(200)
      return sql`select 1`.execute(trx)
    }).then(() => null, (failure: unknown) => failure)
    t.ok(isConnectionError(error), `the transaction failed as a connection failure: ${String(error)}`)
    const next = await pidOf(db)
    t.not(next, first, 'the next query runs on a new connection')
  })

  await t.test('stopped and started again under load', async (t) => {
    let lost = 0
    const onConnectionLost = (): void => { lost++ }
    const handle = await connect({ databaseUrl: url, poolMax: 4, statementTimeoutMs: 5000, onConnectionLost })
    t.teardown(() => handle.close())
    await migrateToLatest(handle.db)
    await seed(handle.db)
    const editor = await createKey(handle.db, 'editor', 'read,write')
    const app: FastifyInstance = await buildApp({
      config, db: handle.db, readDb: handle.readDb, changes: handle.changes, poolStats: handle.poolStats,
    })
    t.teardown(() => app.close())
    const base = await app.listen({ host: '127.0.0.1', port: 0 })
    const answers = app.answers
    if (answers === null) throw new Error('the app keeps no answers')
    t.equal(answers.active, true, 'the answer cache is on')

    // Half the load is the profile the cache keeps, half searches it never saw. The first
    // queries on a new server are slow (nothing cached, statements prepared), so it runs until
    // a good number have been answered.
    const load = startLoad(base, (i) => i % 2 === 0 ? PROFILE : uncached(i))
    t.not(await when(10_000, () => load.answered() >= 100), null, 'served under load')
    const stopping = performance.now()
    await instance.stop()
    const down = performance.now()
    t.equal(answers.active, false, 'the answer cache is off while changes cannot be heard')
    const probes: Answer[] = []
    while (performance.now() < down + 3000) {
      probes.push(await get(base, '/readyz'))
      await sleep(200)
    }
    const starting = performance.now()
    await instance.start()
    const up = performance.now()
    const readyAt = await when(BACK_WITHIN_MS + 3000, async () => (await get(base, '/readyz')).status === 200)
    const listeningAt = await when(BACK_WITHIN_MS + 3000, () => answers.active)
    // The load goes on past the bound, to see what traffic gets once it is over.
    await sleep(Math.max(0, up + BACK_WITHIN_MS + 1000 - performance.now()))
    const all = await load.stop()

    const outage = all.filter((a) => a.start >= down && a.end <= starting)
    const before = all.filter((a) => a.end <= stopping)
    const back = all.filter((a) => a.start >= up + BACK_WITHIN_MS)
    const since = (at: number | null): string => at === null ? 'never' : `${ms(at - up)} ms`
    t.comment(`${all.length} requests: before ${JSON.stringify(tally(before))}; ` +
      `outage ${JSON.stringify(tally(outage))}, slowest ${maxLatency(outage)} ms; ` +
      `after ${JSON.stringify(tally(back))}; ` +
      `/readyz during the outage ${JSON.stringify(tally(probes))}, slowest ${maxLatency(probes)} ms; ` +
      `pg_ctl stop took ${ms(down - stopping)} ms; from accepting connections to /readyz 200: ${since(readyAt)}, ` +
      `to listening again: ${since(listeningAt)}; idle connections lost: ${lost}`)
    t.ok(before.length > 0 && before.every((a) => a.status === 200), 'served before the outage')
    t.ok(outage.length > 0, 'requests were sent during the outage')
    const notReady = (a: Answer): boolean => isUnavailable(a) && a.type === '/problems/not-ready'
    t.same(outage.filter((a) => !notReady(a)).slice(0, 5).map(describe), [], 'during the outage: 503 not-ready')
    t.ok(maxLatency(outage) < OUTAGE_ANSWER_WITHIN_MS, `answered within ${OUTAGE_ANSWER_WITHIN_MS} ms`)
    t.ok(probes.length > 0 && probes.every(isUnavailable), '/readyz is 503 during the outage')
    t.ok(maxLatency(probes) < OUTAGE_ANSWER_WITHIN_MS, `/readyz answered within ${OUTAGE_ANSWER_WITHIN_MS} ms`)
    assertServedOrUnavailable(t, all, ANSWER_WITHIN_MS)
    t.ok(readyAt !== null && readyAt - up < BACK_WITHIN_MS, `/readyz 200 within ${BACK_WITHIN_MS} ms of Postgres`)
    t.ok(listeningAt !== null && listeningAt - up < BACK_WITHIN_MS, `listening for changes within ${BACK_WITHIN_MS} ms`)
    t.ok(back.length > 0, 'requests were sent after the bound')
    t.same(back.filter((a) => a.status !== 200).slice(0, 5).map(describe), [], 'then every request is served')
    // Under load every pooled connection may be busy when Postgres stops; with the load over they
    // sit idle, so stopping it once more is sure to reach idle ones.
    const lostUnderLoad = lost
    await instance.stop()
    t.not(await when(3000, () => lost > lostUnderLoad), null, 'the pool heard its idle connections go, and lived')
    await instance.start()
    const servesAgain = async (): Promise<boolean> => answers.active && (await get(base, '/readyz')).status === 200
    t.not(await when(BACK_WITHIN_MS + 3000, servesAgain), null, 'and serves again, listening for changes')

    await t.test('the answer cache invalidates again', async (t) => {
      const title = async (): Promise<string> => {
        const answer = await get(base, PROFILE)
        return (JSON.parse(answer.body) as { title: string }).title
      }
      await title()
      const hits = answers.stats().hits
      const original = await title()
      t.ok(answers.stats().hits > hits, 'the profile is answered from memory')

      const direct = new pg.Client({ connectionString: url })
      await direct.connect()
      t.teardown(() => direct.end())
      const changed = performance.now()
      await direct.query("update career set title = 'Retitled by SQL' where slug = 'health-information-technician'")
      const heardAt = await when(BACK_WITHIN_MS, async () => await title() === 'Retitled by SQL')
      t.ok(heardAt !== null, `a change made with SQL is seen (${heardAt === null ? 'not' : ms(heardAt - changed)} ms)`)

      const current = await get(base, PROFILE)
      const patched = await fetch(`${base}${PROFILE}`, {
        method: 'PATCH',
        headers: { ...bearer(editor), 'content-type': 'application/merge-patch+json', 'if-match': current.etag ?? '' },
        body: JSON.stringify({ title: original }),
      })
      t.equal(patched.status, 200, 'an API write is accepted')
      t.equal(await title(), original, 'and its change is seen at once')
      t.equal(answers.active, true, 'the cache stayed on')
    })
  })
})
