// Contract conformance: a scripted tour calls every operation of the committed document
// (openapi/openapi.json) through Stoplight Prism's validating proxy, in front of the app over
// its seeded test database, and fails on anything Prism finds the document does not allow:
// reads, writes with a key, and each error class the API answers. The operations come from the
// document, so an operation added without a step on the tour fails the test too.
import http from 'node:http'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { sql } from 'kysely'
import t from 'tap'
import { setupApp } from '../helpers/app.js'
import { createKey } from '../helpers/keys.js'
import { startPrism, violationsOf, type Prism } from '../helpers/prism.js'

// CONTRACT_TOUR_DOCUMENT checks another copy of the document (a draft, an older release) instead.
const DOCUMENT = path.resolve(process.env.CONTRACT_TOUR_DOCUMENT ?? 'openapi/openapi.json')

// ---- The document: its operations, and what each declares ----

interface Reference { $ref: string }
interface Header { schema?: unknown }
interface Response { headers?: Record<string, Header | Reference>, content?: Record<string, unknown> }
interface Parameter { in: string, name: string }
interface Operation {
  operationId: string
  parameters?: Array<Parameter | Reference>
  requestBody?: { content?: Record<string, unknown> } | Reference
  responses: Record<string, Response | Reference>
}
interface Document { paths: Record<string, Record<string, Operation>> }

const document = JSON.parse(await readFile(DOCUMENT, 'utf8')) as Document

