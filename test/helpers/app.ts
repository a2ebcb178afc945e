// Builds the app exactly as the server does, over the file's own test database.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppOptions } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import type { Db } from '../../src/db/connect.js'
import { testDatabase, type TestDatabase } from './database.js'

export interface TestContext {
  teardown: (fn: () => unknown) => void
}

export const testConfig: Config = { ...loadConfig({}), logLevel: 'silent' }

/** One app and database per test file; closed when the file's tests end. */
export async function setupApp (
  t: TestContext,
  config: Partial<Config> = {},
  extra: Pick<AppOptions, 'logStream'> & { wrapDb?: (db: Db) => Db } = {},
): Promise<{ app: FastifyInstance, database: TestDatabase }> {
  const database = await testDatabase()
  // wrapDb lets a test watch the queries the app issues (a Kysely plugin on the same pool).
  const { wrapDb, ...options } = extra
  const db = wrapDb === undefined ? database.db : wrapDb(database.db)
  const readDb = wrapDb === undefined ? database.readDb : wrapDb(database.readDb)
  const app = await buildApp({
    config: { ...testConfig, ...config },
    db,
    readDb,
    changes: database.changes,
    poolStats: database.poolStats,
    ...options,
  })
  t.teardown(async () => {
    await app.close()
    await database.close()
  })
  return { app, database }
}

/**
 * Runs a change made around the app (SQL, an import) and waits until the app has heard of
 * it, so its next GET cannot be a remembered answer. Over Postgres the announcement comes
 * on another connection a moment after the commit; the wait is bounded, and a change that
 * is never heard shows as the stale answer the test then gets.
 */
export async function afterChange<T> (app: FastifyInstance, change: () => Promise<T>): Promise<T> {
  const before = app.answers?.stats().invalidations
  const result = await change()
  for (let i = 0; i < 300 && before !== undefined && app.answers?.stats().invalidations === before; i++) await sleep(10)
  return result
}
