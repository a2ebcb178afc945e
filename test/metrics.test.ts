import t from 'tap'
import { setupApp } from './helpers/app.js'

const { app } = await setupApp(t)

/** The value of one sample line, e.g. `http_requests_total{method="GET",...} 3`. */
function sample (text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`)
  const line = text.split('\n').find((candidate) => {
    if (!candidate.startsWith(`${name}{`) && !candidate.startsWith(`${name} `)) return false
    return wanted.every((pair) => candidate.includes(pair))
  })
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1))
}

t.test('requests are counted and timed per route pattern, method and status', async (t) => {
  for (const key of ['health-information-technician', 'health-information-manager', 'no-such-career']) {
    await app.inject({ url: `/v1/careers/${key}` })
  }
  await app.inject({ url: '/v1/careers?limit=0' })
  await app.inject({ url: '/nowhere/at/all' })

  const response = await app.inject({ url: '/metrics' })
  t.equal(response.statusCode, 200)
  t.match(response.headers['content-type'], /^text\/plain; version=0\.0\.4/)
  const text = response.body

  const profile = { method: 'GET', route: '/v1/careers/:key' }
  t.equal(sample(text, 'http_requests_total', { ...profile, status_code: '200' }), 2, 'the pattern, not each URL')
  t.equal(sample(text, 'http_requests_total', { ...profile, status_code: '404' }), 1)
  t.equal(sample(text, 'http_requests_total', { method: 'GET', route: '/v1/careers', status_code: '400' }), 1)
  t.equal(
    sample(text, 'http_requests_total', { route: 'unmatched', status_code: '404' }),
    1,
    'unknown URLs share one label',
  )
  t.notMatch(text, /no-such-career|nowhere/, 'raw URLs never become labels')
  t.equal(sample(text, 'http_request_duration_seconds_count', { ...profile, status_code: '200' }), 2)
  t.equal(sample(text, 'http_request_duration_seconds_bucket', { ...profile, status_code: '200', le: '+Inf' }), 2)
  t.ok((sample(text, 'http_request_duration_seconds_sum', { ...profile, status_code: '200' }) ?? 0) > 0)
})

t.test('the database pool and the process are reported', async (t) => {
  const text = (await app.inject({ url: '/metrics' })).body
  const open = sample(text, 'db_pool_connections') ?? -1
  const idle = sample(text, 'db_pool_idle_connections') ?? -1
  t.ok(open >= 1, 'at least one connection is open after queries')
  t.ok(idle >= 0 && idle <= open, 'idle connections are among the open ones')
  t.equal(sample(text, 'db_pool_waiting_clients'), 0, 'nothing waits while the app is idle')
  t.ok((sample(text, 'process_resident_memory_bytes') ?? 0) > 0)
})

t.test('/metrics stays out of the API contract', async (t) => {
  const doc = (await app.inject({ url: '/openapi.json' })).json<{ paths: Record<string, unknown> }>()
  t.notOk(doc.paths['/metrics'])
})
