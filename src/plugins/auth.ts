// API keys: who is calling, and may they? A key arrives as `Authorization: Bearer <key>` or
// `X-API-Key: <key>`. The rate limiter counts a caller by the digest of the key it presents
// (or by address without one) before anything here runs, so a caller over its limit is
// refused without a database lookup. The key is then looked up and enforced in preParsing,
// before any body is read. Routes name the scope they need in `config.scope`; with
// READS_REQUIRE_KEY every other route under /v1 needs `read`.
//
// Each guessed key has a digest of its own, so the limiter alone would let a guesser make a
// lookup per guess: failed lookups are counted per address as well, and an address over
// the rate limit's budget of them is refused before the lookup until its window ends
// (keys it has used successfully still go through: a partner behind the same NAT as a
// guesser keeps working). These counts are this process's own, also with REDIS_URL.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { hashKey, looksLikeKey } from '../auth/keys.js'
import { findActiveApiKey, type ApiKeyIdentity } from '../auth/api-keys.js'
import type { ApiKeyScope } from '../db/schema.js'
import { errors, type ApiError } from '../errors.js'

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

/** Who the rate limit counts: the presented key's digest, else the client address. */
export function rateLimitBucket (request: FastifyRequest): string {
  const key = presented(request)
  return key !== undefined && looksLikeKey(key) ? `key:${hashKey(key)}` : `ip:${request.ip}`
}

// Bounds on the bookkeeping below, so a flood of addresses or keys cannot grow it without end.
const MOST_TRACKED = 10_000

/** Failed key lookups per address in fixed windows, and the digests that were found. */
class LookupGuard {
  readonly #failures = new Map<string, { count: number, resetAt: number }>()
  readonly #found = new Set<string>()

  constructor (private readonly max: number, private readonly windowMs: number) {}

  /** Seconds until the address may look keys up again, or 0 when it may now. */
  refusedFor (ip: string, digest: string, now = Date.now()): number {
    if (this.#found.has(digest)) return 0
    const entry = this.#failures.get(ip)
    if (entry === undefined || entry.resetAt <= now || entry.count < this.max) return 0
    return Math.ceil((entry.resetAt - now) / 1000)
  }

  failed (ip: string, digest: string, now = Date.now()): void {
    this.#found.delete(digest)
    const entry = this.#failures.get(ip)
    if (entry === undefined || entry.resetAt <= now) {
      this.#failures.delete(ip)
      if (this.#failures.size >= MOST_TRACKED) this.#failures.delete(this.#failures.keys().next().value ?? '')
      this.#failures.set(ip, { count: 1, resetAt: now + this.windowMs })
    } else {
      entry.count++
    }
  }

  found (digest: string): void {
    if (this.#found.has(digest)) return
    if (this.#found.size >= MOST_TRACKED) this.#found.delete(this.#found.values().next().value ?? '')
    this.#found.add(digest)
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

function unauthorized (reply: FastifyReply, refusal: ApiError, error?: string): ApiError {
  reply.header('www-authenticate', error === undefined ? REALM : `${REALM}, error="${error}"`)
  return refusal
}

/** Whether a route may need a key: its own scope, or `read` under /v1 with READS_REQUIRE_KEY. */
export function keyMayBeRequired (route: { url: string, config?: { scope?: ApiKeyScope } }): boolean {
  return route.config?.scope !== undefined || route.url.startsWith('/v1/')
}

export interface AuthOptions {
  readsRequireKey: boolean
  /** The rate limit: at most this many failed lookups per address in each window. */
  rateLimitMax: number
  rateLimitWindowSeconds: number
}

async function authPlugin (app: FastifyInstance, options: AuthOptions): Promise<void> {
  app.decorateRequest('apiKey', null)
  app.decorateRequest('badCredential', false)

  const guard = new LookupGuard(options.rateLimitMax, options.rateLimitWindowSeconds * 1000)

  async function identify (request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const key = presented(request)
    if (key === undefined) return
    request.badCredential = true
    if (!looksLikeKey(key)) return
    const digest = hashKey(key)
    const wait = guard.refusedFor(request.ip, digest)
    if (wait > 0) {
      reply.header('retry-after', String(wait))
      throw errors.tooManyUnknownKeys(wait)
    }
    request.apiKey = await findActiveApiKey(app.db, digest)
    request.badCredential = request.apiKey === null
    if (request.apiKey === null) guard.failed(request.ip, digest)
    else guard.found(digest)
  }

  app.addHook('preParsing', async (request, reply) => {
    await identify(request, reply)
    if (request.badCredential) {
      throw unauthorized(reply, errors.apiKeyInvalid(), 'invalid_token')
    }
    const route = request.routeOptions
    const needed = route.config.scope ??
      (options.readsRequireKey && keyMayBeRequired({ url: route.url ?? '' }) ? 'read' : undefined)
    if (needed === undefined) return
    if (request.apiKey === null) throw unauthorized(reply, errors.apiKeyRequired(needed))
    if (!request.apiKey.scopes.includes(needed)) {
      reply.header('www-authenticate', `${REALM}, error="insufficient_scope", scope="${needed}"`)
      throw errors.scopeMissing(request.apiKey.name, needed)
    }
  })
}

export default fp(authPlugin, { name: 'auth', fastify: '5.x', dependencies: ['database'] })
