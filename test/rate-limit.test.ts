import { randomUUID } from 'node:crypto'
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'
import t from 'tap'
import { hashKey, generateKey } from '../src/auth/keys.js'
import { insertApiKey } from '../src/auth/api-keys.js'
import { setupApp } from './helpers/app.js'
import { REDIS_URL, redisSkipReason } from './helpers/redis.js'
import { bearer, createKey } from './helpers/keys.js'

t.test('in memory: counts per key, then 429 with Retry-After', async (t) => {
  const { app, database } = await setupApp(t, { rateLimitMax: 3, rateLimitWindow: 60 })
  const first = await createKey(database.db, 'busy', 'read')
  const second = await createKey(database.db, 'quiet', 'read')
  for (let i = 1; i <= 3; i++) {
    const response = await app.inject({ url: '/v1/careers', headers: bearer(first) })
    t.equal(response.statusCode, 200)
    t.equal(response.headers['ratelimit-limit'], '3')
    t.equal(response.headers['ratelimit-remaining'], String(3 - i))
    t.match(response.headers['ratelimit-reset'], /^\d+$/)
    t.equal(response.headers['ratelimit-policy'], '3;w=60')
  }
  const limited = await app.inject({ url: '/v1/careers', headers: bearer(first) })
  t.equal(limited.statusCode, 429)
  t.match(limited.headers['content-type'], /^application\/problem\+json/)
  t.match(limited.headers['retry-after'], /^\d+$/)
  t.ok(Number(limited.headers['retry-after']) > 0 && Number(limited.headers['retry-after']) <= 60)
  t.match(limited.json(), { status: 429, type: '/problems/rate-limited', title: 'Too Many Requests' })

  const other = await app.inject({ url: '/v1/careers', headers: bearer(second) })
  t.equal(other.statusCode, 200, 'another key has its own counter')
  t.equal(other.headers['ratelimit-remaining'], '2')
  const anonymous = await app.inject({ url: '/v1/careers' })
  t.equal(anonymous.statusCode, 200, 'callers without a key are counted by address')
  for (let i = 0; i < 5; i++) {
    t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'health is never limited')
  }
})

const redisSkip = await redisSkipReason()

t.test('with REDIS_URL two instances share one counter', { skip: redisSkip }, async (t) => {
  const config = { rateLimitMax: 4, rateLimitWindow: 30, redisUrl: REDIS_URL }
  const one = await setupApp(t, config)
  const two = await setupApp(t, config)
  // The same key in both databases, under a name no other run uses.
  const key = generateKey()
  const name = `shared-${randomUUID()}`
  for (const { database } of [one, two]) await insertApiKey(database.db, name, hashKey(key), ['read'])
  const remaining: string[] = []
  for (const app of [one.app, two.app, one.app, two.app]) {
    const response = await app.inject({ url: '/v1/careers', headers: bearer(key) })
    t.equal(response.statusCode, 200)
    remaining.push(String(response.headers['ratelimit-remaining']))
  }
  t.same(remaining, ['3', '2', '1', '0'], 'each instance sees the other\'s requests')
  t.equal((await one.app.inject({ url: '/v1/careers', headers: bearer(key) })).statusCode, 429)
  t.equal((await two.app.inject({ url: '/v1/careers', headers: bearer(key) })).statusCode, 429)
})

