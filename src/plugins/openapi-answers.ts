// The answers and headers that plugins, not routes, give: the conditional GET's 304 and its
// validators (http-cache), the rate limit's 429 and RateLimit-* headers, the key check's 401
// and 403, the outage and shutdown 503, the body limit's 413, the path's 414 and the last
// resort 500. A route declares only its own answers; this adds the rest to the document, from
// the same route facts the plugins act on, so a generated client expects every status the
// service can send. It changes the document only: Fastify never serializes these answers
// through the route's schema (problems are rendered by the errors plugin, a 304 has no body).
import type { FastifySchema, RouteOptions } from 'fastify'
import { problemResponse } from '../schemas/common.js'
import { conditionalRoute } from './http-cache.js'
import { rateLimitedRoute } from './rate-limit.js'
import { keyMayBeRequired } from './auth.js'

interface Header { type: 'string' | 'integer', description: string }
type Headers = Record<string, Header>
interface Answer { description: string, headers?: Headers, [part: string]: unknown }
interface ObjectSchema { properties?: Record<string, unknown>, [part: string]: unknown }

// Route schemas are JSON Schema objects: TypeBox's, or the helpers' response entries.
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The schemes a key is presented by (src/plugins/auth.ts): `Authorization: Bearer` or `X-API-Key`. */
export const securitySchemes = {
  bearer: { type: 'http', scheme: 'bearer', description: 'An API key as `Authorization: Bearer <key>`.' },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'An API key as `X-API-Key: <key>`.' },
} as const

const string = (description: string): Header => ({ type: 'string', description })
const integer = (description: string): Header => ({ type: 'integer', description })

const VALIDATORS: Headers = {
  ETag: string('A strong validator of this answer: send it as If-None-Match to revalidate, as If-Match to change it.'),
  'Cache-Control': string('`public, max-age=<CACHE_MAX_AGE>`; `no-cache` for the change feed, which caches must ' +
    'revalidate on every use; `no-store` on problems and health probes.'),
}
const RATE_LIMIT: Headers = {
  'RateLimit-Limit': integer('Requests allowed in the window.'),
  'RateLimit-Remaining': integer('Requests left in the window.'),
  'RateLimit-Reset': integer('Seconds until the window ends.'),
  'RateLimit-Policy': string('The policy, as `<limit>;w=<window seconds>`.'),
}
const RETRY_AFTER: Headers = { 'Retry-After': integer('Seconds to wait before sending the request again.') }
const CHALLENGE: Headers = { 'WWW-Authenticate': string('The Bearer challenge, with the error and the scope needed.') }

const withHeaders = (answer: Answer, headers: Headers): Answer =>
  ({ ...answer, headers: { ...answer.headers, ...headers } })

// The answers every operation of a kind shares, as the document names them once.
const SHARED_ANSWERS = {
  NotModified: 304,
  Unauthorized: 401,
  ContentTooLarge: 413,
  PathSegmentTooLong: 414,
  TooManyRequests: 429,
  ServerError: 500,
  Unavailable: 503,
} as const

/** The route's schema as the document shows it: its own answers, then those the plugins add. */
export function documentedSchema (schema: FastifySchema, route: RouteOptions): FastifySchema {
  const own = isObject(schema.response) ? schema.response as Record<string, Answer> : {}
  const conditional = conditionalRoute(route)
  const limited = rateLimitedRoute(route.url)
  const write = route.config?.scope === 'write'
  const answers: Record<string, Answer> = { ...own }

  if (conditional) {
    answers[304] = {
      description: 'Not Modified: the answer still has the ETag sent in If-None-Match. No body.',
      type: 'null',
      headers: VALIDATORS,
    }
  }
  answers[401] ??= problemResponse('The key presented is not valid, or this needs one')
  answers[401] = withHeaders(answers[401], CHALLENGE)
  if (keyMayBeRequired(route)) {
    answers[403] ??= problemResponse('The key lacks the scope this needs')
    answers[403] = withHeaders(answers[403], CHALLENGE)
  }
  if (schema.body !== undefined) answers[413] = problemResponse('The body is larger than the server accepts')
  if (schema.params !== undefined) answers[414] = problemResponse('A path segment is too long')
  answers[429] ??= problemResponse('Too many requests')
  answers[429] = withHeaders(answers[429], RETRY_AFTER)
  answers[500] = problemResponse('The server could not answer; the fault is logged')
  answers[503] ??= problemResponse('Not ready (the database cannot be reached, or the server is shutting down), ' +
    'or the query took too long')
  answers[503] = withHeaders(answers[503], RETRY_AFTER)

  for (const [status, answer] of Object.entries(answers)) {
    let headers: Headers = {}
    // Every answer to a GET says how to cache it, a problem's included (no-store).
    if (route.method === 'GET' || (Array.isArray(route.method) && route.method.includes('GET'))) {
      headers = { ...headers, 'Cache-Control': VALIDATORS['Cache-Control']! }
    }
    if (conditional && status === '200') headers = { ...headers, ...VALIDATORS }
    // Writes answer the new representation's ETag (and a create its Location).
    if (write && (status === '200' || status === '201')) headers = { ...headers, ETag: VALIDATORS.ETag! }
    if (write && status === '201') headers = { ...headers, Location: string('Where the created resource is read.') }
    if (limited) headers = { ...headers, ...RATE_LIMIT }
    answers[status] = withHeaders(answer, headers)
  }

  return {
    ...schema,
    ...conditional ? { headers: withIfNoneMatch(schema.headers) } : {},
    // Writing needs a key; reading may be open (the default) or need one (READS_REQUIRE_KEY).
    security: write ? [{ bearer: [] }, { apiKey: [] }] : [{}, { bearer: [] }, { apiKey: [] }],
    response: sortedByStatus(answers),
  }
}

