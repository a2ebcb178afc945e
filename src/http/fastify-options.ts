// Fastify and Ajv options, shared by the server, the CLI and the tests so that all three
// validate and serialize alike.
import { randomUUID } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import { AjvCompiler, type Options } from '@fastify/ajv-compiler'
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'
import type { FastifyReply, FastifyServerOptions } from 'fastify'
import type { Config } from '../config.js'
import { serializersOnUse, validatorsOnUse } from './compile-on-use.js'
import { PROBLEM_CONTENT_TYPE, problem } from './problem.js'

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
export function fastifyOptions (config: Pick<Config, 'logLevel' | 'trustProxy'>, logStream?: LogStream): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      redact: { paths: SECRET_HEADERS, censor: '[redacted]' },
      ...(logStream === undefined ? {} : { stream: logStream }),
    },
    genReqId: (request) => requestId(request.headers),
    requestIdHeader: false,
    // Off by default: X-Forwarded-For is only believed from the proxies the operator names,
    // else any client could pick the address its rate limit counts against.
    trustProxy: config.trustProxy,
    bodyLimit: 1_048_576,
    // A client gets 10 s to send its whole request (slow-header and slow-body attacks),
    // and an idle socket is closed after 30 s; handlers are bounded by the database's
    // statement_timeout long before that.
    requestTimeout: 10_000,
    connectionTimeout: 30_000,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // Paths the router refuses before any route or error handler runs (percent-encoding that
    // is not UTF-8, a parameter over maxParamLength) are answered as problems like any other.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400
      const detail = status === 414 ? 'A path segment is too long.' : 'The path is not valid percent-encoded UTF-8.'
      const plain = reply as FastifyReply
      return plain.code(status).type(PROBLEM_CONTENT_TYPE).send(problem(status, detail, { kind: 'validation' }))
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