function resolve<T> (value: T | Reference): T {
  if (typeof value !== 'object' || value === null || !('$ref' in value)) return value
  let target: unknown = document
  for (const part of value.$ref.replace(/^#\//, '').split('/')) target = (target as Record<string, unknown>)[part]
  return resolve(target as T | Reference)
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'])

interface Route { id: string, method: string, pattern: RegExp, variables: number, operation: Operation }

const routes: Route[] = Object.entries(document.paths).flatMap(([template, item]) =>
  Object.entries(item).filter(([method]) => METHODS.has(method)).map(([method, operation]) => ({
    id: operation.operationId,
    method: method.toUpperCase(),
    pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
    variables: (template.match(/\{/g) ?? []).length,
    operation,
  })))
  // A literal path wins over a template that also matches it, as in the router.
  .sort((a, b) => a.variables - b.variables)

function routeOf (method: string, url: string): Route | undefined {
  const pathname = url.split('?')[0] ?? url
  return routes.find((route) => route.method === method && route.pattern.test(pathname))
}

function declaredResponse (operation: Operation, status: number): Response | undefined {
  const response = operation.responses[String(status)] ?? operation.responses[`${String(status)[0]}XX`] ??
    operation.responses.default
  return response === undefined ? undefined : resolve(response)
}

// ---- What the tour found ----

// Headers whose meaning partners rely on; Prism checks only the headers a response declares,
// so one the API sends without the document saying so would go unnoticed without this list.
const CONTRACT_HEADERS = ['etag', 'cache-control', 'location', 'retry-after', 'www-authenticate',
  'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy']
// Request headers the API acts on, which the operations taking them must declare.
const CONDITIONS = ['if-match', 'if-none-match']

const findings = {
  /**
   * What Prism's sl-violations listed, request and response, and the answers Prism made itself
   * (it failed to relay or to serialise the API's answer).
   */
  violations: new Set<string>(),
  /** Headers and media types the API sent or took that the operation's document does not declare. */
  undeclared: new Set<string>(),
  /** Steps the API did not answer as the tour expects: the tour then no longer tests what it says. */
  unexpected: new Set<string>(),
  /** Requests that reached no operation of the document. */
  unrouted: new Set<string>(),
}
const successes = new Map<string, Set<number>>()
const statuses = new Set<number>()

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  body: string
  json: <T = Record<string, unknown>>() => T
}

interface CallOptions {
  headers?: Record<string, string>
  /** A JSON body, sent as application/json unless `contentType` says otherwise. */
  json?: unknown
  /** A body sent as is, with `contentType`. */
  text?: string
  contentType?: string
  /**
   * The request breaks the document on purpose, in a way the document can state (a limit
   * below its minimum, no key where one is required): Prism must say so in a request
   * violation matching this, and those violations are expected.
   */
  breaks?: RegExp
  /** Request violations matching this are expected but need not be there. */
  may?: RegExp
}

/** One request through a proxy; records what Prism and the tour find about its answer. */
async function call (
  proxy: Prism, method: string, url: string, expected: number, options: CallOptions = {},
): Promise<Answer> {
  const body = options.json === undefined ? options.text : JSON.stringify(options.json)
  // identity: compression is not the contract's, and Prism would decode a compressed answer
  // and relay it without its Content-Encoding anyway. No keep-alive: Prism closes idle
  // connections after 5 s, and a request sent on one as it closes fails for no reason of the contract's.
  const headers: Record<string, string> = {
    accept: 'application/json, application/problem+json', 'accept-encoding': 'identity', ...options.headers,
  }
  if (body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json'
    headers['content-length'] = String(Buffer.byteLength(body))
  }
  const answer = await new Promise<Answer>((resolveAnswer, reject) => {
    const request = http.request(new URL(url, proxy.url), { method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        const text = Buffer.concat(chunks).toString()
        resolveAnswer({
          status: response.statusCode ?? 0,
          headers: response.headers,
          body: text,
          json: <T>() => JSON.parse(text) as T,
        })
      })
    })
    request.on('error', reject)
    request.end(body)
  })
  record(method, url, expected, options, headers, answer)
  return answer
}

function record (
  method: string, url: string, expected: number, options: CallOptions, sent: Record<string, string>, answer: Answer,
): void {
  const route = routeOf(method, url)
  const where = `${route?.id ?? '(no operation)'} ${method} ${url.split('?')[0]} → ${answer.status}`
  statuses.add(answer.status)
  if (route === undefined) findings.unrouted.add(`${method} ${url}`)
  else if (answer.status >= 200 && answer.status < 300) {
    successes.set(route.id, (successes.get(route.id) ?? new Set()).add(answer.status))
  }
  if (answer.status !== expected) {
    findings.unexpected.add(`${method} ${url}: ${answer.status}, not ${expected}: ${answer.body.slice(0, 300)}`)
  }

  // Prism's own problems (a failed relay, an answer it could not serialise) are problem+json
  // whose type is none of the API's: `about:blank` or a relative `/problems/…`.
  if (/^application\/problem\+json/.test(String(answer.headers['content-type']))) {
    let type = ''
    try {
      type = String((JSON.parse(answer.body) as { type?: unknown }).type)
    } catch { /* not JSON: not the API's problem either */ }
    if (type !== 'about:blank' && !type.startsWith('/problems/')) {
      findings.violations.add(`${where}: Prism answered itself (${type}): ${answer.body.slice(0, 300)}`)
    }
  }

  let flagged = false
  for (const violation of violationsOf(answer.headers['sl-violations'])) {
    const text = `${violation.location.join('.')}: ${violation.message}`
    const breaks = options.breaks?.test(text) === true
    if (violation.location[0] === 'request' && (breaks || options.may?.test(text) === true)) {
      flagged ||= breaks
      continue
    }
    findings.violations.add(`${where}: [${violation.severity}] ${text}`)
  }
  if (options.breaks !== undefined && !flagged) {
    findings.violations.add(`${where}: the document allows this request, which the API refused ` +
      `(no request violation matching ${options.breaks})`)
  }

  if (route === undefined) return
  // Prism matches media types by their suffix: application/merge-patch+json passes for a
  // declared application/json, and a problem+json answer for a declared application/json one.
  // A client generated from the document goes by the exact type, so the tour does too.
  const sentType = essence(sent['content-type'])
  const body = route.operation.requestBody === undefined ? undefined : resolve(route.operation.requestBody)
  if (sentType !== undefined && expected !== 415 && body?.content?.[sentType] === undefined) {
    findings.undeclared.add(`${route.id}: request body media type ${sentType} is not declared`)
  }
  const parameters = (route.operation.parameters ?? []).map(resolve)
  for (const name of CONDITIONS) {
    if (sent[name] !== undefined && !parameters.some((p) => p.in === 'header' && p.name.toLowerCase() === name)) {
      findings.undeclared.add(`${route.id}: request header ${name} is not a declared parameter`)
    }
  }
  const response = declaredResponse(route.operation, answer.status)
  if (response === undefined) return // Prism reports the undeclared status itself.
  const answerType = essence(answer.headers['content-type'])
  if (answerType !== undefined && answer.body !== '' && response.content?.[answerType] === undefined) {
    findings.undeclared.add(`${route.id} ${answer.status}: media type ${answerType} is not declared`)
  }
  const declared = new Set(Object.keys(response.headers ?? {}).map((name) => name.toLowerCase()))
  for (const name of CONTRACT_HEADERS) {
    if (answer.headers[name] !== undefined && !declared.has(name)) {
      findings.undeclared.add(`${route.id} ${answer.status}: response header ${name} is not declared`)
    }
  }
}

/** `application/json` of `application/json; charset=utf-8`. */
function essence (type: string | undefined): string | undefined {
  return type?.split(';')[0]?.trim().toLowerCase() || undefined
}

// ---- The apps and their proxies ----

// A rate limit no step reaches: the tour is about the contract, the 429 comes from the second app.
const main = await setupApp(t, { rateLimitMax: 100_000 })
const editor = await createKey(main.database.db, 'contract-tour-editor', 'read,write')
const reader = await createKey(main.database.db, 'contract-tour-reader', 'read')
// One request a window: the second is a 429. A long window, so a slow machine cannot reset it mid-test.
const limited = await setupApp(t, { rateLimitMax: 1, rateLimitWindow: 3600 })
const [proxy, limitedProxy] = await Promise.all([
  startPrism(t, DOCUMENT, await main.app.listen({ host: '127.0.0.1', port: 0 })),
  startPrism(t, DOCUMENT, await limited.app.listen({ host: '127.0.0.1', port: 0 })),
])

const asEditor = { authorization: `Bearer ${editor}` }
const asReader = { authorization: `Bearer ${reader}` }

/** A GET that must succeed; when it carries an ETag, asking again with it must be a 304. */
async function read (url: string, options: CallOptions = {}): Promise<Answer> {
  const answer = await call(proxy, 'GET', url, 200, options)
  const etag = answer.headers.etag
  if (etag !== undefined) {
    await call(proxy, 'GET', url, 304, { ...options, headers: { ...options.headers, 'if-none-match': etag } })
  }
  return answer
}

/** Follows a list's nextCursor once, with the query it came from. */
async function nextPage (url: string, first: Answer, parameter = 'cursor'): Promise<void> {
  const cursor = first.json<{ nextCursor?: string | null }>().nextCursor
  if (typeof cursor !== 'string') return
  await call(proxy, 'GET', `${url}${url.includes('?') ? '&' : '?'}${parameter}=${encodeURIComponent(cursor)}`, 200)
}

/** The ETag a resource has now, read through the proxy as a client would before a write. */
async function etagOf (url: string): Promise<string> {
  return String((await call(proxy, 'GET', url, 200)).headers.etag)
}

const TECHNICIAN = '/v1/careers/health-information-technician'
const MANAGER = '/v1/careers/health-information-manager'

t.test('reads: every GET with parameters from the seed, and a 304 for each ETag', async () => {
  await call(proxy, 'GET', '/healthz', 200)
  await call(proxy, 'GET', '/readyz', 200)

  const search = '/v1/careers?q=medical%20records&education=postsecondary-nondegree,bachelor&sort=relevance' +
    '&order=desc&limit=2'
  await nextPage(search, await read(search))
  await read('/v1/careers?soc=29&kind=occupation,editorial&publishedAs=occupation&minWage=0&maxWage=1000000' +
    '&minGrowth=0&outlook=much-faster-than-average,faster-than-average&sort=median-wage&order=desc')
  await read('/v1/careers?jobZone=1,2,3,4,5&interest=CE&sort=title')
  await read(TECHNICIAN)
  await read('/v1/careers/29-2072')
  await read('/v1/careers/medical-records-administrator')

  const salaries = `${MANAGER}/salaries?year=2015&area=US&industry=any&limit=1`
  await nextPage(salaries, await read(salaries))
  await read(`${MANAGER}/salaries/2015-05`)
  await read(`${TECHNICIAN}/outlook`)
  await read(`${TECHNICIAN}/outlook/2014-2024`)
  await read(`${MANAGER}/credentials`)
  await read(`${TECHNICIAN}/related?kind=advancement&limit=5`)
  await read('/v1/careers/medical-records-administrator/related')
  await read(`${TECHNICIAN}/technology-skills`)
  await read(`${TECHNICIAN}/interests`)
  await read(`${TECHNICIAN}/work-styles`)

  const credentials = '/v1/credentials?kind=certification&issuer=ahima&q=registered&limit=1'
  await nextPage(credentials, await read(credentials))
  await read('/v1/credentials/RHIT')
  await read('/v1/credentials/nursing-home-administrator-license')
  await read('/v1/compare?careers=health-information-technician,health-information-manager&area=US&year=2015' +
    '&cycle=2014-2024')
  await read('/v1/compare?careers=medical-records-administrator,29-2072,database-administrator')

  const industries = '/v1/industries?q=hospitals&limit=1'
  await nextPage(industries, await read(industries))
  await read('/v1/industries?limit=2')
  await read('/v1/areas?kind=national&limit=5')
  const sources = '/v1/sources?limit=2'
  await nextPage(sources, await read(sources))

  const fields = '/v1/fields-of-study?q=health%20information&level=program&family=51&limit=1'
  await nextPage(fields, await read(fields))
  await read('/v1/fields-of-study?soc=29-2072')
  await read('/v1/fields-of-study/51.0707')
  await read('/v1/fields-of-study/51')
  // Keys are optional for reads; a read key is accepted all the same.
  await read('/v1/programs', { headers: asReader })
  await read('/v1/institutions')
})

t.test('writes with a key: create, read the ETag, change with If-Match, delete', async (t) => {
  // Programs and institutions: the seed holds no school, so the tour lists one (on a reserved domain).
  const school = await call(proxy, 'POST', '/v1/institutions', 201, {
    headers: asEditor,
    json: { name: 'Contract Tour College', city: 'Springfield', state: 'IL', url: 'https://tour-college.example/' },
  })
  const schoolUrl = String(school.headers.location ?? `/v1/institutions/${school.json<{ id: number }>().id}`)
  const schoolId = school.json<{ id: number }>().id
  const program = await call(proxy, 'POST', '/v1/programs', 201, {
    headers: asEditor,
    json: {
      institutionId: schoolId,
      name: 'Health Information Technology, A.A.S.',
      awardLevel: 'associate',
      cipCode: '51.0707',
      delivery: 'hybrid',
      url: 'https://tour-college.example/hit',
      tuition: { amount: 4200, year: 2026 },
      sponsored: true,
      sponsorDisclosure: 'Sponsored listing: Contract Tour College paid to appear here.',
    },
  })
  const programUrl = String(program.headers.location ?? `/v1/programs/${program.json<{ id: number }>().id}`)
  t.match(programUrl, /^\/v1\/programs\/\d+$/, 'the program\'s Location')
  await read(programUrl)
  await read(schoolUrl)
  const programs = `/v1/programs?cip=51.07&institution=${schoolId}&level=associate&state=IL&delivery=hybrid` +
    '&sponsored=true&limit=1'
  await nextPage(programs, await read(programs))
  await read('/v1/institutions?state=IL&q=tour&limit=1')
  await read(`${TECHNICIAN}/programs?level=associate&state=IL&delivery=hybrid&sponsored=true&limit=5`)
  await call(proxy, 'PATCH', schoolUrl, 200, {
    headers: { ...asEditor, 'if-match': await etagOf(schoolUrl) }, json: { city: 'Shelbyville' },
  })
  await call(proxy, 'PATCH', programUrl, 200, {
    headers: { ...asEditor, 'if-match': await etagOf(programUrl) }, json: { tuition: { amount: 4300, year: 2026 } },
  })
  // 409: a school that still offers programs stays.
  await call(proxy, 'DELETE', schoolUrl, 409, { headers: { ...asEditor, 'if-match': await etagOf(schoolUrl) } })
  await call(proxy, 'DELETE', programUrl, 204, { headers: { ...asEditor, 'if-match': await etagOf(programUrl) } })
  // The other scheme the document offers: X-API-Key.
  await call(proxy, 'DELETE', schoolUrl, 204, { headers: { 'x-api-key': editor, 'if-match': await etagOf(schoolUrl) } })

  // A career, its credential links and its relations.
  const career = {
    slug: 'contract-tour-coding-auditor',
    title: 'Clinical Coding Auditor',
    socCode: '29-9021',
    alternateTitles: ['Coding Auditor'],
    duties: ['Audit the codes assigned to patient records.'],
    education: { typical: 'postsecondary-nondegree', fieldsOfStudy: ['Health information technology'] },
  }
  const created = await call(proxy, 'POST', '/v1/careers', 201, { headers: asEditor, json: career })
  const careerUrl = String(created.headers.location)
  t.equal(careerUrl, `/v1/careers/${career.slug}`, 'the career\'s Location')
  await call(proxy, 'POST', '/v1/careers', 409, { headers: asEditor, json: career })
  const first = await etagOf(careerUrl)
  await call(proxy, 'PATCH', careerUrl, 428, {
    headers: asEditor, json: { summary: 'Checks codes.' }, may: /if-match/i,
  })
  await call(proxy, 'PATCH', careerUrl, 412, {
    headers: { ...asEditor, 'if-match': '"stale"' }, json: { summary: 'Checks codes.' },
  })
  // Not text/plain: Fastify parses that by default, and the schema refuses the string with a 400.
  await call(proxy, 'PATCH', careerUrl, 415, {
    headers: { ...asEditor, 'if-match': first }, text: 'summary=Checks%20codes.',
    contentType: 'application/x-www-form-urlencoded',
    breaks: /content type|media type/i,
  })
  // The media type the README gives for a merge patch; application/json is taken too.
  await call(proxy, 'PATCH', careerUrl, 200, {
    headers: { ...asEditor, 'if-match': first },
    json: { summary: 'Audits the codes assigned to patient records.' },
    contentType: 'application/merge-patch+json',
  })
  await call(proxy, 'PATCH', careerUrl, 412, {
    headers: { ...asEditor, 'if-match': first }, json: { summary: 'An older version.' },
  })

  const link = `${careerUrl}/credentials/rhit`
  await call(proxy, 'PUT', link, 200, {
    headers: { ...asEditor, 'if-match': await etagOf(careerUrl) }, json: { level: 'preferred', note: 'In hospitals.' },
  })
  await call(proxy, 'DELETE', link, 200, { headers: { ...asEditor, 'if-match': await etagOf(careerUrl) } })
  const relation = `${careerUrl}/related/health-information-technician?kind=similar`
  await call(proxy, 'PUT', relation, 200, { headers: { ...asEditor, 'if-match': await etagOf(careerUrl) } })
  // 409: a career others refer to stays unless the delete cascades.
  await call(proxy, 'DELETE', careerUrl, 409, { headers: { ...asEditor, 'if-match': await etagOf(careerUrl) } })
  await call(proxy, 'DELETE', relation, 200, { headers: { ...asEditor, 'if-match': await etagOf(careerUrl) } })

  // A credential: changed, linked, refused deletion while linked, then deleted with its links.
  const credential = {
    slug: 'contract-tour-ccs', abbreviation: 'TCCS', name: 'Tour Certified Coding Specialist',
    kind: 'certification', issuer: 'AHIMA', source: 'ahima-certification', renewal: '20 CEUs',
  }
  const made = await call(proxy, 'POST', '/v1/credentials', 201, { headers: asEditor, json: credential })
  const credentialUrl = String(made.headers.location)
  t.equal(credentialUrl, `/v1/credentials/${credential.slug}`, 'the credential\'s Location')
  await call(proxy, 'POST', '/v1/credentials', 409, { headers: asEditor, json: credential })
  await call(proxy, 'PATCH', credentialUrl, 200, {
    headers: { ...asEditor, 'if-match': await etagOf(credentialUrl) }, json: { renewal: '30 CEUs every two years.' },
  })
  await call(proxy, 'PUT', `${careerUrl}/credentials/${credential.slug}`, 200, {
    headers: { ...asEditor, 'if-match': await etagOf(careerUrl) }, json: { level: 'required' },
  })
  await call(proxy, 'DELETE', credentialUrl, 409, {
    headers: { ...asEditor, 'if-match': await etagOf(credentialUrl) },
  })
  await call(proxy, 'DELETE', `${credentialUrl}?cascade=true`, 204, {
    headers: { ...asEditor, 'if-match': await etagOf(credentialUrl) },
  })
  await call(proxy, 'DELETE', `${careerUrl}?cascade=false`, 204, {
    headers: { ...asEditor, 'if-match': await etagOf(careerUrl) },
  })
  await call(proxy, 'GET', careerUrl, 404)

  // One period's wage estimates and one cycle's projections, each with its own ETag.
  const period = `${MANAGER}/salaries/2015-05`
  await call(proxy, 'PUT', period, 200, {
    headers: { ...asEditor, 'if-match': await etagOf(period) },
    json: {
      data: [{
        socVersion: 2010, socCode: '11-9111', area: 'US', employment: 333_000,
        annual: { mean: 106_070, median: 94_500, p90: 239_200 }, hourly: { mean: 51.0, median: 45.43 },
        footnotes: [{ field: 'annual.p90', code: '#' }], source: 'bls-oews-2015-05',
      }],
    },
  })
  const cycle = `${TECHNICIAN}/outlook/2014-2024`
  await call(proxy, 'PUT', cycle, 200, {
    headers: { ...asEditor, 'if-match': await etagOf(cycle) },
    json: {
      data: [{
        baseEmployment: 188_600, projectedEmployment: 216_100, changeNumeric: 27_500, changePercent: 4.6,
        annualOpenings: 11_300, source: 'bls-ep-2014-24',
      }],
    },
  })

  // The change feed now holds the tour's writes: two pages of it.
  const changes = '/v1/changes?limit=2'
  await nextPage(changes, await read(changes), 'since')
})

t.test('each error class the API answers', async () => {
  await call(proxy, 'GET', '/v1/careers?limit=0', 400, { breaks: /limit/ })
  await call(proxy, 'GET', `${TECHNICIAN}/salaries?year=1800`, 400, { breaks: /year/ })
  // The API refuses unknown parameters; Prism does not check for them, so nothing to flag here.
  await call(proxy, 'GET', '/v1/careers?colour=red', 400)
  await call(proxy, 'POST', '/v1/credentials', 400, {
    headers: asEditor, json: { slug: 'Not A Slug', name: '', kind: 'diploma' }, breaks: /body/,
  })
  await call(proxy, 'GET', '/v1/careers/nurse-astronaut', 404)
  await call(proxy, 'GET', '/v1/credentials/no-such-credential', 404)
  await call(proxy, 'GET', '/v1/fields-of-study/99.9999', 404)
  await call(proxy, 'PUT', '/v1/careers/nurse-astronaut/outlook/2014-2024', 404, {
    headers: { ...asEditor, 'if-match': '"any"' }, json: { data: [] },
  })
  // 401: a key the API does not know (well formed, so only the API can tell), and no key at all.
  await call(proxy, 'POST', '/v1/careers', 401, {
    headers: { authorization: 'Bearer cf_not-a-key-the-api-issued' }, json: { slug: 'nobody', title: 'Nobody' },
  })
  await call(proxy, 'POST', '/v1/careers', 401, {
    json: { slug: 'nobody', title: 'Nobody' }, breaks: /Invalid security scheme/,
  })
  // 403: a key without the write scope.
  await call(proxy, 'POST', '/v1/careers', 403, { headers: asReader, json: { slug: 'nobody', title: 'Nobody' } })
  await call(proxy, 'DELETE', '/v1/credentials/rhit', 403, { headers: { ...asReader, 'if-match': '"any"' } })
  // 428, 412 and 415 on period writes, whose ETag is the period's own.
  const cycle = `${MANAGER}/outlook/2014-2024`
  await call(proxy, 'PUT', cycle, 428, { headers: asEditor, json: { data: [] }, may: /if-match/i })
  await call(proxy, 'PUT', cycle, 412, {
    headers: { ...asEditor, 'if-match': await etagOf(MANAGER) }, json: { data: [] },
  })
  await call(proxy, 'PUT', `${MANAGER}/salaries/2015-05`, 415, {
    headers: { ...asEditor, 'if-match': await etagOf(`${MANAGER}/salaries/2015-05`) },
    text: '<data/>', contentType: 'application/xml', breaks: /content type|media type/i,
  })
})

t.test('503 while a migration is missing, and 429 past the rate limit', async (t) => {
  // Forget the newest migration: /readyz must say the service is not ready. The limited app's
  // database is its own copy, so nothing else sees this.
  const newest = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`
    .execute(limited.database.db)
  t.ok(newest.rows[0], 'a migration to forget')
  await sql`delete from kysely_migration where name = ${newest.rows[0]?.name ?? ''}`.execute(limited.database.db)
  await call(limitedProxy, 'GET', '/readyz', 503)
  // That was the window's one request.
  await call(limitedProxy, 'GET', '/readyz', 429)
  await call(limitedProxy, 'GET', TECHNICIAN, 429)
  // Without a key, as the two before: a key would count in a bucket of its own.
  await call(limitedProxy, 'GET', '/v1/careers?limit=1', 429)
})

t.test('every operation of the document is on the tour, and succeeds there', async (t) => {
  const missing = [...new Set(routes.map((route) => route.id))].filter((id) => !successes.has(id))
  t.same(missing, [], 'operations with no successful step: add one to the tour')
  t.same([...findings.unrouted], [], 'steps that reached no operation of the document')
  const wanted = [200, 201, 204, 304, 400, 401, 403, 404, 409, 412, 415, 428, 429, 503]
  t.same(wanted.filter((status) => !statuses.has(status)), [], 'every answer class was seen')
})

t.test('the API answered every step as the tour expects', async (t) => {
  t.same([...findings.unexpected], [], 'steps answered otherwise')
})

t.test('the answers conform to the document', async (t) => {
  const sorted = (set: Set<string>) => [...set].sort()
  t.same(sorted(findings.violations), [], `what Prism finds against ${path.relative(process.cwd(), DOCUMENT)}`, {
    prism: proxy.output().slice(-4000),
  })
  t.same(sorted(findings.undeclared), [],
    'headers and media types the API sends or takes that the document does not declare')
})