t.test('a Redis that does not answer lets requests through', async (t) => {
  const { app } = await setupApp(t, { rateLimitMax: 1, redisUrl: 'redis://127.0.0.1:1' })
  t.equal((await app.inject({ url: '/v1/careers' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/careers' })).statusCode, 200)
})

t.test('behind a trusted proxy, callers are counted by X-Forwarded-For; otherwise it is ignored', async (t) => {
  const anonymous = (app: Awaited<ReturnType<typeof setupApp>>['app'], client: string) =>
    app.inject({ url: '/v1/careers', headers: { 'x-forwarded-for': client } })

  const proxied = await setupApp(t, { rateLimitMax: 2, trustProxy: ['127.0.0.1'] })
  for (let i = 0; i < 2; i++) t.equal((await anonymous(proxied.app, '203.0.113.7')).statusCode, 200)
  t.equal((await anonymous(proxied.app, '203.0.113.7')).statusCode, 429, 'one client over its limit')
  t.equal(
    (await anonymous(proxied.app, '198.51.100.9')).statusCode,
    200,
    'another client behind the same proxy has its own count',
  )
  const outsider = await proxied.app.inject({
    url: '/v1/careers',
    headers: { 'x-forwarded-for': '198.51.100.9' },
    remoteAddress: '192.0.2.1',
  })
  t.equal(outsider.headers['ratelimit-remaining'], '1', 'an untrusted peer is counted as itself, whatever it forwards')

  const direct = await setupApp(t, { rateLimitMax: 2 })
  t.equal((await anonymous(direct.app, '203.0.113.7')).statusCode, 200)
  t.equal((await anonymous(direct.app, '198.51.100.9')).statusCode, 200)
  t.equal(
    (await anonymous(direct.app, '192.0.2.55')).statusCode,
    429,
    'without TRUST_PROXY the header is ignored: one address, one count',
  )
})

t.test('every route counts but liveness and metrics: the contract, its page and readiness too', async (t) => {
  const { app } = await setupApp(t, { rateLimitMax: 2 })
  for (const [url, address] of [
    ['/openapi.json', '192.0.2.10'],
    ['/docs', '192.0.2.11'],
    ['/readyz', '192.0.2.12'],
  ] as const) {
    for (let i = 0; i < 2; i++) {
      t.ok((await app.inject({ url, remoteAddress: address })).statusCode < 400, `${url} within the limit`)
    }
    const limited = await app.inject({ url, remoteAddress: address })
    t.equal(limited.statusCode, 429, `${url} over the limit`)
    t.match(limited.headers['content-type'], /^application\/problem\+json/)
  }
  for (let i = 0; i < 4; i++) {
    t.equal(
      (await app.inject({ url: '/healthz', remoteAddress: '192.0.2.13' })).statusCode,
      200,
      'liveness is never limited',
    )
    t.equal((await app.inject({ url: '/metrics', remoteAddress: '192.0.2.13' })).statusCode, 200, 'nor are metrics')
  }
})

/** Counts the statements that read API keys (not the occasional last-used update). */
class KeyLookups implements KyselyPlugin {
  count = 0
  transformQuery (args: PluginTransformQueryArgs): RootOperationNode {
    if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node).includes('"api_key"')) this.count++
    return args.node
  }

  async transformResult (args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result
  }
}

t.test('a caller over its limit is refused before its key is looked up; so is a guesser', async (t) => {
  const lookups = new KeyLookups()
  const { app, database } = await setupApp(t, { rateLimitMax: 2 }, { wrapDb: (db) => db.withPlugin(lookups) })
  const key = await createKey(database.db, 'counted', 'read')
  const neighbour = await createKey(database.db, 'neighbour', 'read')
  const ask = (presented: string, remoteAddress = '198.51.100.20') =>
    app.inject({ url: '/v1/careers', headers: bearer(presented), remoteAddress })

  for (let i = 0; i < 2; i++) t.equal((await ask(key)).statusCode, 200)
  const before = lookups.count
  t.equal(before, 2, 'each request within the limit looks its key up')
  const limited = await ask(key)
  t.equal(limited.statusCode, 429)
  t.equal(lookups.count, before, 'the request over the limit reached no key lookup')

  // A guesser presents a new key each time, so each has a fresh counter of its own: failed
  // lookups are counted per address, and past the limit no more are made.
  t.equal((await ask(neighbour, '198.51.100.30')).statusCode, 200, 'a partner uses its key from an address')
  const guesses = Array.from({ length: 5 }, () => generateKey())
  const statuses: number[] = []
  const lookupsBefore = lookups.count
  for (const guess of guesses) statuses.push((await ask(guess, '198.51.100.30')).statusCode)
  t.same(statuses, [401, 401, 429, 429, 429], 'two failed lookups, then refused')
  t.equal(lookups.count - lookupsBefore, 2, 'only the first two guesses were looked up')
  const refused = await ask(generateKey(), '198.51.100.30')
  t.match(refused.headers['retry-after'], /^\d+$/)
  t.match(refused.json(), { type: '/problems/rate-limited' })
  t.equal(
    (await ask(neighbour, '198.51.100.30')).statusCode,
    200,
    'the partner\'s known key from that address still works',
  )
  t.equal((await ask(generateKey(), '198.51.100.31')).statusCode, 401, 'another address may still look keys up')
})
