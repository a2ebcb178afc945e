// Cross-origin access for browsers on partners' pages. Reads are open to the origins in
// CORS_ORIGINS (any by default). Writes are a different risk: a page that obtains a key
// could change the data from any visitor's browser, so they are allowed cross-origin only
// from the origins in CORS_WRITE_ORIGINS (none by default). A preflight from any other
// origin is offered the read methods alone, and a write that arrives with such an Origin
// anyway is refused, in case a browser sends one without asking first.
import cors from '@fastify/cors'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { errors } from '../errors.js'

export interface CorsOptions {
  readOrigins: '*' | string[]
  writeOrigins: '*' | string[]
}

const READ_METHODS = ['GET', 'HEAD']
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']
const PREFLIGHT_HEADERS = ['origin', 'access-control-request-method'] as const

// Editors send keys and If-Match and read the new ETag, where it lives (Location) and how
// much of their rate limit is left; readers send If-None-Match and, where reads need one, a key.
const ALLOWED_HEADERS = ['Authorization', 'X-API-Key', 'If-Match', 'If-None-Match', 'Content-Type', 'X-Request-Id']
const EXPOSED_HEADERS = [
  'ETag', 'Location', 'Retry-After', 'RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset', 'RateLimit-Policy',
]

function listed (origins: '*' | string[], origin: string): boolean {
  return origins === '*' || origins.includes(origin)
}

/** The service's own pages (the /docs reference trying a write) are not cross-origin. */
function sameOrigin (request: FastifyRequest, origin: string): boolean {
  return origin === `${request.protocol}://${request.host}`
}

async function corsPlugin (app: FastifyInstance, options: CorsOptions): Promise<void> {
  const maySend = (request: FastifyRequest, origin: string): boolean =>
    listed(options.writeOrigins, origin) || sameOrigin(request, origin)

  app.addHook('onRequest', async (request) => {
    const origin = request.headers.origin
    if (request.method === 'OPTIONS') {
      // OPTIONS is served only as a CORS preflight; the plugin would answer text/plain.
      const missing = PREFLIGHT_HEADERS.filter((name) => request.headers[name] === undefined)
      if (missing.length === 0) return
      throw errors.preflightIncomplete(missing)
    }
    if (origin === undefined || !WRITE_METHODS.includes(request.method) || maySend(request, origin)) return
    throw errors.originMayNotWrite(origin)
  })

  await app.register(cors, {
    delegator: (request, callback) => {
      const origin = request.headers.origin
      const writes = origin !== undefined && maySend(request, origin)
      callback(null, {
        origin: options.readOrigins,
        methods: writes ? [...READ_METHODS, ...WRITE_METHODS] : READ_METHODS,
        allowedHeaders: ALLOWED_HEADERS,
        exposedHeaders: EXPOSED_HEADERS,
        maxAge: 600,
      })
    },
  })
}

export default fp(corsPlugin, { name: 'cors', fastify: '5.x' })
