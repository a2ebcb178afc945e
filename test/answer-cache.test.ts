// The in-memory answer cache: repeated GETs are answered without a query, and every data
// change, from this instance, another instance or plain SQL, empties it.
import { setTimeout as sleep } from 'node:timers/promises'
import zlib from 'node:zlib'
import type { FastifyInstance } from 'fastify'
import { sql } from 'kysely'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { loadConfig, type Config } from '../src/config.js'
import { postgresChanges } from '../src/db/changes.js'
import { connect, type DatabaseHandle } from '../src/db/connect.js'
import { AnswerCache, COMPRESS_FROM_BYTES, answerKey, preferredCoding } from '../src/http/answer-cache.js'
import { afterChange, setupApp, testConfig } from './helpers/app.js'
import { databaseUrl } from './helpers/database.js'
import { bearer, createKey } from './helpers/keys.js'

const { app, database } = await setupApp(t)
const db = database.db
const editor = bearer(await createKey(db, 'editor', 'read,write'))
const reader = bearer(await createKey(db, 'reader', 'read'))

const SLUG = 'health-information-technician'
const PROFILE = `/v1/careers/${SLUG}`

interface Teardown { teardown: (fn: () => unknown) => void }

/** Another app over the same database: the same handle, or (over Postgres) its own pools and listener. */
async function instance (
  t: Teardown,
  config: Partial<Config> = {},
  handle: DatabaseHandle = database,
): Promise<FastifyInstance> {
  const other = await buildApp({
    config: { ...testConfig, ...config },
    db: handle.db,
    readDb: handle.readDb,
    changes: handle.changes,
  })
  t.teardown(() => other.close())
  return other
}

/** A second connection to the test database, as another server process would hold. */
async function secondHandle (t: Teardown): Promise<DatabaseHandle> {
  if (database.url === null) return database
  const handle = await connect({ databaseUrl: database.url, poolMax: 2 })
  t.teardown(() => handle.close())
  return handle
}

async function title (on: FastifyInstance): Promise<string> {
  const response = await on.inject({ url: PROFILE })
  return response.json<{ title: string }>().title
}

/** Polls until the check holds, a bounded number of times: a notification takes a moment to arrive. */
async function eventually (check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return true
    await sleep(10)
  }
  return false
}

/** Changes the title with SQL while the triggers are off, so no change is announced. */
async function silentRetitle (value: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`set local session_replication_role = replica`.execute(trx)
    await trx.updateTable('career').set({ title: value }).where('slug', '=', SLUG).execute()
  })
}

/** Changes the title with SQL, announced, and waits until `app` has heard. */
async function retitle (value: string): Promise<void> {
  await afterChange(app, () => db.updateTable('career').set({ title: value }).where('slug', '=', SLUG).execute())
}

const stats = (on: FastifyInstance): ReturnType<AnswerCache['stats']> => {
  if (on.answers === null) throw new Error('the answer cache is off')
  return on.answers.stats()
}

t.test('a repeated GET is answered from memory, with the same bytes and ETag and no query', async (t) => {
  const first = await app.inject({ url: PROFILE })
  const hits = stats(app).hits
  const second = await app.inject({ url: PROFILE })
  t.equal(second.statusCode, 200)
  t.equal(second.body, first.body)
  t.equal(second.headers.etag, first.headers.etag)
  t.equal(second.headers['content-type'], first.headers['content-type'])
  t.equal(second.headers['cache-control'], 'public, max-age=300')
  t.equal(stats(app).hits, hits + 1, 'counted as a hit')

  // The row changes behind the app's back: an answer from memory cannot show it, a query would.
  await silentRetitle('Unannounced title')
  t.teardown(() => retitle('Health Information Technician'))
  t.equal(await title(app), 'Health Information Technician', 'answered from memory')
  const uncached = await instance(t, loadConfig({ CACHE_ENABLED: 'false', LOG_LEVEL: 'silent' }))
  t.equal(uncached.answers, null, 'CACHE_ENABLED=false keeps no answers')
  t.equal(await title(uncached), 'Unannounced title', 'without the cache every GET queries')

  const revalidated = await app.inject({ url: PROFILE, headers: { 'if-none-match': String(first.headers.etag) } })
  t.equal(revalidated.statusCode, 304, 'a 304 from memory too')
  t.equal(revalidated.body, '')
  const head = await app.inject({ method: 'HEAD', url: PROFILE })
  t.equal(head.statusCode, 200)
  t.equal(head.body, '')
  t.equal(head.headers['content-length'], String(Buffer.byteLength(first.body)))
})

