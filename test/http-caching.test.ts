// HTTP for partner sites: ETag and Cache-Control on every GET, 304s, CORS and compression.
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { noneMatch } from '../src/http/etag.js'
import { afterChange, setupApp, testConfig } from './helpers/app.js'
import { bearer, createKey } from './helpers/keys.js'

const { app, database } = await setupApp(t)
const db = database.db
const CAREER = '/v1/careers/health-information-technician'

async function etag (url: string): Promise<string> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 200, url)
  return String(response.headers.etag)
}

t.test('every GET answer has a strong ETag and Cache-Control', async (t) => {
  for (const url of [CAREER, '/v1/careers?q=medical', '/v1/industries', '/openapi.json']) {
    const response = await app.inject({ url })
    t.match(response.headers.etag, /^"[\w-]+"$/, `${url}: strong, not W/`)
    t.equal(response.headers['cache-control'], 'public, max-age=300', url)
  }
})

t.test('the ETag changes exactly when the answer changes', async (t) => {
  const before = await etag(CAREER)
  t.equal(await etag(CAREER), before, 'stable while nothing changes')
  t.not(await etag('/v1/careers/health-information-manager'), before, 'another answer, another tag')
  const { summary } = await db.selectFrom('career')
    .select('summary')
    .where('slug', '=', 'health-information-technician')
    .executeTakeFirstOrThrow()
  await afterChange(app, () => db.updateTable('career')
    .set({ summary: 'Changed.' })
    .where('slug', '=', 'health-information-technician')
    .execute())
  const changed = await etag(CAREER)
  t.not(changed, before, 'a changed summary changes the tag')
  const stale = await app.inject({ url: CAREER, headers: { 'if-none-match': before } })
  t.equal(stale.statusCode, 200, 'a stale tag gets the new answer')
  t.equal(stale.headers.etag, changed)
  await afterChange(app, () => db.updateTable('career')
    .set({ summary })
    .where('slug', '=', 'health-information-technician')
    .execute())
  t.equal(await etag(CAREER), before, 'the same answer again has the same tag')
  // Data behind a sub-resource: a new wage row changes the salaries answer, not the outlook.
  const salaries = await etag(`${CAREER}/salaries`)
  const outlook = await etag(`${CAREER}/outlook`)
  await afterChange(app, () => db.updateTable('wage_estimate')
    .set({ annual_median: 39180 })
    .where('soc_code', '=', '29-2071')
    .execute())
  t.not(await etag(`${CAREER}/salaries`), salaries)
  t.equal(await etag(`${CAREER}/outlook`), outlook)
})

t.test('If-None-Match: exact, weak, in a list, or * gets 304 without a body', async (t) => {
  const tag = await etag(CAREER)
  for (const header of [tag, `W/${tag}`, `"other", ${tag}`, '*']) {
    const response = await app.inject({ url: CAREER, headers: { 'if-none-match': header } })
    t.equal(response.statusCode, 304, header)
    t.equal(response.body, '', `${header}: no body`)
    t.equal(response.headers.etag, tag)
    t.equal(response.headers['cache-control'], 'public, max-age=300')
    t.notOk(response.headers['content-type'])
  }
  const other = await app.inject({ url: CAREER, headers: { 'if-none-match': '"other", W/"another"' } })
  t.equal(other.statusCode, 200)
  t.ok(other.body.length > 0)
  t.same([noneMatch(undefined, tag), noneMatch('', tag), noneMatch(tag.slice(0, -2) + '"', tag)], [false, false, false])
})

t.test('HEAD answers carry the same validators', async (t) => {
  const tag = await etag(CAREER)
  const head = await app.inject({ method: 'HEAD', url: CAREER })
  t.equal(head.statusCode, 200)
  t.equal(head.headers.etag, tag)
  const conditional = await app.inject({ method: 'HEAD', url: CAREER, headers: { 'if-none-match': tag } })
  t.equal(conditional.statusCode, 304)
})

