// Importers of the official datasets, one module per kind. This folder may use src/db and
// src/data (for sources); nothing outside the CLI, tests and benchmarks imports it.
import { access } from 'node:fs/promises'
import path from 'node:path'
import type { Db } from '../db/connect.js'
import { importCip, importCipSoc } from './cip.js'
import type { ImportContext, ImportOptions } from './context.js'
import { importCredentials } from './credentials.js'
import { importOews } from './oews.js'
import { importOnet } from './onet.js'
import { silentProgress, type Progress } from './progress.js'
import { importProjections } from './projections.js'
import { importSoc } from './soc.js'
import { refreshLatestFigures } from '../resources/career-figures/latest.js'
import { announceDatasetChange } from './feed.js'
import { Summary } from './summary.js'
import { importError } from './table.js'

export const IMPORT_KINDS = {
  soc: importSoc,
  oews: importOews,
  projections: importProjections,
  onet: importOnet,
  credentials: importCredentials,
  cip: importCip,
  'cip-soc': importCipSoc,
} satisfies Record<string, (context: ImportContext) => Promise<void>>

export type ImportKind = keyof typeof IMPORT_KINDS

export function isImportKind (kind: string): kind is ImportKind {
  return Object.hasOwn(IMPORT_KINDS, kind)
}

/**
 * Imports one file in one transaction: any bad row rolls the whole file back, and the
 * error names the file, sheet, row, column and value.
 */
export async function importFile (
  db: Db,
  kind: ImportKind,
  file: string,
  options: ImportOptions = {},
  progress: Progress = silentProgress,
): Promise<Summary> {
  try {
    await access(file)
  } catch {
    throw importError({ file, sheet: null }, 'cannot read the file')
  }
  const summary = new Summary(path.basename(file), kind)
  try {
    await db.transaction().execute(async (trx) => {
      await IMPORT_KINDS[kind]({ db: trx, file, options, summary, progress })
      await refreshLatestFigures(trx)
      const sources = [...summary.sources].sort()
      await announceDatasetChange(trx, {
        key: sources[0] ?? summary.file, file: summary.file, kind, sources,
        rows: Object.fromEntries(summary.tables), careerIds: [...summary.careers],
      })
    })
  } finally {
    progress.done()
  }
  return summary
}

export { ImportError } from './table.js'
export type { ImportOptions } from './context.js'
export type { Summary } from './summary.js'
