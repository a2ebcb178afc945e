// The application as one Fastify instance, built the same way by the server, the CLI and
// the tests. Plugins load in order: shared infrastructure, then every resource's routes
// (src/resources/index.ts). Callers start it (listen, inject or ready).
import compress from '@fastify/compress'
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.js'
import type { ChangeFeed } from './db/changes.js'
import type { Db, PoolStats } from './db/connect.js'
import { AnswerCache } from './http/answer-cache.js'
import { fastifyOptions, type LogStream } from './http/fastify-options.js'
import auth from './plugins/auth.js'
import cacheInvalidation from './plugins/cache-invalidation.js'
import cors from './plugins/cors.js'
import nulGuard from './plugins/nul-guard.js'
import rateLimit from './plugins/rate-limit.js'
import security from './plugins/security.js'
import database from './plugins/database.js'
import docs from './plugins/docs.js'
import errors from './plugins/errors.js'
import httpCache from './plugins/http-cache.js'
import metrics from './plugins/metrics.js'
import openapi from './plugins/openapi.js'
import schemas from './plugins/schemas.js'
import { resources } from './resources/index.js'

export interface AppOptions {
  config: Config
  /** The primary: writes, keys, audit. */
  db: Db
  /** Where GET answers are read; the primary when absent. */
  readDb?: Db
  /**
   * Committed data changes, announced by the database. Without it no answers are kept in
   * memory, since nothing would tell the app when they go stale.
   */
  changes?: ChangeFeed
  /** Runs when the app closes, after in-flight requests: the server closes its pool here. */
  onClose?: () => Promise<void>
  /** Log destination instead of stdout (tests read the log). */
  logStream?: LogStream
  /** The database pool's counts, for the /metrics gauges. */
  poolStats?: () => PoolStats
}

export async function buildApp (
  { config, db, readDb, changes, onClose, logStream, poolStats }: AppOptions,
): Promise<FastifyInstance> {
  const answers = config.cacheEnabled && changes !== undefined ? new AnswerCache(config.cacheMaxBytes) : null
  const app = Fastify(fastifyOptions(config, logStream)).withTypeProvider<TypeBoxTypeProvider>()
  await app.register(errors)
  await app.register(nulGuard)
  await app.register(metrics, { poolStats, answerStats: answers === null ? undefined : () => answers.stats() })
  if (answers !== null && changes !== undefined) await app.register(cacheInvalidation, { answers, changes })
  // Before any route: compression and CORS attach themselves to routes as they are added.
  await app.register(httpCache, { maxAge: config.cacheMaxAge, answers })
  await app.register(cors, { readOrigins: config.corsOrigins, writeOrigins: config.corsWriteOrigins })
  await app.register(compress, { encodings: ['br', 'gzip', 'deflate'] })
  await app.register(security)
  await app.register(schemas)
  await app.register(database, { db, readDb })
  await app.register(auth, {
    readsRequireKey: config.readsRequireKey,
    rateLimitMax: config.rateLimitMax,
    rateLimitWindowSeconds: config.rateLimitWindow,
  })
  // Before every route it limits, the contract and its reference page included.
  await app.register(rateLimit, {
    max: config.rateLimitMax,
    windowSeconds: config.rateLimitWindow,
    redisUrl: config.redisUrl,
  })
  await app.register(openapi)
  await app.register(docs)
  for (const resource of resources) {
    for (const routes of resource.routes) await app.register(routes, { prefix: resource.prefix })
  }
  if (onClose !== undefined) app.addHook('onClose', onClose)
  return app
}
