// NUL (U+0000) anywhere a client can put text: Postgres refuses it in text values, and the
// embedded database accepts it, so on Postgres these used to be 500s. Every path and query
// parameter of every operation in the contract, a cursor, a body field and a body key:
// each is a 400 naming where the NUL is, on both databases.
import t from 'tap'
import { setupApp } from './helpers/app.js'
import type { Asserts } from './helpers/http.js'
import { bearer, createKey } from './helpers/keys.js'

const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
const writer = await createKey(database.db, 'nul-writer', 'read,write')

interface Parameter { name: string, in: string }
interface Document { paths: Record<string, Record<string, { parameters?: Parameter[] }>> }
const doc = (await app.inject({ url: '/openapi.json' })).json<Document>()

// Values that reach a real row where a parameter names one, so the NUL is the only fault.
const GOOD_PATH: Record<string, string> = {
  key: 'health-information-technician', credential: 'rhit', other: 'health-information-manager',
  period: '2015-05', cycle: '2014-2024', code: '51.0707', id: '1',
}

interface Problem { status: number, errors?: Array<{ name: string, reason: string }> }

async function assertRefused (t: Asserts, method: string, url: string, name: string, body?: string): Promise<void> {
  const response = await app.inject({
    method: method as 'GET',
    url,
    headers: body === undefined ? bearer(writer) : { ...bearer(writer), 'content-type': 'application/json' },
    ...(body === undefined ? {} : { payload: body }),
  })
  t.equal(response.statusCode, 400, `${method} ${url}`)
  t.match(response.headers['content-type'], /^application\/problem\+json/, `${method} ${url}: problem+json`)
  const problem = response.json<Problem>()
  t.ok(
    problem.errors?.some((e) => e.name === name && /NUL/.test(e.reason)),
    `${method} ${url} names ${name}: ${response.body}`,
  )
}

const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    path,
    method: method.toUpperCase(),
    parameters: operation.parameters ?? [],
  })))

t.test('a NUL in any path parameter is a 400 naming it', async (t) => {
  let cases = 0
  for (const { path, method, parameters } of operations) {
    const names = parameters.filter((p) => p.in === 'path').map((p) => p.name)
    for (const name of names) {
      let url = path
      for (const other of names) url = url.replace(`{${other}}`, other === name ? 'a%00b' : GOOD_PATH[other] ?? 'x')
      await assertRefused(t, method, url, `path.${name}`)
      cases++
    }
  }
  t.ok(cases >= 30, `${cases} path parameters tried`)
})

t.test('a NUL in any query parameter is a 400 naming it', async (t) => {
  let cases = 0
  for (const { path, method, parameters } of operations) {
    let base = path
    for (const p of parameters.filter((p) => p.in === 'path')) {
      base = base.replace(`{${p.name}}`, GOOD_PATH[p.name] ?? 'x')
    }
    for (const { name } of parameters.filter((p) => p.in === 'query')) {
      await assertRefused(t, method, `${base}?${name}=%00`, `query.${name}`)
      cases++
    }
  }
  t.ok(cases >= 30, `${cases} query parameters tried`)
  await assertRefused(t, 'GET', '/v1/compare?careers=health-information-technician,%00', 'query.careers')
})

t.test('a cursor this API issued, altered to hold a NUL, is refused as a cursor', async (t) => {
  const first = (await app.inject({ url: '/v1/careers?limit=1' })).json<{ nextCursor: string }>()
  const payload = JSON.parse(Buffer.from(first.nextCursor, 'base64url').toString()) as {
    f: string
    k: Array<string | number>
  }
  const altered = { ...payload, k: payload.k.map((part) => typeof part === 'string' ? `${part}\u0000` : part) }
  const cursor = Buffer.from(JSON.stringify(altered)).toString('base64url')
  const response = await app.inject({ url: `/v1/careers?limit=1&cursor=${cursor}` })
  t.equal(response.statusCode, 400)
  t.match(response.json(), { errors: [{ name: 'query.cursor' }] })
})

t.test('a NUL in a JSON body value or key is a 400 naming the field, and writes nothing', async (t) => {
  const before = await database.db.selectFrom('credential')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  await assertRefused(
    t,
    'POST',
    '/v1/credentials',
    'body.name',
    JSON.stringify({ slug: 'nul-test', name: 'a\u0000b', kind: 'certification', issuer: 'ahima' }),
  )
  await assertRefused(t, 'PATCH', '/v1/credentials/rhit', 'body.a\u0000', JSON.stringify({ 'a\u0000': 1 }))
  const after = await database.db.selectFrom('credential')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  t.equal(after.n, before.n, 'no credential was created')
})