t.test('the key ignores the order of query parameters, not their values', async (t) => {
  t.equal(answerKey('/v1/careers?q=nurse&limit=5'), answerKey('/v1/careers?limit=5&q=nurse'))
  t.equal(
    answerKey('/v1/compare?careers=a&x=1&careers=b'),
    '/v1/compare?careers=a&careers=b&x=1',
    'repeated names keep their order',
  )
  t.not(answerKey('/v1/compare?careers=a&careers=b'), answerKey('/v1/compare?careers=b&careers=a'))
  t.equal(answerKey('/v1/careers?&q=a&&'), '/v1/careers?q=a')
  t.equal(answerKey('/v1/careers'), '/v1/careers')
  const first = await app.inject({ url: '/v1/careers?q=health&limit=3' })
  const hits = stats(app).hits
  const reordered = await app.inject({ url: '/v1/careers?limit=3&q=health' })
  t.equal(reordered.body, first.body)
  t.equal(stats(app).hits, hits + 1, 'the reordered request is a hit')
})

t.test('answers from memory still need the key and count against the rate limit', async (t) => {
  const guarded = await instance(t, { readsRequireKey: true, rateLimitMax: 3 })
  t.equal((await guarded.inject({ url: PROFILE, headers: reader })).statusCode, 200)
  t.equal((await guarded.inject({ url: PROFILE, headers: reader })).statusCode, 200)
  t.equal(stats(guarded).hits, 1)
  const anonymous = await guarded.inject({ url: PROFILE })
  t.equal(anonymous.statusCode, 401, 'no key, no answer, even from memory')
  t.equal(anonymous.headers['cache-control'], 'no-store')
  t.equal((await guarded.inject({ url: PROFILE, headers: reader })).statusCode, 200)
  t.equal((await guarded.inject({ url: PROFILE, headers: reader })).statusCode, 429, 'the limit applies to hits')
})

