// Connects, migrates, loads the national dataset and seeds as the configuration says: what
// the server and CLI share.
import type { Config } from '../config.js'
import { loadBundledDataset, type LoadReport } from '../datasets/load.js'
import { seed, isEmpty } from '../seed/load.js'
import { connect, type ConnectOptions, type DatabaseHandle, type Db } from './connect.js'
import { migrateToLatest, schemaIsCurrent } from './migrate.js'
import { vacuumAnalyze } from './vacuum.js'

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
    if (config.datasetOnStart || config.seedOnStart) {
      await fillEmpty(handle.db, { dataset: config.datasetOnStart, seed: config.seedOnStart })
    }
  } catch (error) {
    await handle.close()
    throw error
  }
  return handle
}

/**
 * Only a database with no careers takes the dataset and the seed: the official data goes
 * first, and the seed's editorial careers, figures and credentials are layered on it. Says
 * whether the database was empty, and what the dataset's load took.
 */
export async function fillEmpty (
  db: Db, what: { dataset: boolean, seed: boolean },
): Promise<{ empty: boolean, dataset: LoadReport | null }> {
  if (!await isEmpty(db)) return { empty: false, dataset: null }
  const dataset = what.dataset ? await loadBundledDataset(db) : null
  if (what.seed) await seed(db)
  // Once, on the first start: the load's dead row versions would stay in PGlite for good.
  await vacuumAnalyze(db)
  return { empty: true, dataset }
}
