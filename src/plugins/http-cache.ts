// Conditional GETs for partner sites and the caches in front of them: a strong ETag made
// from the answer's bytes (so it changes exactly when the answer does), Cache-Control, and
// 304 without a body when the client already holds that answer. Problem answers and live
// state (health) are never stored.
//
// With an AnswerCache, the data API's GET answers (routes under /v1/) are also kept in this
// process. A repeated request is answered from memory with the same bytes and ETag, before
// any query: for a caller with no key and no Origin (the common server-to-server call) from
// the very first onRequest hook, after only the rate limit, with the headers the answer was
// first sent with; for everyone else after the auth and rate limit hooks, in preParsing.
// The cache-invalidation plugin empties it when the data changes.
import type { OutgoingHttpHeaders } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify'
import fp from 'fastify-plugin'
import { answerKey, plainCaller, type AnswerCache, type AnswerTicket, type StoredAnswer } from '../http/answer-cache.js'
import { noneMatch, strongEtag } from '../http/etag.js'

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: the answer is live state (health checks) and must never be cached. */
    cache?: boolean
  }
  interface FastifyInstance {
    /** The answers kept in memory, or null when the cache is off. */
    answers: AnswerCache | null
  }
  interface FastifyRequest {
    /** Set when the answer is not in the AnswerCache: where to store it once computed. */
    answerTicket: AnswerTicket | null
    /** Set when the answer is in the AnswerCache. */
    storedAnswer: StoredAnswer | null
  }
}

export interface HttpCacheOptions {
  maxAge: number
  /** Answers kept in memory; null keeps none. */
  answers: AnswerCache | null
  /** Every read needs a key: then no answer leaves before the auth hooks have checked it. */
  readsRequireKey: boolean
}

// Headers that differ from one request to the next, or that this plugin and the hooks after
// it set again on every answer: never replayed from a stored answer.
const PER_REQUEST = new Set([
  'ratelimit-limit', 'ratelimit-remaining', 'ratelimit-reset', 'ratelimit-policy', 'retry-after',
  'content-type', 'content-length', 'content-encoding', 'etag', 'date', 'connection', 'keep-alive',
])

function replayable (reply: FastifyReply): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {}
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (value !== undefined && !PER_REQUEST.has(name)) headers[name] = value
  }
  return headers
}

function cachedRoute (route: RouteOptions): boolean {
  const methods = Array.isArray(route.method) ? route.method : [route.method]
  return route.url.startsWith('/v1/') && route.config?.cache !== false && methods.every((method) => method === 'GET' || method === 'HEAD')
}

function addHook<Hook> (existing: Hook | Hook[] | undefined, hook: Hook): Hook[] {
  const hooks = existing === undefined ? [] : Array.isArray(existing) ? existing : [existing]
  return hooks.includes(hook) ? hooks : [...hooks, hook]
}

async function httpCachePlugin (app: FastifyInstance, options: HttpCacheOptions): Promise<void> {
  const cacheControl = `public, max-age=${options.maxAge}`
  const { answers } = options
  app.decorate('answers', answers)

  // GET routes whose answers are kept, by pattern.
  const kept = new Set<string>()
  // GET requests for a kept route from a plain caller, where reads need no key: served by a Replay.
  const servedByReplay = (request: FastifyRequest): boolean => !options.readsRequireKey &&
    request.method === 'GET' && kept.has(request.routeOptions.url ?? '') && plainCaller(request.headers)

  if (answers !== null) {
    app.decorateRequest('answerTicket', null)
    app.decorateRequest('storedAnswer', null)
    const lookUp = (request: FastifyRequest): StoredAnswer | null => {
      const key = answerKey(request.url)
      const stored = answers.get(key) ?? null
      if (stored === null) request.answerTicket = answers.ticket(key)
      request.storedAnswer = stored
      return stored
    }
    // Answers from memory carry their ETag, which the onSend hook below then reuses.
    const sendStored = (reply: FastifyReply, stored: StoredAnswer): FastifyReply =>
      reply.header('etag', stored.etag).type(stored.contentType).send(stored.body)

    // The first onRequest hook of all (this plugin registers before security, CORS, auth and
    // the rate limiter): what those would add to a plain caller's answer is in its stored headers.
    app.addHook('onRequest', async (request, reply) => {
      if (!servedByReplay(request)) return undefined
      const stored = lookUp(request)
      if (stored === null || stored.replay === null) return undefined
      await app.countRequest(request, reply)
      return sendStored(reply.headers(stored.replay.headers), stored)
    })
    const serveStored = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> => {
      const stored = request.storedAnswer ?? (request.answerTicket === null ? lookUp(request) : null)
      return stored === null ? undefined : sendStored(reply, stored)
    }
    app.addHook('onRoute', (route) => {
      if (!cachedRoute(route)) return
      route.preParsing = addHook(route.preParsing, serveStored)
      kept.add(route.url)
    })
  }

  app.addHook('onSend', async (request, reply, payload) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return payload
    if (reply.statusCode >= 400 || reply.routeOptions.config.cache === false) {
      reply.header('cache-control', 'no-store')
      return payload
    }
    if (reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return payload
    // The same tag writes compare If-Match against; an answer from memory brings its own.
    const known = reply.getHeader('etag')
    const etag = typeof known === 'string' ? known : strongEtag(payload)
    reply.header('etag', etag).header('cache-control', cacheControl)
    if (answers !== null && request.answerTicket !== null) {
      answers.set(request.answerTicket, payload, etag, String(reply.getHeader('content-type') ?? 'application/json; charset=utf-8'))
    }
    if (answers !== null && (request.answerTicket !== null || request.storedAnswer?.replay === null) && servedByReplay(request)) {
      answers.keepReplay(answerKey(request.url), etag, { headers: replayable(reply), route: request.routeOptions.url ?? '' })
    }
    if (!noneMatch(request.headers['if-none-match'], etag)) return payload
    reply.code(304).removeHeader('content-type')
    // Fastify's own HEAD hook, which runs next, measures the payload and needs a string.
    return request.method === 'HEAD' ? '' : null
  })
}

export default fp(httpCachePlugin, { name: 'http-cache', fastify: '5.x' })
