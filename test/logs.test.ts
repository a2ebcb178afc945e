// API keys never reach the log, at any level, whatever the request does.
import t from 'tap'
import { setupApp } from './helpers/app.js'
import { bearer, createKey } from './helpers/keys.js'

const lines: string[] = []
const { app, database } = await setupApp(
  t,
  { logLevel: 'trace' },
  { logStream: { write: (line) => { lines.push(line) } } },
)
// A careless route that logs every header, as debugging code might.
app.get('/v1/echo-headers', async (request) => {
  request.log.info({ headers: request.headers }, 'headers')
  request.log.info({ request: { headers: request.headers } }, 'request')
  return { ok: true }
})

const key = await createKey(database.db, 'logged-partner', 'read,write')
const unknown = `cfk_${'Z'.repeat(43)}`

t.test('keys in headers never appear in the log', async (t) => {
  const requests = [
    { url: '/v1/careers', headers: bearer(key) },
    { url: '/v1/careers', headers: { 'x-api-key': key } },
    { url: '/v1/careers/nope', headers: bearer(key) },
    { url: '/v1/careers?limit=0', headers: bearer(key) },
    { url: '/v1/careers', headers: bearer(unknown) },
    { url: '/v1/careers', headers: { 'x-api-key': unknown } },
    { url: '/v1/echo-headers', headers: { ...bearer(key), 'x-api-key': key } },
  ]
  for (const request of requests) await app.inject(request)
  const log = lines.join('')
  t.ok(lines.length >= requests.length * 2, 'requests were logged')
  t.match(log, /"headers":\{[^}]*"authorization":"\[redacted\]"/, 'logged headers are censored')
  t.match(log, /"x-api-key":"\[redacted\]"/)
  t.notOk(log.includes(key), 'the valid key is absent')
  t.notOk(log.includes(key.slice(4, 20)), 'no part of it either')
  t.notOk(log.includes(unknown), 'an unknown key is absent too')
})

t.test('a key put in the URL is refused and appears neither in the log nor in the answer', async (t) => {
  const urls = [
    `/v1/careers?key=${key}`, `/v1/careers?api_key=${key}`, `/v1/careers?limit=2&apikey=${key}`,
    `/v1/careers/${key}`, `/v1/careers/${key}/salaries`, `/v1/${key}`,
  ]
  for (const url of urls) {
    const response = await app.inject({ url })
    t.ok(
      response.statusCode === 400 || response.statusCode === 404,
      `${url.replace(key, 'KEY')} is refused (${response.statusCode})`,
    )
    t.notOk(response.body.includes(key.slice(4, 20)), 'the problem does not echo it')
  }
  const log = lines.join('')
  t.match(log, /cfk_\[redacted\]/, 'the logged URLs mark where the key was')
  t.match(log, /api_key=\[redacted\]/)
  t.notOk(log.includes(key.slice(4, 20)), 'no part of the key is logged')
})
