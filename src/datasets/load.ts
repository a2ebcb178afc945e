// Loading the bundled national dataset into a database, all in one transaction: a failed
// load leaves nothing behind. On a terminal a progress line names each table as it goes.
import type { Db } from '../db/connect.js'
import { loadSnapshot, readSnapshot, SNAPSHOT_PATH } from './snapshot.js'

export interface LoadReport {
  rows: number
  ms: number
}

function progressLine (stream: NodeJS.WriteStream): (table: string, rows: number) => void {
  if (!stream.isTTY) return () => {}
  return (table, rows) => {
    stream.write(`\rloading the national dataset: ${table} (${rows.toLocaleString('en-US')} rows)\u001b[K`)
  }
}

/** Loads the snapshot into a database whose bundled tables are empty (no careers yet). */
export async function loadBundledDataset (
  db: Db, file = SNAPSHOT_PATH, stream: NodeJS.WriteStream = process.stderr,
): Promise<LoadReport> {
  const started = performance.now()
  const snapshot = await readSnapshot(file)
  const onTable = progressLine(stream)
  await db.transaction().execute((trx) => loadSnapshot(trx, snapshot, onTable))
  if (stream.isTTY) stream.write('\r\u001b[K')
  const rows = Object.values(snapshot.tables).reduce((sum, table) => sum + table.rows.length, 0)
  return { rows, ms: Math.round(performance.now() - started) }
}
