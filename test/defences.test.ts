import t from 'tap'
import { sql } from 'kysely'
import { buildApp } from '../src/app.js'
import { setupApp, testConfig } from './helpers/app.js'
import { testDatabase } from './helpers/database.js'
import { bearer, createKey } from './helpers/keys.js'

const { app, database } = await setupApp(t)
app.post('/v1/probe', { config: { scope: 'write' } }, async () => ({ ok: true }))
app.get('/docs/probe', async (_request, reply) => reply.type('text/html').send('<!doctype html><title>docs</title>'))
const key = await createKey(database.db, 'defender', 'read,write')

t.test('JSON answers carry strict security headers, problems too', async (t) => {
  for (const url of ['/v1/careers', '/v1/careers/no-such-career', '/v1/careers?limit=0']) {
    const response = await app.inject({ url })
    t.equal(
      response.headers['content-security-policy'],
      "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
      url,
    )
    t.equal(response.headers['x-content-type-options'], 'nosniff')
    t.equal(response.headers['x-frame-options'], 'DENY')
    t.equal(response.headers['referrer-policy'], 'no-referrer')
    t.equal(response.headers['cross-origin-resource-policy'], 'cross-origin', 'partner sites may call it')
    t.match(response.headers['strict-transport-security'], /max-age=\d+/)
    t.notOk(response.headers['x-powered-by'])
  }
})

t.test('the docs page may load its own scripts and styles, nothing from elsewhere', async (t) => {
  const response = await app.inject({ url: '/docs/probe' })
  const csp = String(response.headers['content-security-policy'])
  t.match(csp, /default-src 'self'/)
  t.match(csp, /script-src 'self'(;|$)/, 'no inline or remote scripts')
  t.match(csp, /connect-src 'self'/, 'it may fetch /openapi.json')
  t.match(csp, /frame-ancestors 'none'/)
  t.notMatch(csp, /https?:|\*/)
})

t.test('bodies over 1 MiB are 413 problems', async (t) => {
  const response = await app.inject({
    method: 'POST', url: '/v1/probe', headers: { ...bearer(key), 'content-type': 'application/json' },
    payload: JSON.stringify({ text: 'x'.repeat(1_100_000) }),
  })
  t.equal(response.statusCode, 413)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), { status: 413 })
})

t.test('slow clients are cut off: request and idle connection timeouts are set', async (t) => {
  t.equal(app.initialConfig.connectionTimeout, 30_000)
  t.equal(app.server.requestTimeout, 10_000, 'the HTTP server enforces it')
  t.equal(app.server.timeout, 30_000)
})

t.test('SQL-looking input is only ever data', async (t) => {
  const hostile = ["' or 1=1 --", "'; drop table career; --", 'medical\'); delete from career; --', '%\' or \'%\'=\'']
  for (const text of hostile) {
    const search = await app.inject({ url: `/v1/careers?q=${encodeURIComponent(text)}` })
    t.equal(search.statusCode, 200, `q=${text}`)
    const profile = await app.inject({ url: `/v1/careers/${encodeURIComponent(text)}` })
    t.equal(profile.statusCode, 404, `key=${text}`)
  }
  const count = await database.db.selectFrom('career')
    .select(sql<number>`count(*)::int`.as('n'))
    .executeTakeFirstOrThrow()
  t.equal(count.n, 5, 'every career is still there')
})

t.test('statement_timeout is set on every connection and cancels slow queries', async (t) => {
  const handle = await testDatabase({ statementTimeoutMs: 200 })
  t.teardown(() => handle.close())
  const shown = await sql<{ statement_timeout: string }>`show statement_timeout`.execute(handle.db)
  t.equal(shown.rows[0]?.statement_timeout, '200ms')
  if (handle.driver === 'pglite') {
    // PGlite runs in this thread without timers, so it cannot cancel a running statement.
    t.comment('the embedded database does not enforce statement_timeout')
    return
  }
  const slow = await buildApp({ config: testConfig, db: handle.db })
  slow.get('/v1/slow', async () => sql`select pg_sleep(2)`.execute(slow.db).then(() => ({ ok: true })))
  t.teardown(() => slow.close())
  const response = await slow.inject({ url: '/v1/slow' })
  t.equal(response.statusCode, 503)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), { status: 503, type: '/problems/timeout' })
  t.equal(response.headers['retry-after'], '5', 'the client is told when to try again')
  t.notMatch(response.body, /pg_sleep|canceling/)
})

t.test('JSON bodies are validated as sent: no type coercion; query strings still convert', async (t) => {
  const post = (payload: object) => app.inject({ method: 'POST', url: '/v1/careers', headers: bearer(key), payload })
  for (const [payload, name] of [
    [{ slug: 'coerced', title: 123 }, 'body.title'],
    [{ slug: 'coerced', title: true }, 'body.title'],
    [{ slug: 'coerced', title: ['One'] }, 'body.title'],
    [{ slug: 'coerced', title: 'T', duties: 'one duty' }, 'body.duties'],
    [{ slug: 'coerced', title: 'T', summary: 5 }, 'body.summary'],
  ] as const) {
    const response = await post(payload)
    t.equal(response.statusCode, 400, JSON.stringify(payload))
    t.ok(response.json().errors.some((e: { name: string }) => e.name === name), `${name}: ${response.body}`)
  }
  const career = await app.inject({ url: '/v1/careers/database-administrator/salaries/2015-05' })
  const wage = await app.inject({
    method: 'PUT', url: '/v1/careers/database-administrator/salaries/2015-05',
    headers: { ...bearer(key), 'if-match': String(career.headers.etag) },
    payload: { data: [{ area: 'US', employment: '5', source: 'bls-oews-2015-05' }] },
  })
  t.equal(wage.statusCode, 400, 'a string is not a number')
  t.match(wage.json(), { errors: [{ name: 'body.data.0.employment' }] })
  t.equal(
    await database.db.selectFrom('career').select('id').where('slug', '=', 'coerced').executeTakeFirst(),
    undefined,
  )
  const listed = await app.inject({ url: '/v1/careers?limit=2' })
  t.equal(listed.statusCode, 200, 'limit=2 in a query string is still a number')
  t.equal(listed.json().data.length, 2)
})
