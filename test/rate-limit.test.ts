import { randomUUID } from 'node:crypto'
import t from 'tap'
import { hashKey, generateKey } from '../src/auth/keys.js'
import { insertApiKey } from '../src/data/api-keys.js'
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
  for (let i = 0; i < 5; i++) t.equal((await app.inject({ url: '/healthz' })).statusCode, 200, 'health is never limited')
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
  t.equal((await anonymous(proxied.app, '198.51.100.9')).statusCode, 200, 'another client behind the same proxy has its own count')
  const outsider = await proxied.app.inject({ url: '/v1/careers', headers: { 'x-forwarded-for': '198.51.100.9' }, remoteAddress: '192.0.2.1' })
  t.equal(outsider.headers['ratelimit-remaining'], '1', 'an untrusted peer is counted as itself, whatever it forwards')

  const direct = await setupApp(t, { rateLimitMax: 2 })
  t.equal((await anonymous(direct.app, '203.0.113.7')).statusCode, 200)
  t.equal((await anonymous(direct.app, '198.51.100.9')).statusCode, 200)
  t.equal((await anonymous(direct.app, '192.0.2.55')).statusCode, 429, 'without TRUST_PROXY the header is ignored: one address, one count')
})
