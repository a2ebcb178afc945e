// The front door: repeated reads from plain callers answered before Fastify sees them.
//
// A GET from a caller with no key, no Origin and no content coding to negotiate, whose
// answer is in memory together with its replay (the headers it first left with), is
// answered here: counted against the caller's rate limit, measured in /metrics and logged
// like any other request, for a fraction of the framework's per-request work (routing,
// request objects, a dozen hooks). Anything else, or anything not decided cheaply here (over
// the limit, a trusted proxy to interpret, HEAD), goes on to Fastify, which answers exactly
// as it would have; so does everything until the app is ready.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { performance } from 'node:perf_hooks'
import type { FastifyBaseLogger, FastifyServerFactory } from 'fastify'
import { answerKey, plainCaller, type AnswerCache, type Replay, type StoredAnswer } from './answer-cache.js'
import { noneMatch } from './etag.js'
import { requestId } from './fastify-options.js'

declare module 'fastify' {
  interface FastifyInstance {
    /** Null where plain callers' answers cannot be told from the URL alone, or nothing is kept. */
    frontDoor: FrontDoor | null
  }
}

export interface FrontDoorServices {
  /** The RateLimit headers for a caller known by address, or null when over the limit. */
  countAnonymous: (ip: string) => Record<string, string> | null | Promise<Record<string, string> | null>
  recordRequest: (method: string, route: string, statusCode: number, seconds: number) => void
  log: FastifyBaseLogger
}

// Levels at which Fastify logs every request.
const EACH_REQUEST_LOGGED = new Set(['info', 'debug', 'trace'])

type Handler = (request: IncomingMessage, response: ServerResponse) => void

// Server settings Fastify applies to the servers it makes itself.
interface ServerSettings {
  http?: object | null
  keepAliveTimeout?: number
  requestTimeout?: number
  connectionTimeout?: number
  maxRequestsPerSocket?: number
}

export class FrontDoor {
  #services: FrontDoorServices | null = null
  #served = 0
  // Keyed by the stored answer itself, so they go when it is evicted or invalidated.
  readonly #full = new WeakMap<StoredAnswer, string[]>()
  readonly #revalidated = new WeakMap<StoredAnswer, string[]>()

  constructor (private readonly answers: AnswerCache) {}

  /** Starts answering, with the app's limiter, metrics and log. */
  open (services: FrontDoorServices): void {
    this.#services = services
  }

  /** Requests answered here. */
  get served (): number {
    return this.#served
  }

  /** For Fastify's serverFactory option: its server, with this door in front of its handler. */
  readonly serverFactory: FastifyServerFactory = (handler, options) => {
    const settings = options as ServerSettings
    const server: Server = createServer(settings.http ?? {}, (request, response) => { this.#handle(request, response, handler) })
    if (settings.keepAliveTimeout !== undefined) server.keepAliveTimeout = settings.keepAliveTimeout
    if (settings.requestTimeout !== undefined) server.requestTimeout = settings.requestTimeout
    if (settings.connectionTimeout !== undefined) server.setTimeout(settings.connectionTimeout)
    if (settings.maxRequestsPerSocket !== undefined && settings.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = settings.maxRequestsPerSocket
    return server
  }

  #handle (request: IncomingMessage, response: ServerResponse, handler: Handler): void {
    const services = this.#services
    const stored = services === null ? null : this.#stored(request)
    if (services === null || stored === null) {
      handler(request, response)
      return
    }
    this.#answer(request, response, stored, services).then((answered) => {
      if (!answered) handler(request, response)
    }, (error: unknown) => {
      services.log.error({ err: error }, 'front door failed; passing the request on')
      if (!response.headersSent) handler(request, response)
    })
  }

  /** The stored answer for a plain caller's GET, if it has been sent to one before. */
  #stored (request: IncomingMessage): StoredAnswer | null {
    const { headers } = request
    if (request.method !== 'GET' || request.url?.startsWith('/v1/') !== true) return null
    if (!plainCaller(headers)) return null
    const coding = headers['accept-encoding']
    if (coding !== undefined && coding !== '' && coding !== 'identity') return null
    const stored = this.answers.get(answerKey(request.url)) ?? null
    return stored?.replay === null ? null : stored
  }

  async #answer (request: IncomingMessage, response: ServerResponse, stored: StoredAnswer, services: FrontDoorServices): Promise<boolean> {
    const started = performance.now()
    const ip = request.socket.remoteAddress
    const replay = stored.replay
    if (ip === undefined || replay === null) return false
    // Counted synchronously when the counters are in this process; Redis answers later.
    const counted = services.countAnonymous(ip)
    const limits = counted instanceof Promise ? await counted : counted
    if (limits === null) return false
    const fresh = noneMatch(request.headers['if-none-match'], stored.etag)
    const headers = this.#headers(stored, replay, fresh).slice()
    for (const name in limits) headers.push(name, limits[name] ?? '')
    response.writeHead(fresh ? 304 : 200, headers)
    if (fresh) response.end()
    else response.end(stored.body)
    this.#served++
    const seconds = (performance.now() - started) / 1000
    services.recordRequest('GET', replay.route, response.statusCode, seconds)
    if (EACH_REQUEST_LOGGED.has(services.log.level)) {
      services.log.info({
        reqId: requestId(request.headers),
        req: { method: 'GET', url: request.url, host: request.headers.host, remoteAddress: ip, remotePort: request.socket.remotePort },
        res: { statusCode: response.statusCode },
        responseTime: seconds * 1000,
      }, 'request completed from memory')
    }
    return true
  }

  /**
   * A stored answer's headers besides the rate limit's, as the flat name, value list
   * writeHead takes: built once per answer (and kind of answer), not per request.
   */
  #headers (stored: StoredAnswer, replay: Replay, fresh: boolean): string[] {
    const built = fresh ? this.#revalidated : this.#full
    const known = built.get(stored)
    if (known !== undefined) return known
    const headers: string[] = []
    for (const [name, value] of Object.entries(replay.headers)) {
      if (value === undefined) continue
      if (Array.isArray(value)) for (const each of value) headers.push(name, each)
      else headers.push(name, String(value))
    }
    headers.push('etag', stored.etag)
    if (!fresh) headers.push('content-type', stored.contentType, 'content-length', String(stored.body.length))
    built.set(stored, headers)
    return headers
  }
}
