// Builds the app exactly as the server does, over the file's own test database.
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import type { DatabaseHandle, Db } from '../../src/db/connect.js'
import { testDatabase } from './database.js'

export interface TestContext {
  teardown: (fn: () => unknown) => void
}

export const testConfig: Config = { ...loadConfig({}), logLevel: 'silent' }

/** One app and database per test file; closed when the file's tests end. */
export async function setupApp (
  t: TestContext,
  config: Partial<Config> = {},
  extra: Pick<AppOptions, 'logStream'> & { wrapDb?: (db: Db) => Db } = {},
): Promise<{ app: FastifyInstance, database: DatabaseHandle }> {
  const database = await testDatabase()
  // wrapDb lets a test watch the queries the app issues (a Kysely plugin on the same pool).
  const { wrapDb, ...options } = extra
  const db = wrapDb === undefined ? database.db : wrapDb(database.db)
  const app = await buildApp({ config: { ...testConfig, ...config }, db, poolStats: database.poolStats, ...options })
  t.teardown(async () => {
    await app.close()
    await database.close()
  })
  return { app, database }
}
