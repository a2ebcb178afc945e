// One error handler: everything leaves as problem+json, 5xx without internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isConnectionError } from '../db/faults.js'
import { HttpProblem, PROBLEM_CONTENT_TYPE, problem } from '../http/problem.js'
import { redactUrl } from '../http/redact.js'
import type { ProblemBody } from '../schemas/common.js'

type ValidationEntry = NonNullable<FastifyError['validation']>[number]

// Fastify names the parts of a request after its schema keys; clients know them as these.
const PART: Record<string, string> = { querystring: 'query', params: 'path', headers: 'header', body: 'body' }

function reasonFor (entry: ValidationEntry): string {
  const params = entry.params as Record<string, unknown>
  if (typeof params.additionalProperty === 'string') return 'is not a known parameter'
  if (Array.isArray(params.allowedValues)) return `must be one of: ${params.allowedValues.join(', ')}`
  return entry.message ?? 'is invalid'
}

function fieldName (context: string | undefined, entry: ValidationEntry): string {
  const params = entry.params as Record<string, unknown>
  const path = entry.instancePath.replace(/^\//, '').replaceAll('/', '.')
  const leaf = typeof params.missingProperty === 'string'
    ? params.missingProperty
    : typeof params.additionalProperty === 'string' ? params.additionalProperty : ''
  return [PART[context ?? ''] ?? 'request', path, leaf].filter((part) => part !== '').join('.')
}

function validationProblem (error: FastifyError): ProblemBody {
  const errors = (error.validation ?? []).map((entry) => ({
    name: fieldName(error.validationContext, entry),
    reason: reasonFor(entry),
  }))
  // allErrors reports each failed branch of a union; one line per field and reason is enough.
  const unique = [...new Map(errors.map((e) => [`${e.name}\u0000${e.reason}`, e])).values()]
  const detail = unique.map((e) => `${e.name} ${e.reason}`).join('; ')
  return problem(400, detail, { kind: 'validation', errors: unique })
}

// Postgres errors a client can cause and fix.
const PG_CLIENT_ERRORS: Record<string, { status: number, kind: string, detail: string }> = {
  23505: { status: 409, kind: 'conflict', detail: 'A record with the same unique key exists.' },
  23503: {
    status: 409, kind: 'conflict', detail: 'The change refers to a missing record, or others refer to this one.',
  },
  23514: { status: 400, kind: 'validation', detail: 'A value breaks a data rule.' },
  '22P02': { status: 400, kind: 'validation', detail: 'A value has the wrong form.' },
  22001: { status: 400, kind: 'validation', detail: 'A value is too long.' },
  22003: { status: 400, kind: 'validation', detail: 'A number is out of range.' },
  57014: { status: 503, kind: 'timeout', detail: 'The query took too long.' },
}

export function problemFor (error: FastifyError | HttpProblem | Error): ProblemBody {
  if (error instanceof HttpProblem) return error.body
  const fastifyError = error as FastifyError & { code?: string }
  if (fastifyError.validation) return validationProblem(fastifyError)
  const pg = typeof fastifyError.code === 'string' ? PG_CLIENT_ERRORS[fastifyError.code] : undefined
  if (pg) return problem(pg.status, pg.detail, { kind: pg.kind })
  if (isConnectionError(error)) {
    return problem(503, 'The database cannot be reached at the moment; retry shortly.', { kind: 'not-ready' })
  }
  const status = fastifyError.statusCode
  if (status !== undefined && status >= 400 && status < 500) return problem(status, fastifyError.message)
  return problem(500, 'The server could not answer this request. It has been logged.')
}

// Seconds a client should wait before retrying a 503: a lost database connection is
// replaced within a second or two; a query that timed out is likely to time out again
// while the load that slowed it lasts.
const RETRY_AFTER: Record<string, string> = { '/problems/not-ready': '1', '/problems/timeout': '5' }

export function sendProblem (reply: FastifyReply, problemBody: ProblemBody): FastifyReply {
  // Details may quote the path (a key there is refused; it must not be echoed back either).
  const body = { ...problemBody, detail: redactUrl(problemBody.detail) }
  if (body.status === 503 && !reply.hasHeader('retry-after')) reply.header('retry-after', RETRY_AFTER[body.type] ?? '1')
  // Refused before its body arrived (no key, over the limit): the rest of the body is not
  // waited for. Closing is the only way to stop a client that sends it slowly.
  if (reply.request.raw.complete === false) reply.header('connection', 'close')
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(body)
}

/** Route patterns by method, to tell "no such resource" (404) from "not this method" (405). */
function methodsFor (routes: Array<{ pattern: RegExp, method: string }>, url: string): string[] {
  const path = url.split('?')[0] ?? url
  return [...new Set(routes.filter((route) => route.pattern.test(path)).map((route) => route.method))]
}

function toPattern (url: string): RegExp {
  const escaped = url.split('/').map((part) =>
    part.startsWith(':') ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  return new RegExp(`^${escaped.join('/')}/?$`)
}

async function errorsPlugin (app: FastifyInstance): Promise<void> {
  const routes: Array<{ pattern: RegExp, method: string }> = []
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method]
    for (const method of methods) routes.push({ pattern: toPattern(route.url), method })
  })

  // Fastify's own answer to requests that arrive while it closes is plain JSON; ours is a
  // problem, and tells the client to go elsewhere and not to reuse the connection.
  let closing = false
  app.addHook('preClose', async () => { closing = true })
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return
    reply.header('connection', 'close')
    throw new HttpProblem(problem(503, 'The server is shutting down; send the request again.', { kind: 'not-ready' }))
  })

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = problemFor(error)
    // An outage or a shutdown answers every request 503: a line each without a stack will do.
    if (body.status === 503) {
      request.log.warn({ status: 503, type: body.type, cause: error.message }, 'request refused: service unavailable')
    } else if (body.status >= 500) {
      request.log.error({ err: error }, 'request failed')
    } else {
      request.log.info({ status: body.status, detail: redactUrl(body.detail) }, 'request rejected')
    }
    return sendProblem(reply, body)
  })

  app.setNotFoundHandler((request, reply) => {
    const allowed = methodsFor(routes, request.url)
    if (allowed.length > 0) {
      reply.header('allow', allowed.join(', '))
      return sendProblem(reply, problem(405, `${request.method} is not allowed here; use ${allowed.join(' or ')}.`))
    }
    const path = redactUrl(request.url.split('?')[0] ?? '')
    return sendProblem(reply, problem(404, `No resource at ${path}.`, { kind: 'not-found' }))
  })
}

export default fp(errorsPlugin, { name: 'errors', fastify: '5.x' })