t.test('a stored answer is sent after the key check and the rate limit, ' +
  'with the headers of a computed one', async (t) => {
  const early = await instance(t, { rateLimitMax: 4, corsOrigins: ['https://partner.example'] })
  // preHandler runs after every hook that checks a request, just before the handler queries.
  const computedHere: string[] = []
  early.addHook('preHandler', async (request) => { computedHere.push(request.url) })
  const computed = await early.inject({ url: PROFILE })
  const stored = await early.inject({ url: PROFILE })
  t.same(computedHere, [PROFILE], 'the repeat never reached the handler')
  t.equal(stored.body, computed.body)
  const perRequest = new Set(['date', 'ratelimit-remaining', 'ratelimit-reset'])
  const steady = (headers: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(Object.entries(headers).filter(([name]) => !perRequest.has(name)))
  t.same(steady(stored.headers), steady(computed.headers), 'security, CORS, cache and rate limit headers as before')
  t.equal(stored.headers['ratelimit-remaining'], '2', 'counted against the caller\'s limit')
  t.match(stored.headers['content-security-policy'], /default-src 'none'/)

  const browser = await early.inject({ url: PROFILE, headers: { origin: 'https://partner.example' } })
  t.equal(browser.statusCode, 200)
  t.equal(browser.headers['access-control-allow-origin'], 'https://partner.example', 'CORS answers the caller\'s Origin')
  t.equal(browser.body, computed.body, 'still from memory')
  t.same(computedHere, [PROFILE], 'whoever asks')

  const forged = await early.inject({ url: PROFILE, headers: { authorization: 'Bearer cf_not-a-real-key' } })
  t.equal(forged.statusCode, 401, 'a presented key is still checked')

  const limited = await early.inject({ url: PROFILE })
  t.equal(limited.statusCode, 429, 'the limit applies to stored answers too')
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
})

t.test('a write through the API empties the cache before its answer leaves', async (t) => {
  const before = await app.inject({ url: PROFILE })
  await app.inject({ url: PROFILE })
  const patched = await app.inject({
    method: 'PATCH',
    url: PROFILE,
    headers: { ...editor, 'content-type': 'application/merge-patch+json', 'if-match': String(before.headers.etag) },
    payload: JSON.stringify({ title: 'Health Information Technologist' }),
  })
  t.equal(patched.statusCode, 200, patched.body)
  t.teardown(() => retitle('Health Information Technician'))
  const after = await app.inject({ url: PROFILE })
  t.equal(after.json<{ title: string }>().title, 'Health Information Technologist', 'read your own write at once')
  t.equal(after.headers.etag, patched.headers.etag, 'the ETag the write answered with')
})

t.test('a change made with SQL (as an import does) empties the cache', async (t) => {
  t.equal(await title(app), 'Health Information Technician')
  await app.inject({ url: `${PROFILE}/salaries` })
  const invalidations = stats(app).invalidations
  await db.updateTable('career').set({ title: 'Retitled by an import' }).where('slug', '=', SLUG).execute()
  t.teardown(() => retitle('Health Information Technician'))
  t.ok(await eventually(async () => await title(app) === 'Retitled by an import'), 'the new title is served')
  t.ok(stats(app).invalidations > invalidations, 'by invalidation')
  const misses = stats(app).misses
  await app.inject({ url: `${PROFILE}/salaries` })
  t.equal(stats(app).misses, misses + 1, 'every other answer was dropped too')
})

t.test('two instances on one database: a write through one is visible through the other', async (t) => {
  const other = await instance(t, {}, await secondHandle(t))
  t.equal(await title(other), 'Health Information Technician')
  const current = await other.inject({ url: PROFILE })
  t.equal(stats(other).hits, 1, 'the other instance holds the answer')
  const patched = await app.inject({
    method: 'PATCH',
    url: PROFILE,
    headers: { ...editor, 'content-type': 'application/merge-patch+json', 'if-match': String(current.headers.etag) },
    payload: JSON.stringify({ title: 'Health Data Technician' }),
  })
  t.equal(patched.statusCode, 200, patched.body)
  t.teardown(() => retitle('Health Information Technician'))
  t.ok(
    await eventually(async () => await title(other) === 'Health Data Technician'),
    'the other instance serves the new title',
  )
  const seen = await other.inject({ url: PROFILE })
  t.equal(seen.headers.etag, patched.headers.etag, 'with the same ETag the writer answered')
})

t.test('the cache stays within its byte bound, dropping the least recently used', async (t) => {
  const bound = 8_000
  const small = await instance(t, { cacheMaxBytes: bound, rateLimitMax: 10_000 })
  const list = await small.inject({ url: '/v1/careers?limit=100' })
  const slugs = list.json<{ data: Array<{ slug: string }> }>().data.map((career) => career.slug)
  t.ok(slugs.length >= 5, `${slugs.length} careers in the seed`)
  let stored = 0
  for (const slug of slugs) {
    for (const suffix of ['', '/outlook', '/related', '/credentials', '/salaries']) {
      const response = await small.inject({ url: `/v1/careers/${slug}${suffix}` })
      if (response.statusCode === 200) stored += Buffer.byteLength(response.body)
    }
  }
  const figures = stats(small)
  t.ok(stored > bound, `the answers (${stored} bytes) exceed the bound`)
  t.ok(figures.bytes <= bound, `held ${figures.bytes} bytes within ${bound}`)
  t.ok(figures.evictions > 0, `${figures.evictions} evicted`)
  const last = `/v1/careers/${slugs.at(-1) ?? ''}/salaries`
  const hits = figures.hits
  await small.inject({ url: last })
  t.equal(stats(small).hits, hits + 1, 'the most recent answer is still held')
  await small.inject({ url: `/v1/careers/${slugs[0] ?? ''}` })
  t.equal(stats(small).hits, hits + 1, 'the oldest was dropped')

  const tiny = await instance(t, { cacheMaxBytes: 500 })
  await tiny.inject({ url: PROFILE })
  await tiny.inject({ url: PROFILE })
  t.match(stats(tiny), { entries: 0, bytes: 0, hits: 0 }, 'an answer larger than the bound is never stored')
})

t.test('a stored answer keeps its br and gzip forms, made once and counted in the bound', async (t) => {
  const own = await instance(t, { rateLimitMax: 10_000 })
  const plain = await own.inject({ url: PROFILE })
  t.ok(Buffer.byteLength(plain.body) >= COMPRESS_FROM_BYTES, 'the profile is large enough to compress')
  const held = stats(own).bytes
  const ask = (headers: Record<string, string>) => own.inject({ url: PROFILE, headers })
  const browser = { 'accept-encoding': 'gzip, deflate, br, zstd', origin: 'https://partner.example' }
  const firstBr = await ask(browser)
  t.equal(firstBr.headers['content-encoding'], 'br', 'a browser gets brotli from memory')
  const grown = stats(own).bytes - held
  t.ok(grown > 0 && grown < Buffer.byteLength(plain.body), `the brotli form (${grown} bytes) is counted`)
  const secondBr = await ask(browser)
  t.same(secondBr.rawPayload, firstBr.rawPayload, 'the same compressed bytes again')
  t.equal(stats(own).bytes - held, grown, 'made once: the second ask adds nothing')
  t.equal(zlib.brotliDecompressSync(secondBr.rawPayload).toString(), plain.body, 'it is the same answer')
  t.equal(secondBr.headers.etag, plain.headers.etag, 'with the same ETag')
  t.match(secondBr.headers.vary, /accept-encoding/)
  t.match(secondBr.headers.vary, /Origin/, 'CORS\'s Vary is kept beside it')

  const fetchLike = await ask({ 'accept-encoding': 'gzip, deflate' })
  t.equal(fetchLike.headers['content-encoding'], 'gzip', 'Node\'s fetch gets gzip')
  t.equal(zlib.gunzipSync(fetchLike.rawPayload).toString(), plain.body)
  t.equal(fetchLike.headers['content-length'], String(fetchLike.rawPayload.length))
  t.equal(fetchLike.headers['cache-control'], 'public, max-age=300')

  t.equal((await ask({ 'accept-encoding': 'br;q=0, gzip' })).headers['content-encoding'], 'gzip', 'q=0 refuses')
  t.equal((await ask({ 'accept-encoding': 'identity' })).headers['content-encoding'], undefined)
  t.equal((await ask({})).body, plain.body, 'a bare client gets the bytes as stored')

  const revalidated = await ask({ ...browser, 'if-none-match': String(plain.headers.etag) })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.rawPayload.length, 0, 'no body')
  t.equal(revalidated.headers['content-encoding'], undefined, 'and nothing encoded')
  t.equal(revalidated.headers['cache-control'], 'public, max-age=300', 'the 304 keeps the caching policy')
  t.equal(revalidated.headers.etag, plain.headers.etag)
})

