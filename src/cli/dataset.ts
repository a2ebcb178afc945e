// `dataset build [<folder>]` writes the bundled national dataset from a folder of official
// files; `dataset load` loads it into the configured database, which must hold no careers
// (the server does the same at its first start).
import type { Config } from '../config.js'
import { buildSnapshot, writeSnapshot } from '../datasets/build.js'
import { SNAPSHOT_PATH } from '../datasets/snapshot.js'
import { connect } from '../db/connect.js'
import { migrateToLatest } from '../db/migrate.js'
import { fillEmpty } from '../db/open.js'
import { terminalProgress } from '../import/progress.js'
import { UsageError } from './usage.js'

export const DATASET_USAGE = `  dataset build [<folder>]  rebuild the bundled dataset (dataset/national.json.gz)
                            from a folder of official files (default ../shared/data)
  dataset load              load it, then the seed, into the configured database (one with no
                            careers yet)`

export async function datasetCommand (config: Config, args: string[], out: NodeJS.WritableStream): Promise<void> {
  const [action, ...rest] = args
  if (action === 'build' && rest.length <= 1) {
    const folder = rest[0] ?? '../shared/data'
    const started = performance.now()
    const { snapshot, bytes } = await buildSnapshot(folder, (file) => terminalProgress(file))
    await writeSnapshot(bytes)
    const rows = Object.values(snapshot.manifest.counts).reduce((sum, count) => sum + count, 0)
    out.write(`wrote ${SNAPSHOT_PATH}: ${snapshot.manifest.inputs.length} files, ${rows} rows, ` +
      `${bytes.length} bytes, in ${((performance.now() - started) / 1000).toFixed(1)} s\n`)
    return
  }
  if (action === 'load' && rest.length === 0) {
    if (config.databaseUrl === null && config.pgliteDir === null) {
      throw new UsageError('dataset load needs a database that outlives the command: DATABASE_URL or PGLITE_DIR')
    }
    const handle = await connect({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir, poolMax: 2 })
    try {
      await migrateToLatest(handle.db)
      const { empty, dataset } = await fillEmpty(handle.db, { dataset: true, seed: true })
      if (!empty || dataset === null) {
        throw new UsageError('dataset load needs a database with no careers: this one has some')
      }
      out.write(`loaded ${dataset.rows} rows in ${(dataset.ms / 1000).toFixed(1)} s, then the seed\n`)
    } finally {
      await handle.close()
    }
    return
  }
  throw new UsageError('dataset needs an action: build [<folder>] or load')
}