function withIfNoneMatch (given: unknown): ObjectSchema {
  const headers: ObjectSchema = isObject(given) ? given : {}
  return {
    ...headers,
    type: 'object',
    properties: {
      ...headers?.properties,
      'if-none-match': {
        type: 'string',
        description: 'The ETag of an answer held: 304 without a body when the answer is still the same.',
      },
    },
  }
}

function sortedByStatus (answers: Record<string, Answer>): Record<string, Answer> {
  return Object.fromEntries(Object.entries(answers).sort(([a], [b]) => a.localeCompare(b)))
}

interface HeaderObject { schema?: unknown, description?: string, $ref?: string }
interface ResponseObject { headers?: Record<string, HeaderObject>, $ref?: string, [part: string]: unknown }
interface Document {
  paths?: Record<string, Record<string, { responses?: Record<string, ResponseObject> } | undefined> | undefined>
  components?: { headers?: Record<string, HeaderObject>, responses?: Record<string, ResponseObject> }
}

const ALL_HEADERS: Headers = {
  ...VALIDATORS, ...RATE_LIMIT, ...RETRY_AFTER, ...CHALLENGE,
  Location: string('Where the created resource is read.'),
}

/**
 * Names each header above once under components.headers, and each shared answer under
 * components.responses where an operation's answer is exactly that one (an answer with a
 * route's own wording or example stays in place), so the document states each once.
 */
export function shareComponents<T extends object> (given: T): T {
  const document = given as Document
  const operations = Object.values(document.paths ?? {}).flatMap((methods) => Object.values(methods ?? {}))
  const components = document.components ??= {}
  components.headers = Object.fromEntries(Object.entries(ALL_HEADERS).map(([name, { description, ...schema }]) =>
    [name, { description, schema }]))
  const byRef = (headers: Record<string, HeaderObject> | undefined) => headers === undefined
    ? undefined
    : Object.fromEntries(Object.entries(headers).map(([name, header]) =>
      [name, name in ALL_HEADERS ? { $ref: `#/components/headers/${name}` } : header]))
  for (const operation of operations) {
    for (const answer of Object.values(operation?.responses ?? {})) {
      const headers = byRef(answer.headers)
      if (headers !== undefined) answer.headers = headers
    }
  }
  // The most common form of each shared status becomes the named answer.
  const named: Record<string, ResponseObject> = {}
  for (const [name, status] of Object.entries(SHARED_ANSWERS)) {
    const forms = new Map<string, number>()
    for (const operation of operations) {
      const answer = operation?.responses?.[status]
      if (answer !== undefined) forms.set(JSON.stringify(answer), (forms.get(JSON.stringify(answer)) ?? 0) + 1)
    }
    const common = [...forms].sort(([, a], [, b]) => b - a)[0]
    if (common === undefined) continue
    named[name] = JSON.parse(common[0]) as ResponseObject
    for (const operation of operations) {
      const responses = operation?.responses
      if (responses?.[status] !== undefined && JSON.stringify(responses[status]) === common[0]) {
        responses[status] = { $ref: `#/components/responses/${name}` }
      }
    }
  }
  components.responses = named
  return given
}
