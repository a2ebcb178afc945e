// Connects, migrates and seeds as the configuration says: what the server and CLI share.
import type { Config } from '../config.js'
import { seed, isEmpty } from '../seed/load.js'
import { connect, type ConnectOptions, type DatabaseHandle } from './connect.js'
import { migrateToLatest, schemaIsCurrent } from './migrate.js'

export async function openDatabase (
  config: Pick<
    Config,
    | 'databaseUrl'
    | 'databaseReadUrl'
    | 'pgliteDir'
    | 'dbPoolMax'
    | 'dbPreparedStatements'
    | 'migrateOnStart'
    | 'seedOnStart'
    | 'statementTimeoutMs'
  >,
  extra: Pick<ConnectOptions, 'pgliteSnapshot' | 'onConnectionLost'> = {},
): Promise<DatabaseHandle> {
  const handle = await connect({
    databaseUrl: config.databaseUrl,
    readUrl: config.databaseReadUrl,
    pgliteDir: config.pgliteDir,
    poolMax: config.dbPoolMax,
    preparedStatements: config.dbPreparedStatements,
    statementTimeoutMs: config.statementTimeoutMs,
    ...extra,
  })
  try {
    if (config.migrateOnStart && !await schemaIsCurrent(handle.db)) await migrateToLatest(handle.db)
    if (config.seedOnStart && await isEmpty(handle.db)) await seed(handle.db)
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle
}
