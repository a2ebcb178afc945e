// Hostile input against every operation of the service's own OpenAPI document: generated
// valid and invalid parameters and bodies. Whatever arrives, the answer is never a 5xx,
// every error is problem+json, the process stays healthy, and a refused request changes
// no data.
import t from 'tap'
import fc from 'fast-check'
import { sql } from 'kysely'
import { setupApp } from './helpers/app.js'
import { bearer, createKey } from './helpers/keys.js'

const { app, database } = await setupApp(t, { rateLimitMax: 1_000_000 })
const writer = await createKey(database.db, 'fuzzer', 'read,write')

interface Parameter { name: string, in: 'path' | 'query' | 'header', schema?: { type?: string | string[] } }
interface Operation {
  operationId: string
  parameters?: Parameter[]
  requestBody?: { content: Record<string, { schema: Schema }> }
}
interface Schema { $ref?: string, properties?: Record<string, Schema>, type?: string | string[] }
interface Document { paths: Record<string, Record<string, Operation>>, components: { schemas: Record<string, Schema> } }

const doc = (await app.inject({ url: '/openapi.json' })).json<Document>()

const hostileStrings = [
  '', ' ', 'a'.repeat(10_000), '\u0000', 'a\u0000b', "' or 1=1 --", "'; drop table career; --", '") or ("1"="1',
  '../../../etc/passwd', '..%2f..%2fetc%2fpasswd', '%00', '%', '\\', '/', '?', '#', '*', 'null', 'undefined', 'true',
  '[]', '{}', '-1', '0', '1e309', '99999999999999999999999', '-9007199254740993', 'NaN', '1.5',
  'Ünïcödé ✓ 漢字 🚀', '\uD800', '\u202Eevil', '<script>alert(1)</script>', '${7*7}', '\r\nX-Injected: 1',
  'health-information-technician', '29-2072', '1', 'rhit', 'health-information-technician,11-9111',
]
const KNOWN_GOOD: Record<string, string> = {
  compareCareers: 'careers=health-information-technician,health-information-manager',
}
const hostileString = fc.oneof(
  fc.constantFrom(...hostileStrings),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
)
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -1, 1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 2 ** 63, -(2 ** 31)),
  fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }),
)
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString, hostileNumber, fc.boolean(), fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }), fc.jsonValue({ maxDepth: 2 }),
)

// A lone surrogate has no UTF-8 form, so encodeURIComponent throws on it; a careless client
// would send its three WTF-8 bytes, which are invalid UTF-8: send those.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

function percentEncode (value: string): string {
  return value.split(LONE_SURROGATE).map(encodeURIComponent).reduce((encoded, part, i) => {
    const unit = value.match(LONE_SURROGATE)?.[i - 1]?.charCodeAt(0) ?? 0
    const bytes = [0xE0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3F), 0x80 | (unit & 0x3F)]
    return `${encoded}${bytes.map((byte) => `%${byte.toString(16).toUpperCase()}`).join('')}${part}`
  })
}

function resolve (schema: Schema | undefined): Schema | undefined {
  if (schema?.$ref === undefined) return schema
  return resolve(doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')])
}

/** Bodies: objects over the schema's own field names (nested too) and strangers, or any JSON at all. */
function bodies (schema: Schema | undefined): fc.Arbitrary<unknown> {
  const properties = resolve(schema)?.properties ?? {}
  const names = [...Object.keys(properties), 'unknownField', '__proto__', 'constructor']
  const nested = Object.entries(properties).filter(([, s]) => resolve(s)?.properties !== undefined)
  return fc.oneof(
    fc.dictionary(fc.constantFrom(...names), hostileValue, { maxKeys: 6 }),
    ...nested.map(([name, s]) => fc.record({
      [name]: fc.dictionary(
        fc.constantFrom(...Object.keys(resolve(s)?.properties ?? {}), 'x'),
        hostileValue,
        { maxKeys: 3 },
      ),
    })),
    fc.jsonValue({ maxDepth: 3 }),
  )
}

const malformedJson = fc.constantFrom(
  '{', '{"a":', '[1,', 'nul', '\u0000', '{"a":1}garbage', '{"__proto__":{"x":1}}', '"\uD800"', '{'.repeat(5000),
)

const tables = await sql<{ name: string }>`
  select table_name as name from information_schema.tables
  where table_schema = 'public' and table_name not like 'kysely_%' order by 1
`.execute(database.db)
// One digest of every table's rows, in one round trip; a key's last use is bookkeeping, not data.
const digest = sql<{ digest: string }>`select md5(concat_ws('|', ${sql.join(tables.rows.map(({ name }) => sql`(
  select string_agg(r, E'\n' order by r)
  from (select (to_jsonb(x) - 'last_used_at')::text as r from ${sql.table(name)} x) s
)`))})) as digest`

async function contents (): Promise<string> {
  return (await digest.execute(database.db)).rows[0]?.digest ?? ''
}

let snapshot = await contents()

const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ path, method: method.toUpperCase(), operation })))

