// API keys: who is calling, and may they? A key arrives as `Authorization: Bearer <key>` or
// `X-API-Key: <key>`. It is resolved in onRequest, before the rate limiter keys on it, and
// enforced in preParsing, after the limiter (so guessing keys is rate limited too) and
// before any body is read. Routes name the scope they need in `config.scope`; with
// READS_REQUIRE_KEY every other route under /v1 needs `read`.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hashKey, looksLikeKey } from '../auth/keys.js'
import { findActiveApiKey, type ApiKeyIdentity } from '../data/api-keys.js'
import type { ApiKeyScope } from '../db/schema.js'
import { HttpProblem, problem } from '../http/problem.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's active key, or null when none (or an invalid one) was presented. */
    apiKey: ApiKeyIdentity | null
    /** True when a credential was presented but is not an active key. */
    badCredential: boolean
  }
  interface FastifyContextConfig {
    /** The scope a key needs for this route. */
    scope?: ApiKeyScope
  }
}

const REALM = 'Bearer realm="career-facts"'

/** The presented credential: undefined when none, '' when present but malformed. */
function presented (request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization
  if (authorization !== undefined) {
    const match = /^Bearer +(\S+) *$/i.exec(authorization)
    return match?.[1] ?? ''
  }
  const header = request.headers['x-api-key']
  return Array.isArray(header) ? '' : header
}

function unauthorized (reply: FastifyReply, detail: string, error?: string): HttpProblem {
  reply.header('www-authenticate', error === undefined ? REALM : `${REALM}, error="${error}"`)
  return new HttpProblem(problem(401, detail, { kind: 'unauthorized' }))
}

export interface AuthOptions {
  readsRequireKey: boolean
}

async function authPlugin (app: FastifyInstance, options: AuthOptions): Promise<void> {
  app.decorateRequest('apiKey', null)
  app.decorateRequest('badCredential', false)

  app.addHook('onRequest', async (request) => {
    const key = presented(request)
    if (key === undefined) return
    request.apiKey = looksLikeKey(key) ? await findActiveApiKey(app.db, hashKey(key)) : null
    request.badCredential = request.apiKey === null
  })

  app.addHook('preParsing', async (request, reply) => {
    if (request.badCredential) throw unauthorized(reply, 'The API key is not valid: unknown, revoked or malformed.', 'invalid_token')
    const route = request.routeOptions
    const needed = route.config.scope ??
      (options.readsRequireKey && route.url?.startsWith('/v1/') === true ? 'read' : undefined)
    if (needed === undefined) return
    if (request.apiKey === null) throw unauthorized(reply, `This needs an API key with the ${needed} scope.`)
    if (!request.apiKey.scopes.includes(needed)) {
      reply.header('www-authenticate', `${REALM}, error="insufficient_scope", scope="${needed}"`)
      throw new HttpProblem(problem(403, `The key ${request.apiKey.name} lacks the ${needed} scope.`, { kind: 'forbidden' }))
    }
  })
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['database'] })