t.test('concurrent first asks for a coding share one compression, and a full bound still holds', async (t) => {
  const cache = new AnswerCache(4_000)
  cache.activate(true)
  const body = JSON.stringify({ text: 'career facts '.repeat(200) })
  t.ok(cache.set(cache.ticket('/a'), body, '"a"', 'application/json'))
  const stored = cache.get('/a')
  if (stored === undefined) throw new Error('not stored')
  const [one, two] = await Promise.all([cache.encoded('/a', stored, 'gzip'), cache.encoded('/a', stored, 'gzip')])
  t.equal(one, two, 'one buffer for both')
  t.equal(cache.stats().bytes, Buffer.byteLength(body) + '/a'.length * 2 + 200 + one.length)
  cache.invalidate()
  const late = await cache.encoded('/a', stored, 'br')
  t.ok(late.length > 0, 'an answer dropped meanwhile is still compressed for its request')
  t.equal(cache.stats().bytes, 0, 'but not kept')
})

t.test('the preferred coding follows Accept-Encoding\'s q-values, br first when equal', async (t) => {
  t.equal(preferredCoding(undefined), null)
  t.equal(preferredCoding(''), null)
  t.equal(preferredCoding('gzip, deflate'), 'gzip')
  t.equal(preferredCoding('gzip, deflate, br, zstd'), 'br')
  t.equal(preferredCoding('br;q=0.5, gzip;q=0.8'), 'gzip')
  t.equal(preferredCoding('BR'), 'br')
  t.equal(preferredCoding('*'), 'br')
  t.equal(preferredCoding('*;q=0, gzip'), 'gzip')
  t.equal(preferredCoding('deflate, identity'), null)
  t.equal(preferredCoding('gzip;q=0'), null)
  t.equal(preferredCoding('gzip;q=abc'), null, 'an unreadable q-value refuses')
})

