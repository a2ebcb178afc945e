import t from 'tap'
import { buildApp } from '../src/app.js'
import { problemFor } from '../src/plugins/errors.js'
import { setupApp, testConfig } from './helpers/app.js'
import { Kysely, PostgresDialect } from 'kysely'
import type { Database } from '../src/db/schema.js'

const { app } = await setupApp(t)

t.test('unknown routes are 404 problems', async (t) => {
  const response = await app.inject({ url: '/v1/nothing-here?x=1' })
  t.equal(response.statusCode, 404)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.same(response.json(), {
    type: '/problems/not-found',
    title: 'Not Found',
    status: 404,
    detail: 'No resource at /v1/nothing-here.',
  })
})

t.test('a known path with another method is 405 with Allow', async (t) => {
  const response = await app.inject({ method: 'PUT', url: '/v1/careers/health-information-technician' })
  t.equal(response.statusCode, 405)
  t.match(response.headers.allow, /GET/)
  t.match(response.json(), { status: 405, title: 'Method Not Allowed' })
})

// A database that fails every query stands in for an outage and for unexpected errors.
function brokenDb (): Kysely<Database> {
  const pool = {
    connect: () => Promise.reject(new Error('secret-host:5432 refused password hunter2')),
    end: () => Promise.resolve(),
  }
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}

t.test('server errors are 500 problems without internals', async (t) => {
  const broken = await buildApp({ config: testConfig, db: brokenDb() })
  t.teardown(() => broken.close())
  const response = await broken.inject({ url: '/v1/careers/anything' })
  t.equal(response.statusCode, 500)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.notMatch(response.body, /secret|hunter2|stack|at /)
  t.match(response.json(), { status: 500, title: 'Internal Server Error' })

  const ready = await broken.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 503)
  t.notMatch(ready.body, /secret|hunter2/)
})

t.test('bodies of the wrong media type are 415 problems', async (t) => {
  const probe = await buildApp({ config: testConfig, db: brokenDb() })
  probe.post('/probe', async () => ({ ok: true }))
  t.teardown(() => probe.close())
  const response = await probe.inject({
    method: 'POST',
    url: '/probe',
    headers: { 'content-type': 'text/csv' },
    payload: 'a,b',
  })
  t.equal(response.statusCode, 415)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  const malformed = await probe.inject({
    method: 'POST',
    url: '/probe',
    headers: { 'content-type': 'application/json' },
    payload: '{"a":',
  })
  t.equal(malformed.statusCode, 400)
  t.match(malformed.json(), { status: 400 })
})

t.test('Postgres constraint errors a client can cause map to 4xx', async (t) => {
  const unique = Object.assign(
    new Error('duplicate key value violates unique constraint "career_slug_key"'),
    { code: '23505' },
  )
  t.match(problemFor(unique), { status: 409, type: '/problems/conflict' })
  t.notMatch(problemFor(unique).detail, /career_slug_key/)
  const badText = Object.assign(new Error('invalid input syntax'), { code: '22P02' })
  t.match(problemFor(badText), { status: 400 })
})

t.test('paths the router refuses are problems too: bad percent-encoding, overlong segments', async (t) => {
  for (const [url, status] of [
    ['/v1/careers/%ED%A0%80', 400],
    ['/v1/careers/x/salaries/%FF', 400],
    [`/v1/careers/${'a'.repeat(300)}`, 414],
  ] as const) {
    const response = await app.inject({ url })
    t.equal(response.statusCode, status, url.slice(0, 40))
    t.match(response.headers['content-type'], /^application\/problem\+json/)
    t.match(response.json(), { status, type: '/problems/validation', detail: /path/ })
  }
})
