// `import <kind> <file>…`: each file in its own transaction, a summary per file.
import type { Config } from '../config.js'
import type { Db } from '../db/connect.js'
import { openDatabase } from '../db/open.js'
import { IMPORT_KINDS, importFile, isImportKind, type ImportOptions } from '../import/index.js'
import { terminalProgress } from '../import/progress.js'
import { UsageError } from './usage.js'

const KIND_NAMES = Object.keys(IMPORT_KINDS).join(', ')

export const IMPORT_USAGE = `  import <kind> <file>…  load official data files; kinds: ${KIND_NAMES}
      --period YYYY-MM        OEWS reference period when the file name has none (M2024 = May 2024)
      --soc-version 2010|2018 SOC version of the codes, when the period does not settle it
      --release NN.N          O*NET release when the folder name has none (db_29_2_text = 29.2)
`

export interface ImportArgs {
  kind: keyof typeof IMPORT_KINDS
  files: string[]
  options: ImportOptions
}

export function parseImportArgs (args: string[]): ImportArgs {
  const [kind, ...rest] = args
  if (kind === undefined || !isImportKind(kind)) {
    throw new UsageError(`import needs a kind: ${Object.keys(IMPORT_KINDS).join(', ')}`)
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
    } else if (arg === '--soc-version' && (value === '2010' || value === '2018')) {
      options.socVersion = Number(value) as 2010 | 2018
    } else if (arg === '--release' && value !== undefined && /^\d{1,2}\.\d$/.test(value)) {
      options.release = value
    } else {
      throw new UsageError(`bad option ${arg}${value === undefined ? '' : ` ${value}`}`)
    }
  }
  if (files.length === 0) throw new UsageError(`import ${kind} needs at least one file`)
  return { kind, files, options }
}

/** Imports the files in order and stops at the first bad one (earlier files stay imported). */
export async function runImport (db: Db, args: ImportArgs, out: NodeJS.WritableStream = process.stdout): Promise<void> {
  for (const file of args.files) {
    const summary = await importFile(db, args.kind, file, args.options, terminalProgress(file))
    out.write(summary.format())
  }
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
