// Rate limits per API key, or per client address for callers without one. Counters live
// in Redis when REDIS_URL is set, so every instance behind the load balancer shares them;
// otherwise in this process. Every route counts but liveness and metrics.
import rateLimit from '@fastify/rate-limit'
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { errors } from '../errors.js'
import { rateLimitBucket } from './auth.js'

export interface RateLimitOptions {
  max: number
  windowSeconds: number
  redisUrl: string | null
}

// Probes an orchestrator sends often; /readyz queries the database, so it is limited.
const UNLIMITED = new Set(['/healthz', '/metrics'])

/** Whether requests to this path count against the rate limit (and carry RateLimit-* headers). */
export function rateLimitedRoute (url: string): boolean {
  return !UNLIMITED.has(url)
}

async function rateLimitPlugin (app: FastifyInstance, options: RateLimitOptions): Promise<void> {
  const windowMs = options.windowSeconds * 1000
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
    allowList: (request) => !rateLimitedRoute(request.url.split('?')[0] ?? ''),
    enableDraftSpec: true,
    nameSpace: 'career-facts:rate-limit:',
    ...(redis === undefined ? {} : { redis }),
    // If the shared store fails, serve rather than refuse everyone: limits are a guard, not the product.
    skipOnError: true,
    errorResponseBuilder: (_request, context) => errors.rateLimited(context.max, options.windowSeconds, context.after),
  })

  // The policy (draft-ietf-httpapi-ratelimit-headers) beside the plugin's RateLimit-Limit/-Remaining/-Reset.
  const policy = `${options.max};w=${options.windowSeconds}`
  app.addHook('onSend', async (_request, reply) => {
    if (reply.hasHeader('ratelimit-limit')) reply.header('ratelimit-policy', policy)
  })
}

export default fp(rateLimitPlugin, { name: 'rate-limit', fastify: '5.x', dependencies: ['auth'] })
