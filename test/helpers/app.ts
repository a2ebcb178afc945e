// Builds the app exactly as the server does, over the file's own test database.
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import type { DatabaseHandle } from '../../src/db/connect.js'
import { testDatabase } from './database.js'

export interface TestContext {
  teardown: (fn: () => unknown) => void
}

export const testConfig: Config = { ...loadConfig({}), logLevel: 'silent' }

/** One app and database per test file; closed when the file's tests end. */
export async function setupApp (
  t: TestContext,
  config: Partial<Config> = {},
  extra: Pick<AppOptions, 'logStream'> = {},
): Promise<{ app: FastifyInstance, database: DatabaseHandle }> {
  const database = await testDatabase()
  const app = await buildApp({
    config: { ...testConfig, ...config }, db: database.db, readDb: database.readDb, changes: database.changes, poolStats: database.poolStats, ...extra,
  })
  t.teardown(async () => {
    await app.close()
    await database.close()
  })
  return { app, database }
}