t.test('problems and live state are never stored', async (t) => {
  for (const url of ['/v1/careers/no-such-career', '/v1/careers?limit=0', '/v1/nowhere', '/healthz', '/readyz']) {
    const response = await app.inject({ url, headers: { 'if-none-match': '*' } })
    t.not(response.statusCode, 304, url)
    t.notOk(response.headers.etag, `${url}: no ETag`)
    t.equal(response.headers['cache-control'], 'no-store', url)
  }
})

t.test('max-age comes from the configuration', async (t) => {
  const configured = await buildApp({ config: { ...testConfig, cacheMaxAge: 60 }, db })
  t.teardown(() => configured.close())
  const response = await configured.inject({ url: CAREER })
  t.equal(response.headers['cache-control'], 'public, max-age=60')
})

t.test('CORS allows any origin by default, and exposes the ETag', async (t) => {
  const response = await app.inject({ url: CAREER, headers: { origin: 'https://partner.example' } })
  t.equal(response.headers['access-control-allow-origin'], '*')
  t.match(response.headers['access-control-expose-headers'], /ETag/)
  const preflight = await app.inject({
    method: 'OPTIONS',
    url: CAREER,
    headers: { origin: 'https://partner.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
  })
  t.equal(preflight.statusCode, 204)
  t.match(preflight.headers['access-control-allow-methods'], /GET/)
  t.match(preflight.headers['access-control-allow-headers'], /if-none-match/i)
})

t.test('CORS: pages may not write unless their origin is listed in CORS_WRITE_ORIGINS', async (t) => {
  const editorPreflight = (target: typeof app) => target.inject({
    method: 'OPTIONS',
    url: CAREER,
    headers: { origin: 'https://editor.example', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'authorization,if-match,content-type,x-api-key' },
  })
  const preflight = await editorPreflight(app)
  t.equal(preflight.statusCode, 204)
  t.same(
    String(preflight.headers['access-control-allow-methods']).split(/,\s*/),
    ['GET', 'HEAD'],
    'by default only reads are offered',
  )
  const refused = await app.inject({ method: 'PATCH', url: CAREER, headers: { origin: 'https://editor.example' }, payload: {} })
  t.equal(refused.statusCode, 403, 'a write that arrives with an unlisted Origin anyway is refused')
  t.match(refused.headers['content-type'], /^application\/problem\+json/)
  t.match(refused.json(), { type: '/problems/forbidden', detail: /CORS_WRITE_ORIGINS/ })
  t.equal(
    (await app.inject({ method: 'PATCH', url: CAREER, payload: {} })).statusCode,
    401,
    'without Origin (a server) the key decides',
  )

  const editors = await buildApp({ config: { ...testConfig, corsWriteOrigins: ['https://editor.example'] }, db })
  t.teardown(() => editors.close())
  const allowed = await editorPreflight(editors)
  t.equal(allowed.statusCode, 204)
  const methods = String(allowed.headers['access-control-allow-methods']).split(/,\s*/)
  for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) t.ok(methods.includes(method), `${method} allowed`)
  const headers = String(allowed.headers['access-control-allow-headers']).toLowerCase().split(/,\s*/)
  for (const header of ['authorization', 'x-api-key', 'if-match', 'content-type']) {
    t.ok(headers.includes(header), `${header} allowed`)
  }
  const answer = await editors.inject({ method: 'PATCH', url: CAREER, headers: { origin: 'https://editor.example' }, payload: {} })
  t.equal(answer.statusCode, 401, 'the write itself still needs a key')
  t.equal(answer.headers['access-control-allow-origin'], '*', 'and the browser may read why')
  const exposed = String(answer.headers['access-control-expose-headers']).toLowerCase().split(/,\s*/)
  const exposable = ['etag', 'location', 'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'retry-after']
  for (const header of exposable) {
    t.ok(exposed.includes(header), `${header} exposed`)
  }
  const stranger = await editors.inject({ method: 'DELETE', url: CAREER, headers: { origin: 'https://stranger.example' } })
  t.equal(stranger.statusCode, 403, 'other origins still may not')
})

t.test('OPTIONS that is not a CORS preflight is a 400 problem naming the missing headers', async (t) => {
  const noOrigin = await app.inject({
    method: 'OPTIONS',
    url: CAREER,
    headers: { 'access-control-request-method': 'GET' },
  })
  t.equal(noOrigin.statusCode, 400)
  t.match(noOrigin.headers['content-type'], /^application\/problem\+json/)
  t.match(noOrigin.json(), { type: '/problems/validation', errors: [{ name: 'header.origin' }] })
  const bare = await app.inject({ method: 'OPTIONS', url: '/v1/no-such-thing' })
  t.equal(bare.statusCode, 400)
  t.same(
    bare.json<{ errors: Array<{ name: string }> }>().errors.map((e) => e.name),
    ['header.origin', 'header.access-control-request-method'],
  )
})

t.test('CORS allows only the configured origins when some are configured', async (t) => {
  const configured = await buildApp({ config: { ...testConfig, corsOrigins: ['https://partner.example', 'https://other.example'] }, db })
  t.teardown(() => configured.close())
  const allowed = await configured.inject({ url: CAREER, headers: { origin: 'https://other.example' } })
  t.equal(allowed.headers['access-control-allow-origin'], 'https://other.example')
  t.match(allowed.headers.vary, /Origin/)
  const refused = await configured.inject({ url: CAREER, headers: { origin: 'https://stranger.example' } })
  t.notOk(refused.headers['access-control-allow-origin'])
  t.equal(refused.statusCode, 200, 'the answer itself is unchanged; the browser withholds it')
})

t.test('answers are compressed when asked, with the same ETag', async (t) => {
  const plain = await app.inject({ url: '/v1/careers?limit=100' })
  t.notOk(plain.headers['content-encoding'])
  t.ok(plain.body.length > 1024, 'big enough to be worth compressing')
  const gzip = await app.inject({ url: '/v1/careers?limit=100', headers: { 'accept-encoding': 'gzip' } })
  t.equal(gzip.headers['content-encoding'], 'gzip')
  t.match(gzip.headers.vary, /accept-encoding/i)
  t.equal(gunzipSync(gzip.rawPayload).toString(), plain.body)
  t.equal(gzip.headers.etag, plain.headers.etag, 'the tag names the content, whichever coding carries it')
  const br = await app.inject({ url: '/openapi.json', headers: { 'accept-encoding': 'br, gzip' } })
  t.equal(br.headers['content-encoding'], 'br')
  t.equal(JSON.parse(brotliDecompressSync(br.rawPayload).toString()).openapi, '3.1.0')
  const revalidated = await app.inject({
    url: '/v1/careers?limit=100',
    headers: { 'accept-encoding': 'gzip', 'if-none-match': String(gzip.headers.etag) },
  })
  t.equal(revalidated.statusCode, 304)
  t.equal(revalidated.rawPayload.length, 0)
})

t.test('the change feed is revalidated on every use, so a poll after a write never reads it stale', async (t) => {
  const first = await app.inject({ url: '/v1/changes' })
  t.equal(first.statusCode, 200)
  t.equal(first.headers['cache-control'], 'no-cache', 'a cache may keep it, but must ask again each time')
  t.match(first.headers.etag, /^"[\w-]+"$/)
  const tag = String(first.headers.etag)
  const unchanged = await app.inject({ url: '/v1/changes', headers: { 'if-none-match': tag } })
  t.equal(unchanged.statusCode, 304, 'asking again costs a 304 while nothing changed')
  const editor = bearer(await createKey(db, 'feed-poller', 'read,write'))
  const career = await app.inject({ url: CAREER })
  const written = await app.inject({
    method: 'PATCH',
    url: CAREER,
    headers: { ...editor, 'if-match': String(career.headers.etag) },
    payload: { summary: 'Polled after a write.' },
  })
  t.equal(written.statusCode, 200, written.body)
  const after = await app.inject({ url: '/v1/changes', headers: { 'if-none-match': tag } })
  t.equal(after.statusCode, 200, 'the next poll sees the write')
  t.not(after.headers.etag, tag)
  t.equal((await app.inject({ url: CAREER })).headers['cache-control'], 'public, max-age=300',
    'the other answers keep their max-age')
})
