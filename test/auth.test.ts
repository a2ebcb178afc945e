import { createHash } from 'node:crypto'
import t from 'tap'
import { sql } from 'kysely'
import { setupApp } from './helpers/app.js'
import { bearer, createKey, runKeys } from './helpers/keys.js'

const { app, database } = await setupApp(t)
const db = database.db
// A route that needs the write scope, standing in for the editors' writes.
app.post('/v1/probe', { config: { scope: 'write' } }, async (request) => ({ who: request.apiKey?.name }))

const writer = await createKey(db, 'editor-one', 'read,write')
const reader = await createKey(db, 'partner-x', 'read')

t.test('keys create prints the key alone on its last line and stores only its digest', async (t) => {
  const { code, out, err } = await runKeys(db, ['create', '--name', 'partner-y', '--scopes', 'read'])
  t.equal(code, 0)
  const key = out.at(-1) ?? ''
  t.match(key, /^cfk_[A-Za-z0-9_-]{43}$/)
  t.match(err.join('\n'), /shown once/)
  const rows = await sql<{ row: string }>`select to_jsonb(k)::text as row from api_key k`.execute(db)
  t.notOk(rows.rows.some((r) => r.row.includes(key)), 'the key itself is nowhere in the table')
  const digest = createHash('sha256').update(key).digest('hex')
  t.ok(rows.rows.some((r) => r.row.includes(digest)), 'its SHA-256 digest is')
})

t.test('keys create refuses bad names, unknown scopes and reused names', async (t) => {
  await t.rejects(runKeys(db, ['create', '--name', 'Bad Name']), /--name/)
  await t.rejects(runKeys(db, ['create', '--name', 'ok', '--scopes', 'read,admin']), /unknown: admin/)
  await t.rejects(runKeys(db, ['create', '--name', 'partner-x']), /never reused/)
  await t.rejects(runKeys(db, ['frobnicate']), /usage/)
})

t.test('keys list shows names and scopes, never keys or digests', async (t) => {
  const { code, out } = await runKeys(db, ['list'])
  t.equal(code, 0)
  t.match(out.join('\n'), /editor-one\tread,write\t/)
  t.match(out.join('\n'), /partner-x\tread\t/)
  t.notMatch(out.join('\n'), /cfk_|[0-9a-f]{64}/)
})

t.test('a write without a key is 401 with WWW-Authenticate', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/v1/probe', payload: {} })
  t.equal(response.statusCode, 401)
  t.match(response.headers['www-authenticate'], /^Bearer realm="career-facts"/)
  t.match(response.headers['content-type'], /^application\/problem\+json/)
  t.match(response.json(), { status: 401, type: '/problems/unauthorized' })
})

t.test('an unknown or malformed key is 401 invalid_token, on writes and reads', async (t) => {
  const unknown = `cfk_${'A'.repeat(43)}`
  for (const headers of [
    bearer(unknown),
    { 'x-api-key': unknown },
    { authorization: 'Basic dXNlcjpwYXNz' },
    bearer('short'),
  ]) {
    for (const request of [
      { method: 'POST' as const, url: '/v1/probe', payload: {} },
      { method: 'GET' as const, url: '/v1/careers' },
    ]) {
      const response = await app.inject({ ...request, headers })
      t.equal(response.statusCode, 401, `${request.method} ${JSON.stringify(headers)}`)
      t.match(response.headers['www-authenticate'], /error="invalid_token"/)
    }
  }
})

t.test('a key without the scope is 403', async (t) => {
  const response = await app.inject({ method: 'POST', url: '/v1/probe', payload: {}, headers: bearer(reader) })
  t.equal(response.statusCode, 403)
  t.match(response.json(), { status: 403, type: '/problems/forbidden', detail: /partner-x lacks the write scope/ })
})

t.test('a key with the scope passes, by either header', async (t) => {
  for (const headers of [bearer(writer), { 'x-api-key': writer }]) {
    const response = await app.inject({ method: 'POST', url: '/v1/probe', payload: {}, headers })
    t.equal(response.statusCode, 200)
    t.same(response.json(), { who: 'editor-one' })
  }
  const used = await db.selectFrom('api_key')
    .select('last_used_at')
    .where('name', '=', 'editor-one')
    .executeTakeFirstOrThrow()
  t.ok(used.last_used_at instanceof Date, 'last use is recorded')
})

t.test('reads are open by default', async (t) => {
  t.equal((await app.inject({ url: '/v1/careers' })).statusCode, 200)
  t.equal((await app.inject({ url: '/v1/careers', headers: bearer(reader) })).statusCode, 200)
})

t.test('a revoked key stops working at once', async (t) => {
  const key = await createKey(db, 'short-lived', 'read,write')
  t.equal((await app.inject({ method: 'POST', url: '/v1/probe', payload: {}, headers: bearer(key) })).statusCode, 200)
  t.same((await runKeys(db, ['revoke', 'short-lived'])).code, 0)
  t.equal((await app.inject({ method: 'POST', url: '/v1/probe', payload: {}, headers: bearer(key) })).statusCode, 401)
  t.equal((await runKeys(db, ['revoke', 'short-lived'])).code, 1, 'revoking twice says there is no such active key')
  t.match((await runKeys(db, ['list'])).out.join('\n'), /short-lived\tread,write\t.*\t20\d\d-/)
})

t.test('READS_REQUIRE_KEY makes reads key-only, health and the contract stay open', async (t) => {
  const { app: closed, database: closedDb } = await setupApp(t, { readsRequireKey: true })
  const key = await createKey(closedDb.db, 'reader', 'read')
  const writeOnly = await createKey(closedDb.db, 'writer', 'write')
  const anonymous = await closed.inject({ url: '/v1/careers' })
  t.equal(anonymous.statusCode, 401)
  t.match(anonymous.headers['www-authenticate'], /^Bearer/)
  t.equal((await closed.inject({ url: '/v1/careers', headers: bearer(key) })).statusCode, 200)
  t.equal((await closed.inject({ url: '/v1/careers', headers: bearer(writeOnly) })).statusCode, 403)
  t.equal((await closed.inject({ url: '/healthz' })).statusCode, 200)
  t.equal((await closed.inject({ url: '/openapi.json' })).statusCode, 200)
})
