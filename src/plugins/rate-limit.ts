// Rate limits per API key, or per client address for callers without one. Counters live
// in Redis when REDIS_URL is set, so every instance behind the load balancer shares them;
// otherwise in this process. Every route counts but liveness and metrics.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { HttpProblem, problem } from '../http/problem.js'
import { rateLimitBucket } from './auth.js'
import { RateWindows } from '../http/rate-windows.js'

declare module 'fastify' {
  interface FastifyInstance {
    /**
     * Counts a request against its caller's limit, as the routes' own hook would (and only
     * once: that hook then passes it): sets the RateLimit headers, throws the 429 problem.
     * For hooks that answer before the routes' hooks run.
     */
    countRequest: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>
    /**
     * Counts a request from a caller without a key, known only by address, outside
     * Fastify's request cycle: the RateLimit headers to send, or null when over the limit.
     */
    countAnonymous: (ip: string) => RateLimitHeaders | null | Promise<RateLimitHeaders | null>
  }
}

export type RateLimitHeaders = Record<string, string>

export interface RateLimitOptions {
  max: number
  windowSeconds: number
  redisUrl: string | null
}

// Probes an orchestrator sends often; /readyz queries the database, so it is limited.
const UNLIMITED = new Set(['/healthz', '/metrics'])

async function rateLimitPlugin (app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const windowMs = options.windowSeconds * 1000
  // Without Redis the counters are this process's own, where the front door can count synchronously.
  const windows = options.redisUrl === null ? new RateWindows() : null
  let redis: Redis | undefined
  if (options.redisUrl !== null) {
    // Loaded only here: without REDIS_URL the counters stay in memory and ioredis is never needed.
    const { Redis: RedisClient } = await import('ioredis')
    // One retry and a short timeout: a slow Redis must not hold requests up (see skipOnError).
    redis = new RedisClient(options.redisUrl, { maxRetriesPerRequest: 1, connectTimeout: 2000, commandTimeout: 1000 })
    redis.on('error', (error: Error) => { app.log.warn({ err: error }, 'rate limit store unavailable') })
    const client = redis
    app.addHook('onClose', async () => { await client.quit().catch(() => client.disconnect()) })
  }

  await app.register(rateLimit, {
    max: options.max,
    timeWindow: windowMs,
    // Runs in onRequest, before the key is looked up (src/plugins/auth.ts).
    keyGenerator: rateLimitBucket,
    allowList: (request) => UNLIMITED.has(request.url.split('?')[0] ?? ''),
    enableDraftSpec: true,
    nameSpace: 'career-facts:rate-limit:',
    ...(redis === undefined ? {} : { redis }),
    ...(windows === null ? {} : { store: windows.store(windowMs) }),
    // If the shared store fails, serve rather than refuse everyone: limits are a guard, not the product.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => new HttpProblem(problem(429,
      `At most ${context.max} requests per ${options.windowSeconds} s; retry in ${context.after}.`,
      { kind: 'rate-limited' })),
  })

  // The policy (draft-ietf-httpapi-ratelimit-headers) beside the plugin's RateLimit-Limit/-Remaining/-Reset.
  const policy = `${options.max};w=${options.windowSeconds}`
  app.addHook('onSend', async (_request, reply) => {
    if (reply.hasHeader('ratelimit-limit')) reply.header('ratelimit-policy', policy)
  })

  // Without options both share the routes' counters.
  app.decorate('countRequest', app.rateLimit())
  const headers = (current: number, ttl: number): RateLimitHeaders | null => current > options.max
    ? null
    : {
        'ratelimit-limit': String(options.max),
        'ratelimit-remaining': String(Math.max(0, options.max - current)),
        'ratelimit-reset': String(Math.ceil(ttl / 1000)),
        'ratelimit-policy': policy,
      }
  if (windows !== null) {
    app.decorate('countAnonymous', (ip: string) => {
      const { current, ttl } = windows.take(`ip:${ip}`, windowMs)
      return headers(current, ttl)
    })
    return
  }
  const limiter = app.createRateLimit()
  app.decorate('countAnonymous', async (ip: string): Promise<RateLimitHeaders | null> => {
    // The limiter reads the caller through keyGenerator and allowList above (headers, ip,
    // url) and the route's own rateLimit config (none here): this is all of a request it sees.
    const caller = { ip, url: '/v1/', headers: {}, routeOptions: { config: {} } }
    const result = await limiter(caller as unknown as FastifyRequest)
    // Never allowed outright: the allow list holds operational paths only.
    if (result.isAllowed) return {}
    return headers(result.isExceeded ? options.max + 1 : options.max - result.remaining, result.ttl)
  })
}

export default fp(rateLimitPlugin, { name: 'rate-limit', fastify: '5.x', dependencies: ['auth'] })
