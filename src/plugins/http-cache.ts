// Conditional GETs for partner sites and the caches in front of them: a strong ETag made
// from the answer's bytes (so it changes exactly when the answer does), Cache-Control, and
// 304 without a body when the client already holds that answer. Problem answers and live
// state (health) are never stored.
//
// With an AnswerCache, the data API's GET answers (routes under /v1/) are also kept in this
// process. A repeated request is answered from memory with the same bytes and ETag, before
// any query, by one hook that runs after the key check and the rate limit (each route's
// preParsing): every caller gets the same security, CORS and rate-limit headers as a
// computed answer. The cache-invalidation plugin empties it when the data changes.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import {
  COMPRESS_FROM_BYTES, answerKey, preferredCoding, type AnswerCache, type AnswerTicket,
} from '../http/answer-cache.js'
import { noneMatch, strongEtag } from '../http/etag.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the answer is live state (health checks) and must never be cached. */
    cache?: boolean
    /**
     * true: a cache may keep the answer but must revalidate it on every use (`no-cache`, with
     * its ETag): the change feed, which a write changes at once, would otherwise read stale.
     */
    revalidate?: boolean
  }
  interface FastifyInstance {
    /** The answers kept in memory, or null when the cache is off. */
    answers: AnswerCache | null
  }
  interface FastifyRequest {
    /** Set when the answer is not in the AnswerCache: where to store it once computed. */
    answerTicket: AnswerTicket | null
  }
}

export interface HttpCacheOptions {
  maxAge: number
  /** Answers kept in memory; null keeps none. */
  answers: AnswerCache | null
}

/** A GET whose answers carry an ETag and Cache-Control and may answer 304 (see onSend below). */
export function conditionalRoute (route: Pick<RouteOptions, 'method' | 'config'>): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  return route.config?.cache !== false && methods.every((method) => method === 'GET' || method === 'HEAD')
}

function cachedRoute (route: RouteOptions): boolean {
  return route.url.startsWith('/v1/') && conditionalRoute(route)
}

/**
 * Every cacheable answer varies on Accept-Encoding, compressed or not: a cache must not hand
 * an identity answer stored for curl to a browser that asked for br, or the reverse. Spelt
 * as @fastify/compress spells it, which then adds no second one.
 */
function varyOnEncoding (reply: FastifyReply): void {
  const vary = reply.getHeader('vary')
  const given = vary === undefined ? [] : Array.isArray(vary) ? vary : [String(vary)]
  if (given.some((value) => /accept-encoding/i.test(value))) return
  reply.header('vary', [...given, 'accept-encoding'].join(', '))
}

function addHook<Hook> (existing: Hook | Hook[] | undefined, hook: Hook): Hook[] {
  const hooks = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]
  return hooks.includes(hook) ? hooks : [...hooks, hook]
}

async function httpCachePlugin (app: FastifyInstance, options: HttpCacheOptions): Promise<void> {
  const cacheControl = `public, max-age=${options.maxAge}`
  const { answers } = options
  app.decorate('answers', answers)

  if (answers !== null) {
    app.decorateRequest('answerTicket', null)
    // Answers from memory carry their ETag, which the onSend hook below then reuses; a
    // revalidation is answered 304 before any body is touched, and a client that accepts br
    // or gzip gets the stored compressed form (which @fastify/compress then leaves alone).
    const serveStored = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      const key = answerKey(request.url)
      const stored = answers.get(key)
      if (stored === undefined) {
        request.answerTicket = answers.ticket(key)
        return undefined
      }
      reply.header('etag', stored.etag)
      if (noneMatch(request.headers['if-none-match'], stored.etag)) return reply.code(304).send()
      const small = stored.body.length < COMPRESS_FROM_BYTES
      const coding = small ? null : preferredCoding(request.headers['accept-encoding'])
      if (coding === null) return reply.type(stored.contentType).send(stored.body)
      const body = await answers.encoded(key, stored, coding)
      return reply.type(stored.contentType).header('content-encoding', coding).send(body)
    }
    app.addHook('onRoute', (route) => {
      if (!cachedRoute(route)) return
      route.preParsing = addHook(route.preParsing, serveStored)
    })
  }

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload
    if (reply.statusCode >= 400 || reply.routeOptions.config.cache === false) {
      reply.header('cache-control', 'no-store')
      return payload
    }
    const policy = reply.routeOptions.config.revalidate === true ? 'no-cache' : cacheControl
    // A stored answer's revalidation, answered before the handler.
    if (reply.statusCode === 304) {
      varyOnEncoding(reply.header('cache-control', policy))
      return payload
    }
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload
    // The same tag writes compare If-Match against; an answer from memory brings its own.
    const known = reply.getHeader('etag')
    const etag = typeof known === 'string' ? known : strongEtag(payload)
    varyOnEncoding(reply.header('etag', etag).header('cache-control', policy))
    if (answers !== null && request.answerTicket !== null) {
      const contentType = String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8')
      answers.set(request.answerTicket, payload, etag, contentType)
    }
    if (!noneMatch(request.headers['if-none-match'], etag)) return payload
    reply.code(304).removeHeader('content-type')
    // Fastify's own HEAD hook, which runs next, measures the payload and needs a string.
    return request.method === 'HEAD' ? '' : null
  })
}

export default fp(httpCachePlugin, { name: 'http-cache', fastify: '5.x' })
