// Fastify and Ajv options, shared by the server, the CLI and the tests so that all three
// validate and serialize alike.
import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { AjvCompiler, type Options } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyHttpOptions, FastifyReply, FastifyRequest } from 'fastify'
import type { Server } from 'node:http'
import type { Config } from '../config.js'
import { clientErrorHandler } from './client-errors.js'
import { serializersOnUse, validatorsOnUse } from './compile-on-use.js'
import { errors } from '../errors.js'
import { PROBLEM_CONTENT_TYPE, problemOf } from './problem.js'
import { redactUrl } from './redact.js'

// API keys travel in these headers; wherever a request's headers are logged (as `req`,
// `request` or bare `headers`), they are censored.
const SECRET_HEADERS = [
  'headers.authorization', 'headers["x-api-key"]', '*.headers.authorization', '*.headers["x-api-key"]',
]

/** Where log lines go instead of stdout: pino writes one JSON line per call. */
export interface LogStream {
  write: (line: string) => void
}

const validatorPool = AjvCompiler()

/**
 * Query strings, paths and headers arrive as text, so their validator coerces ("20" → 20).
 * JSON bodies carry their own types: a string where a number belongs is the client's
 * mistake to report, not to repair, so bodies get a validator without coercion.
 */
const buildValidator = validatorsOnUse((externalSchemas, options) => {
  const coercing = validatorPool(externalSchemas, options)
  const customOptions: Options = { ...options?.customOptions as Options, coerceTypes: false }
  const exact = validatorPool(externalSchemas, { ...options, mode: undefined, customOptions })
  return (route) => route.httpPart === 'body' ? exact(route) : coercing(route)
})

const buildSerializer = serializersOnUse(SerializerSelector())

/** The caller's X-Request-Id when it is a sane token, else a new one. */
export function requestId (headers: IncomingHttpHeaders): string {
  const given = headers['x-request-id']
  return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID()
}

/** `logStream` replaces stdout as the log destination (tests read the log through it). */
export function fastifyOptions (
  config: Pick<Config, 'logLevel' | 'trustProxy'>,
  logStream?: LogStream,
): FastifyHttpOptions<Server> {
  return {
    logger: {
      level: config.logLevel,
      redact: { paths: SECRET_HEADERS, censor: '[redacted]' },
      // Fastify's own request fields, with any key a caller put in the URL taken out.
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: redactUrl(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket.remotePort,
        }),
      },
      ...(logStream === undefined ? {} : { stream: logStream }),
    },
    genReqId: (request) => requestId(request.headers),
    requestIdHeader: false,
    // Off by default: X-Forwarded-For is only believed from the proxies the operator names,
    // else any client could pick the address its rate limit counts against.
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // A client gets 10 s to send its whole request (slow-header and slow-body attacks), a
    // socket silent for 30 s in the middle of a request is closed, and so is a kept-alive
    // connection idle for 72 s between requests: longer than the 60 s idle timeout of common
    // load balancers, so that they close first and never send on a socket being closed here.
    // Handlers are bounded by the database's statement_timeout long before any of these.
    requestTimeout: 10_000,
    connectionTimeout: 30_000,
    keepAliveTimeout: 72_000,
    // Node checks those deadlines on this interval (30 s by default, which let slow headers
    // run to 40 s); every second keeps them within a second of what they say.
    http: { connectionsCheckingInterval: 1000 },
    // Requests arriving while the server closes are answered by our own hook as problems
    // (src/plugins/errors.ts), not with Fastify's plain JSON 503.
    return503OnClosing: false,
    // Requests Node's parser refuses before Fastify sees them (malformed, headers too large,
    // too slow) are answered as problems too.
    clientErrorHandler,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Paths the router refuses before any route or error handler runs (percent-encoding that
    // is not UTF-8, a parameter over maxParamLength) are answered as problems like any other.
    // The router refuses with 400 (FST_ERR_BAD_URL) or 414 (FST_ERR_MAX_PARAM_LENGTH).
    frameworkErrors: (error, _request, reply) => {
      const refusal = error.statusCode === 414 ? errors.pathSegmentTooLong() : errors.pathNotUtf8()
      const plain = reply as FastifyReply
      return plain.code(refusal.status).type(PROBLEM_CONTENT_TYPE).send(problemOf(refusal))
    },
    schemaController: { compilersFactory: { buildValidator, buildSerializer } },
    ajv: {
      customOptions: {
        // Unknown query parameters and body fields are rejected, not silently dropped:
        // a misspelt filter must not quietly return unfiltered data.
        removeAdditional: false,
        coerceTypes: 'array',
        useDefaults: true,
        allErrors: true,
      },
    },
  }
}
