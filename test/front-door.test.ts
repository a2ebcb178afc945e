// The front door: a plain caller's repeated GET is answered before Fastify, over a real
// socket (app.inject never passes through the server, so these tests listen), and the
// answer is the one Fastify would have given.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import t from 'tap'
import { setupApp } from './helpers/app.js'
import { REDIS_URL, redisSkipReason } from './helpers/redis.js'

const { app } = await setupApp(t, { rateLimitMax: 20 })
await app.listen({ port: 0, host: '127.0.0.1' })
const { port } = app.server.address() as AddressInfo
const door = app.frontDoor
if (door === null) throw new Error('the front door should be open with the default settings')

const PROFILE = '/v1/careers/health-information-technician'

interface Answer { status: number, headers: IncomingHttpHeaders, body: Buffer }

function get (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const sent = httpRequest({ host: '127.0.0.1', port, path, method, headers }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }))
    })
    sent.on('error', reject)
    sent.end()
  })
}

// Headers that differ between any two answers.
const PER_REQUEST = new Set(['date', 'ratelimit-remaining', 'ratelimit-reset'])
const steady = (headers: IncomingHttpHeaders): IncomingHttpHeaders =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !PER_REQUEST.has(name)))

async function requestsCounted (): Promise<number> {
  const metrics = await app.inject({ url: '/metrics' })
  const line = metrics.body.split('\n').find((l) => l.startsWith('http_requests_total{') && l.includes('route="/v1/careers/:key"') && l.includes('status_code="200"'))
  return Number(line?.split(' ').at(-1) ?? 0)
}

t.test('a repeat is answered at the door with the bytes and headers Fastify sent', async (t) => {
  const computed = await get(PROFILE)
  t.equal(computed.status, 200)
  const served = door.served
  const counted = await requestsCounted()
  const repeat = await get(PROFILE)
  t.equal(door.served, served + 1, 'answered at the door')
  t.equal(repeat.status, 200)
  t.same(repeat.body, computed.body)
  t.same(steady(repeat.headers), steady(computed.headers), 'security, CORS, cache, ETag and rate limit headers alike')
  t.equal(Number(repeat.headers['ratelimit-remaining']), Number(computed.headers['ratelimit-remaining']) - 1, 'counted against the caller\'s limit')
  t.equal(await requestsCounted(), counted + 1, 'measured in /metrics under its route')
})

t.test('a revalidation is a 304 at the door, as from Fastify', async (t) => {
  const first = await get(PROFILE)
  const etag = String(first.headers.etag)
  const served = door.served
  const fresh = await get(PROFILE, { 'if-none-match': etag })
  t.equal(door.served, served + 1)
  t.equal(fresh.status, 304)
  t.equal(fresh.body.length, 0)
  t.equal(fresh.headers.etag, etag)
  t.notOk(fresh.headers['content-type'])
  const viaFastify = await app.inject({ url: PROFILE, headers: { 'if-none-match': etag } })
  t.equal(viaFastify.statusCode, 304)
  const names = (headers: IncomingHttpHeaders): string[] => Object.keys(steady(headers)).filter((name) => !['connection', 'keep-alive', 'content-length'].includes(name)).sort()
  t.same(names(fresh.headers), names(viaFastify.headers as IncomingHttpHeaders), 'the same headers')
  const stale = await get(PROFILE, { 'if-none-match': '"something-else"' })
  t.equal(stale.status, 200)
})

t.test('callers the door cannot answer from the URL alone go on to Fastify', async (t) => {
  await get(PROFILE)
  const served = door.served
  const gzip = await get(PROFILE, { 'accept-encoding': 'gzip' })
  t.equal(gzip.status, 200)
  t.equal(gzip.headers['content-encoding'], 'gzip', 'compression is negotiated by Fastify')
  const browser = await get(PROFILE, { origin: 'https://partner.example' })
  t.equal(browser.headers['access-control-allow-origin'], '*')
  const head = await get(PROFILE, {}, 'HEAD')
  t.equal(head.status, 200)
  const forged = await get(PROFILE, { authorization: 'Bearer cf_not-a-real-key' })
  t.equal(forged.status, 401, 'a presented key is checked')
  t.equal(door.served, served, 'none of them at the door')
})

t.test('over the limit, Fastify answers the 429 problem', async (t) => {
  let last: Answer | undefined
  for (let i = 0; i < 21 && last?.status !== 429; i++) last = await get(PROFILE)
  t.equal(last?.status, 429)
  t.match(last?.headers['content-type'], /^application\/problem\+json/)
  t.match(last?.headers['retry-after'], /^\d+$/)
})

t.test('at LOG_LEVEL=info an answer at the door is logged, with the caller\'s request id', async (t) => {
  const lines: string[] = []
  const logged = await setupApp(t, { logLevel: 'info' }, { logStream: { write: (line) => { lines.push(line) } } })
  await logged.app.listen({ port: 0, host: '127.0.0.1' })
  const address = logged.app.server.address() as AddressInfo
  const fetchOnce = (): Promise<number> => new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: address.port, path: PROFILE, headers: { 'x-request-id': 'door-check-1' } }, (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    }).on('error', reject).end()
  })
  t.equal(await fetchOnce(), 200)
  t.equal(await fetchOnce(), 200)
  const entries = lines.map((line) => JSON.parse(line) as { msg: string, reqId?: string, res?: { statusCode: number }, req?: { url: string } })
  const atDoor = entries.filter((entry) => entry.msg === 'request completed from memory')
  t.equal(atDoor.length, 1)
  t.match(atDoor[0], { reqId: 'door-check-1', res: { statusCode: 200 }, req: { url: PROFILE } })
})

t.test('with REDIS_URL the door counts on the shared counters', { skip: await redisSkipReason() }, async (t) => {
  const shared = await setupApp(t, { redisUrl: REDIS_URL, rateLimitMax: 1000 })
  await shared.app.listen({ port: 0, host: '127.0.0.1' })
  const address = shared.app.server.address() as AddressInfo
  const remaining = (): Promise<number> => new Promise((resolve, reject) => {
    httpRequest({ host: '127.0.0.1', port: address.port, path: PROFILE }, (response) => {
      response.resume()
      response.on('end', () => resolve(Number(response.headers['ratelimit-remaining'])))
    }).on('error', reject).end()
  })
  const first = await remaining()
  const served = shared.app.frontDoor?.served ?? 0
  const second = await remaining()
  t.equal(shared.app.frontDoor?.served, served + 1, 'answered at the door')
  t.equal(second, first - 1, 'counted in Redis')
})

t.test('no door where reads need a key or a proxy names the caller', async (t) => {
  const guarded = await setupApp(t, { readsRequireKey: true })
  t.equal(guarded.app.frontDoor, null)
  const proxied = await setupApp(t, { trustProxy: true })
  t.equal(proxied.app.frontDoor, null)
  const uncached = await setupApp(t, { cacheEnabled: false })
  t.equal(uncached.app.frontDoor, null)
})