for (const { path, method, operation } of operations) {
  t.test(`${method} ${path} (${operation.operationId}) survives hostile input`, async (t) => {
    const parameters = operation.parameters ?? []
    const pathNames = parameters.filter((p) => p.in === 'path').map((p) => p.name)
    const queryNames = parameters.filter((p) => p.in === 'query').map((p) => p.name)
    const bodySchema = operation.requestBody?.content['application/json']?.schema
    const request = fc.record({
      path: fc.record(Object.fromEntries(pathNames.map((name) => [name, hostileString]))),
      rawPath: fc.boolean(),
      query: fc.dictionary(
        fc.constantFrom(...queryNames, 'unknownParam', 'limit'),
        fc.oneof(hostileString, hostileNumber.map(String)),
        { maxKeys: 4 },
      ),
      ifMatch: fc.option(hostileString),
      authorized: fc.boolean(),
      body: operation.requestBody === undefined
        ? fc.constant(undefined)
        : fc.oneof(
          bodies(bodySchema).map((value) => ({ raw: JSON.stringify(value) ?? 'null' })),
          malformedJson.map((raw) => ({ raw })),
        ),
      contentType: fc.constantFrom(
        'application/json',
        'application/json',
        'application/merge-patch+json',
        'text/plain',
        'application/x-www-form-urlencoded',
      ),
    })

    const outcomes = new Set<number>()
    // A required parameter that random input rarely satisfies gets one known-good request too.
    const known = KNOWN_GOOD[operation.operationId ?? '']
    if (known !== undefined) outcomes.add((await app.inject({ url: `${path}?${known}` })).statusCode)
    await fc.assert(fc.asyncProperty(request, async (input) => {
      let url = path
      for (const [name, value] of Object.entries(input.path)) {
        url = url.replace(
          `{${name}}`,
          input.rawPath ? value.replace(/[\s?#%]/g, encodeURIComponent) : percentEncode(value),
        )
      }
      const query = new URLSearchParams(input.query).toString()
      const headers: Record<string, string> = input.authorized ? bearer(writer) : {}
      if (input.ifMatch !== null) headers['if-match'] = input.ifMatch.replace(/[\r\n]/g, '')
      const response = await app.inject({
        method: method as 'GET',
        url: query === '' ? url : `${url}?${query}`,
        headers: input.body === undefined ? headers : { ...headers, 'content-type': input.contentType },
        ...(input.body === undefined ? {} : { payload: input.body.raw }),
      })
      outcomes.add(response.statusCode)
      const where = `${method} ${url} → ${response.statusCode}: ${response.body.slice(0, 300)}`
      if (response.statusCode >= 500) throw new Error(`server error: ${where}`)
      if (response.statusCode >= 400) {
        if (!/^application\/problem\+json/.test(String(response.headers['content-type']))) {
          throw new Error(`not problem+json: ${where}`)
        }
        const problem = response.json<{ status: number, title: string, detail: string }>()
        if (problem.status !== response.statusCode || typeof problem.detail !== 'string') {
          throw new Error(`malformed problem: ${where}`)
        }
        if (/\bat .+:\d+:\d+|node_modules|SELECT |select .* from/i.test(problem.detail)) {
          throw new Error(`internals leaked: ${where}`)
        }
        if (method !== 'GET' && await contents() !== snapshot) {
          throw new Error(`a refused request changed data: ${where}`)
        }
      } else if (method !== 'GET') {
        snapshot = await contents()
      }
    }), { numRuns: method === 'GET' ? 60 : 40, seed: Number(process.env.FUZZ_SEED ?? 20261128) })

    // Operations without parameters or body (the health checks) ignore what they are sent.
    if (parameters.length > 0 || operation.requestBody !== undefined) {
      t.ok(outcomes.size > 1, `inputs reached several outcomes: ${[...outcomes].sort().join(', ')}`)
    }
    const health = await app.inject({ url: '/readyz' })
    t.equal(health.statusCode, 200, 'still healthy and ready')
  })
}
