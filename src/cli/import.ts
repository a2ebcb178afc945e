// `import <kind> <file|folder>…` and `import all <folder>`: each file in its own transaction,
// a summary per file, then the files a folder held that were not imported, and why.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import { openDatabase } from '../db/open.js'
import { vacuumAnalyze } from '../db/vacuum.js'
import { planFolder, type PlannedImport } from '../import/all.js'
import {
  IMPORT_KINDS, ImportError, importFile, isImportKind, type ImportKind, type ImportOptions,
} from '../import/index.js'
import { terminalProgress } from '../import/progress.js'
import { UsageError } from './usage.js'

const KIND_NAMES = Object.keys(IMPORT_KINDS).join(', ')

export const IMPORT_USAGE = `  import all <folder>
                     load every official file in a folder tree, in dependency order; then list
                     the files skipped, and why
  import <kind> <file|folder>…
                     load official data files (a folder: its files of the kind, in that order);
                     kinds: ${KIND_NAMES}
      --period YYYY-MM        OEWS reference period when the file name has none (M2024 = May 2024)
      --soc-version 2010|2018 SOC version of the codes, when the period does not settle it (not with all)
      --release NN.N          O*NET release when the folder name has none (db_29_2_text = 29.2)
`

export interface ImportArgs {
  kind: ImportKind | 'all'
  files: string[]
  options: ImportOptions
}

export function parseImportArgs (args: string[]): ImportArgs {
  const [kind, ...rest] = args
  if (kind === undefined || (kind !== 'all' && !isImportKind(kind))) {
    throw new UsageError(`import needs a kind: all, ${KIND_NAMES}`)
  }
  const files: string[] = []
  const options: ImportOptions = {}
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] ?? ''
    if (!arg.startsWith('--')) {
      files.push(arg)
      continue
    }
    const value = rest[++i]
    if (arg === '--period' && value !== undefined && /^\d{4}-(0[1-9]|1[0-2])$/.test(value)) {
      options.period = { year: Number(value.slice(0, 4)), month: Number(value.slice(5)) }
    } else if (arg === '--soc-version' && (value === '2010' || value === '2018') && kind !== 'all') {
      // A folder mixes periods (May 2015 is 2010 SOC, May 2024 2018): one version for all would be wrong.
      options.socVersion = Number(value) as 2010 | 2018
    } else if (arg === '--release' && value !== undefined && /^\d{1,2}\.\d$/.test(value)) {
      options.release = value
    } else {
      throw new UsageError(`bad option ${arg}${value === undefined ? '' : ` ${value}`}` +
        (arg === '--soc-version' && kind === 'all' ? ': import all settles the SOC version file by file' : ''))
    }
  }
  if (kind === 'all') {
    if (files.length !== 1) throw new UsageError('import all needs one folder')
  } else if (files.length === 0) {
    throw new UsageError(`import ${kind} needs at least one file`)
  }
  return { kind, files, options }
}

const article = (kind: string): string => /^[aeiou]/.test(kind) ? 'an' : 'a'

async function isFolder (file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isDirectory() === true
}

/**
 * Imports the files in order and stops at the first bad one (earlier files stay imported),
 * then lists what the folders held that was not imported, and why. A folder stands for its
 * files of the kind (every file it recognises, for `all`), in the order `planFolder` gives.
 */
export async function runImport (db: Db, args: ImportArgs, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  const imports: Array<PlannedImport & { folder: string | null }> = []
  const skipped: Array<{ file: string, reason: string }> = []
  for (const file of args.files) {
    if (args.kind !== 'all' && !await isFolder(file)) {
      imports.push({ file, kind: args.kind, options: args.options, folder: null })
      continue
    }
    const plan = await planFolder(file, args.options)
    const wanted = plan.imports.filter((planned) => args.kind === 'all' || planned.kind === args.kind)
    const others = plan.imports.filter((planned) => !wanted.includes(planned))
      .map((planned) => ({
        file: planned.file,
        reason: `${article(planned.kind)} ${planned.kind} file, not ${args.kind}`,
      }))
    skipped.push(...[...others, ...plan.skipped].sort((a, b) => a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    if (wanted.length === 0) {
      // Nothing to import: what the folder holds says why.
      for (const entry of skipped) out.write(`skipped: ${entry.file}: ${entry.reason}\n`)
      const what = args.kind === 'all' ? 'file this project imports' : `${args.kind} file`
      throw new ImportError(`${file}: the folder holds no ${what}`)
    }
    imports.push(...wanted.map((planned) => ({ ...planned, folder: file })))
  }
  for (const { file, kind, options, folder } of imports) {
    try {
      const summary = await importFile(db, kind, file, options, terminalProgress(file))
      out.write(summary.format())
    } catch (error) {
      // In a tree two files may share a name (Job Zones.txt): the error names the file by its path there.
      const base = path.basename(file)
      if (folder === null || !(error instanceof ImportError) || !error.message.startsWith(base)) throw error
      throw new ImportError(`${path.relative(folder, file)}${error.message.slice(base.length)}`, { cause: error })
    }
  }
  await vacuumAnalyze(db)
  for (const { file, reason } of skipped) out.write(`skipped: ${file}: ${reason}\n`)
}

/**
 * Opens the database as the server would (migrated, and seeded when it holds no careers, so
 * the seed's editorial careers are never lost to an import that came first) and imports.
 */
export async function importCommand (config: Config, args: ImportArgs): Promise<void> {
  if (config.databaseUrl === null && config.pgliteDir === null) {
    throw new UsageError(
      'import needs a database that outlives the command: set DATABASE_URL, or PGLITE_DIR for the embedded one',
    )
  }
  const handle = await openDatabase({ ...config, dbPoolMax: 2 })
  try {
    await runImport(handle.db, args)
  } finally {
    await handle.close()
  }
}
