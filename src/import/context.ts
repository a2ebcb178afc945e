// What every importer is given: the file, the transaction it must write through, and the
// summary and progress it reports to.
import type { Transaction } from 'kysely'
import { upsertSource, type SourceInput } from '../resources/sources/upsert.js'
import type { Database } from '../db/schema.js'
import type { Progress } from './progress.js'
import type { Summary } from './summary.js'

export interface ImportOptions {
  /** OEWS reference period, when the file name does not give it (e.g. `M2024` = May 2024). */
  period?: { year: number, month: number }
  /** The SOC version of the codes, when the file's period does not settle it. */
  socVersion?: 2010 | 2018
  /** O*NET release (e.g. `29.2`), when the folder name does not give it. */
  release?: string
}

export interface ImportContext {
  db: Transaction<Database>
  file: string
  options: ImportOptions
  summary: Summary
  progress: Progress
}

/** Counts a row read from the file and moves the progress line. */
export function rowRead (context: ImportContext): void {
  context.summary.rowsRead++
  context.progress.tick(context.summary.rowsRead)
}

/** Upserts the dataset's source and names it in the summary, which says where each file's rows came from. */
export async function citeSource (context: ImportContext, source: SourceInput): Promise<number> {
  const id = await upsertSource(context.db, source)
  context.summary.sources.add(source.slug)
  return id
}
