// One error handler: everything leaves as problem+json, 5xx without internals.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { isConnectionError } from '../db/faults.js'
import { ApiError, errors, joinName, type InputFault, type RequestPart } from '../errors.js'
import { PROBLEM_CONTENT_TYPE, problemOf } from '../http/problem.js'
import { redactUrl } from '../http/redact.js'
import type { ProblemBody } from '../schemas/common.js'

type ValidationEntry = NonNullable<FastifyError['validation']>[number]

// Fastify names the parts of a request after its schema keys; clients know them as these.
const PART: Record<string, RequestPart> = { querystring: 'query', params: 'path', headers: 'header', body: 'body' }

// The pattern of a comma-separated list of words (careers' `education`, `kind`, `outlook`).
const WORD_LIST = /^\^\(([^()]+)\)\(,\(\1\)\)\*\$$/

function reasonFor (entry: ValidationEntry): string {
  const params = entry.params as Record<string, unknown>
  if (typeof params.additionalProperty === 'string') return 'is not a known parameter'
  if (Array.isArray(params.allowedValues)) return `must be one of: ${params.allowedValues.join(', ')}`
  const words = typeof params.pattern === 'string' ? WORD_LIST.exec(params.pattern)?.[1] : undefined
  if (words !== undefined) return `must be one or more of, comma-separated: ${words.split('|').join(', ')}`
  return entry.message ?? 'is invalid'
}

function fieldFault (context: string | undefined, entry: ValidationEntry): InputFault {
  const params = entry.params as Record<string, unknown>
  const path = entry.instancePath.replace(/^\//, '').replaceAll('/', '.')
  const leaf = typeof params.missingProperty === 'string'
    ? params.missingProperty
    : typeof params.additionalProperty === 'string' ? params.additionalProperty : ''
  return { field: joinName(path, leaf), reason: reasonFor(entry), in: PART[context ?? ''] ?? 'request' }
}

function validationError (error: FastifyError): ApiError {
  const faults = (error.validation ?? []).map((entry) => fieldFault(error.validationContext, entry))
  // allErrors reports each failed branch of a union; one line per field and reason is enough.
  const unique = [...new Map(faults.map((f) => [`${joinName(f.in, f.field)}\u0000${f.reason}`, f])).values()]
  return errors.invalidRequest(unique)
}

// Postgres errors a client can cause and fix.
const PG_CLIENT_ERRORS: Record<string, () => ApiError> = {
  23505: errors.duplicateRecord,
  23503: errors.missingReference,
  23514: errors.dataRuleBroken,
  '22P02': errors.valueMalformed,
  22001: errors.valueTooLong,
  22003: errors.numberOutOfRange,
  57014: errors.queryTimeout,
}

/** The catalogue error any thrown error answers as. */
function apiErrorFor (error: FastifyError | Error): ApiError {
  if (error instanceof ApiError) return error
  const fastifyError = error as FastifyError & { code?: string }
  if (fastifyError.validation) return validationError(fastifyError)
  const pg = typeof fastifyError.code === 'string' ? PG_CLIENT_ERRORS[fastifyError.code] : undefined
  if (pg) return pg()
  if (isConnectionError(error)) return errors.databaseUnreachable()
  const status = fastifyError.statusCode
  if (status !== undefined && status >= 400 && status < 500) return errors.requestRefused(status, fastifyError.message)
  return errors.internal()
}

const hasField = (part: unknown, name: string): boolean =>
  typeof part === 'object' && part !== null && Object.hasOwn(part, name)

/**
 * The name clients know an input by. Catalogue errors name the field as the input spells
 * it ('issuer', 'data.3.socCode'); the part of the request comes from where the field is:
 * the first of the body, the query string and the path whose object holds the field's first
 * segment ('data' of 'data.3.socCode'). A field none of them holds (one a merge patch left
 * out) is the body's when the request has one, else the query string's. An error that knows
 * its part (headers, schema validation) keeps it.
 */
function locateField (request: FastifyRequest | undefined, input: InputFault): string {
  if (input.in !== undefined || request === undefined) return joinName(input.in, input.field)
  const first = input.field.split('.')[0] ?? ''
  const parts: Array<[RequestPart, unknown]> =
    [['body', request.body], ['query', request.query], ['path', request.params]]
  const holder = parts.find(([, value]) => hasField(value, first))?.[0] ??
    (typeof request.body === 'object' && request.body !== null ? 'body' : 'query')
  return joinName(holder, input.field)
}

/** The problem any thrown error answers; `request` names the inputs an error concerns. */
export function problemFor (error: FastifyError | Error, request?: FastifyRequest): ProblemBody {
  return problemOf(apiErrorFor(error), (input) => locateField(request, input))
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
    throw errors.shuttingDown()
  })

  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = problemFor(error, request)
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
      return sendProblem(reply, problemOf(errors.methodNotAllowed(request.method, allowed)))
    }
    const path = redactUrl(request.url.split('?')[0] ?? '')
    return sendProblem(reply, problemOf(errors.routeNotFound(path)))
  })
}

export default fp(errorsPlugin, { name: 'errors', fastify: '5.x' })