t.test('an answer computed while the data changed is not stored', async (t) => {
  const answers = new AnswerCache(10_000)
  answers.activate(true)
  const ticket = answers.ticket('/v1/x')
  answers.invalidate()
  t.notOk(answers.set(ticket, '{}', '"tag"', 'application/json'), 'refused: it may show the older data')
  t.ok(answers.set(answers.ticket('/v1/x'), '{}', '"tag"', 'application/json'))
  t.equal(answers.get('/v1/x')?.etag, '"tag"')
  answers.activate(false)
  t.notOk(
    answers.set(answers.ticket('/v1/x'), '{}', '"tag"', 'application/json'),
    'nothing is stored while changes are not heard',
  )
  t.equal(answers.get('/v1/x'), undefined, 'nor served')
})

t.test('the figures are in /metrics, and /metrics itself is never cached', async (t) => {
  await app.inject({ url: PROFILE })
  await app.inject({ url: PROFILE })
  const metrics = await app.inject({ url: '/metrics' })
  t.match(metrics.body, /^answer_cache_hits_total [1-9]\d*$/m)
  t.match(metrics.body, /^answer_cache_bytes \d+$/m)
  t.equal(metrics.headers['cache-control'], 'no-store')
})

t.test('every data table announces its changes', async (t) => {
  const missing = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind in ('r', 'p')
      and c.relname not in ('api_key', 'kysely_migration', 'kysely_migration_lock')
      and not exists (select 1 from pg_trigger g where g.tgrelid = c.oid and g.tgname = 'career_facts_changed')
  `.execute(db)
  t.same(missing.rows, [], 'a new data table needs `select career_facts_watch(\'table\')` in its migration')
})

t.test('a dropped listening connection turns the cache off until it listens again', {
  skip: databaseUrl === null ? 'the embedded database has no connection to drop' : false,
}, async (t) => {
  const watched = await instance(t, {}, await secondHandle(t))
  await watched.inject({ url: PROFILE })
  const before = stats(watched).invalidations
  const dropped = await sql<{ ok: boolean }>`
    select pg_terminate_backend(pid) as ok from pg_stat_activity
    where datname = current_database() and application_name = 'career-facts-changes' and pid <> pg_backend_pid()
  `.execute(db)
  t.ok(dropped.rows.length >= 1, 'a listening connection was dropped')
  // Off when it drops, on again once it listens: each empties the cache.
  t.ok(
    await eventually(async () => stats(watched).invalidations >= before + 2 && watched.answers?.active === true),
    'listening again',
  )
  t.equal(stats(watched).entries, 0, 'what it held was dropped: changes may have been missed')
  t.equal(await title(watched), 'Health Information Technician')
  await db.updateTable('career').set({ title: 'Heard after reconnecting' }).where('slug', '=', SLUG).execute()
  t.teardown(() => retitle('Health Information Technician'))
  t.ok(await eventually(async () => await title(watched) === 'Heard after reconnecting'), 'changes are heard again')
})

t.test('until changes are heard, nothing is served from memory', async (t) => {
  // Nothing listens on the discard port: the listener keeps retrying and never hears.
  const deaf = postgresChanges('postgres://127.0.0.1:9/nowhere')
  const heard: boolean[] = []
  const stop = await deaf.subscribe({ changed: () => undefined, listening: (on) => heard.push(on) })
  await stop()
  t.same(heard, [], 'never reported as listening')

  const unsure = await buildApp({ config: testConfig, db: database.db, changes: deaf })
  t.teardown(() => unsure.close())
  await unsure.inject({ url: PROFILE })
  const again = await unsure.inject({ url: PROFILE })
  t.equal(again.statusCode, 200)
  t.equal(unsure.answers?.active, false)
  t.match(stats(unsure), { entries: 0, hits: 0 }, 'every answer computed')
})
