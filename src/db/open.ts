// Connects, migrates, loads the national dataset and seeds as the configuration says: what
// the server and CLI share.
import type { Config } from '../config.js'
import { loadBundledDataset } from '../datasets/load.js'
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
    | 'datasetOnStart'
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
    // Only a database with no careers takes the dataset and the seed: the official data goes
    // first, and the seed's editorial careers, figures and credentials are layered on it.
    const empty = (config.datasetOnStart || config.seedOnStart) && await isEmpty(handle.db)
    if (empty && config.datasetOnStart) await loadBundledDataset(handle.db)
    if (empty && config.seedOnStart) await seed(handle.db)
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle
}
