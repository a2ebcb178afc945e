// Prometheus metrics at /metrics: requests by route pattern, method and status, their
// durations, the database pool, and the process's own (memory, CPU, event loop).
import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'
import type { PoolStats } from '../db/connect.js'
import type { AnswerCacheStats } from '../http/answer-cache.js'

export interface MetricsOptions {
  /** Read at each scrape; without it the pool gauges are left out. */
  poolStats?: () => PoolStats
  /** The in-memory answer cache's figures, read at each scrape; absent when it is off. */
  answerStats?: () => AnswerCacheStats
}

// Requests that match no route share one label, so probing random URLs cannot grow the series.
const UNMATCHED = 'unmatched'

async function metricsPlugin (app: FastifyInstance, options: MetricsOptions): Promise<void> {
  // One registry per app: tests build several apps in one process.
  const registry = new Registry()
  collectDefaultMetrics({ register: registry })

  const labelNames = ['method', 'route', 'status_code'] as const
  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests answered, by route pattern, method and status.',
    labelNames,
    registers: [registry],
  })
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer HTTP requests, by route pattern, method and status.',
    labelNames,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  })

  const { poolStats } = options
  if (poolStats !== undefined) {
    const gauge = (name: string, help: string, read: (stats: PoolStats) => number): Gauge => new Gauge({
      name,
      help,
      registers: [registry],
      collect () { this.set(read(poolStats())) },
    })
    gauge('db_pool_connections', 'Database connections open (the embedded database has one).', (stats) => stats.total)
    gauge('db_pool_idle_connections', 'Open database connections not running a query.', (stats) => stats.idle)
    gauge('db_pool_waiting_clients', 'Queries waiting for a database connection.', (stats) => stats.waiting)
  }

  const { answerStats } = options
  if (answerStats !== undefined) {
    const level = (name: string, help: string, read: (stats: AnswerCacheStats) => number): Gauge => new Gauge({
      name, help, registers: [registry], collect () { this.set(read(answerStats())) },
    })
    // Totals kept by the cache itself, copied at each scrape.
    const total = (name: string, help: string, read: (stats: AnswerCacheStats) => number): Counter => new Counter({
      name,
      help,
      registers: [registry],
      collect () {
        this.reset()
        this.inc(read(answerStats()))
      },
    })
    level('answer_cache_entries', 'GET answers held in memory.', (stats) => stats.entries)
    level('answer_cache_bytes', 'Bytes those answers take, against CACHE_MAX_BYTES.', (stats) => stats.bytes)
    total('answer_cache_hits_total', 'Requests answered from memory.', (stats) => stats.hits)
    total('answer_cache_misses_total', 'Cacheable requests that had to be computed.', (stats) => stats.misses)
    total('answer_cache_evictions_total', 'Answers dropped to stay within the bound.', (stats) => stats.evictions)
    total(
      'answer_cache_invalidations_total',
      'Times every answer was dropped: a data change, or the listener lost or regained.',
      (stats) => stats.invalidations,
    )
  }

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED
    const labels = { method: request.method, route, status_code: String(reply.statusCode) }
    requests.inc(labels)
    durations.observe(labels, reply.elapsedTime / 1000)
  })

  app.get('/metrics', { schema: { hide: true }, config: { cache: false } }, async (_request, reply) => {
    reply.type(registry.contentType)
    return registry.metrics()
  })
}

export default fp(metricsPlugin, { name: 'metrics', fastify: '5.x' })
