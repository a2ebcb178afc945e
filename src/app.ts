// The application as one Fastify instance, built the same way by the server, the CLI and
// the tests. Plugins load in order: shared infrastructure, then the routes. Callers start
// it (listen, inject or ready).
import Fastify, { type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { Config } from './config.js'
import type { Db, PoolStats } from './db/connect.js'
import { fastifyOptions } from './http/fastify-options.js'
import database from './plugins/database.js'
import docs from './plugins/docs.js'
import errors from './plugins/errors.js'
import metrics from './plugins/metrics.js'
import openapi from './plugins/openapi.js'
import schemas from './plugins/schemas.js'
import careerRoutes from './routes/careers.js'
import healthRoutes from './routes/health.js'

export interface AppOptions {
  config: Config
  db: Db
  /** Runs when the app closes, after in-flight requests: the server closes its pool here. */
  onClose?: () => Promise<void>
  /** The database pool's counts, for the /metrics gauges. */
  poolStats?: () => PoolStats
}

export async function buildApp ({ config, db, onClose, poolStats }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions(config)).withTypeProvider<TypeBoxTypeProvider>()
  await app.register(errors)
  await app.register(metrics, { poolStats })
  await app.register(schemas)
  await app.register(openapi)
  await app.register(docs)
  await app.register(database, { db })
  await app.register(healthRoutes)
  await app.register(careerRoutes, { prefix: '/v1' })
  if (onClose !== undefined) app.addHook('onClose', onClose)
  return app
}
