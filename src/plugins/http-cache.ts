// Conditional GETs for partner sites and the caches in front of them: a strong ETag made
// from the answer's bytes (so it changes exactly when the answer does), Cache-Control, and
// 304 without a body when the client already holds that answer. Problem answers and live
// state (health) are never stored.
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { strongEtag } from '../http/etag.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the answer is live state (health checks) and must never be cached. */
    cache?: boolean
  }
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"|\*/g

/** If-None-Match uses the weak comparison (RFC 9110 §13.1.2): W/"x" matches "x"; `*` matches any. */
export function noneMatch (header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  return (header.match(ENTITY_TAG) ?? []).some((tag) => tag === '*' || tag.replace(/^W\//, '') === etag)
}

async function httpCachePlugin (app: FastifyInstance, options: { maxAge: number }): Promise<void> {
  const cacheControl = `public, max-age=${options.maxAge}`
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload
    if (reply.statusCode >= 400 || reply.routeOptions.config.cache === false) {
      reply.header('cache-control', 'no-store')
      return payload
    }
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload
    // The same tag writes compare If-Match against.
    const etag = strongEtag(payload)
    reply.header('etag', etag).header('cache-control', cacheControl)
    if (!noneMatch(request.headers['if-none-match'], etag)) return payload
    reply.code(304).removeHeader('content-type')
    // Fastify's own HEAD hook, which runs next, measures the payload and needs a string.
    return request.method === 'HEAD' ? '' : null
  })
}

export default fp(httpCachePlugin, { name: 'http-cache', fastify: '5.x' })
