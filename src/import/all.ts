// A folder of official files imported in one go: the tree is walked, each file recognised
// by its name (a delimited file whose name says nothing, by its header line), and the files
// are imported in the order the importers depend on. Planning opens no workbook: exceljs
// alone takes seconds to load, and the official workbooks are known by their names.
import { open, readdir, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Db } from '../db/connect.js'
import type { ImportOptions } from './context.js'
import { vacuumAnalyze } from '../db/vacuum.js'
import { importFile, type ImportKind } from './index.js'
import { periodOf } from './oews.js'
import { releaseOf } from './onet.js'
import { silentProgress, type Progress } from './progress.js'
import type { Summary } from './summary.js'
import { ImportError, normalizeName } from './table.js'

export interface PlannedImport { file: string, kind: ImportKind, options: ImportOptions }

export interface FolderPlan { imports: PlannedImport[], skipped: Array<{ file: string, reason: string }> }

export interface FolderImport { summaries: Summary[], skipped: Array<{ file: string, reason: string }> }

/**
 * The import order. SOC first (it makes the careers, and the other files attach to them);
 * the crosswalks before the wages and projections published under their codes; the CIP list
 * before the CIP–SOC crosswalks, which refuse codes it lacks; credentials last, as they refuse
 * a SOC code no career has.
 */
const STAGES = {
  'soc structure': 'soc',
  'soc definitions': 'soc',
  'soc direct-match titles': 'soc',
  'soc crosswalk': 'soc',
  'nem crosswalk': 'soc',
  oews: 'oews',
  projections: 'projections',
  onet: 'onet',
  cip: 'cip',
  'cip-soc': 'cip-soc',
  credentials: 'credentials',
} satisfies Record<string, ImportKind>

type Stage = keyof typeof STAGES
const STAGE_ORDER = Object.keys(STAGES) as Stage[]

/**
 * The O*NET tables the importer reads, in the order it needs them: Occupation Data names the
 * careers the others attach to when SOC is not loaded (and the O*NET-SOC records duties and
 * work data may come from); the education categories must precede the shares, which refuse
 * a category they do not know.
 */
const ONET_TABLES = [
  'Occupation Data', 'Task Statements', 'Alternate Titles', 'Sample of Reported Titles', 'Related Occupations',
  'Job Zones', 'Education, Training, and Experience Categories', 'Education, Training, and Experience',
  'Technology Skills', 'Interests', 'Work Styles',
]
const ONET_TABLE_INDEX = new Map(ONET_TABLES.map((table, index) => [table.toLowerCase(), index]))

/** Official names (as BLS, EP and NCES publish them; a prefix like `broken_` is tolerated). */
const NAMED: Array<[RegExp, Stage]> = [
  [/soc_structure_2018\.(xlsx|csv)$/i, 'soc structure'],
  [/soc_2018_definitions\.(xlsx|csv)$/i, 'soc definitions'],
  [/soc_2018_direct_match_title_file\.(xlsx|csv)$/i, 'soc direct-match titles'],
  [/soc_2010_to_2018_crosswalk\.(xlsx|csv)$/i, 'soc crosswalk'],
  [/nem-onet-to-soc-crosswalk\.(xlsx|csv)$/i, 'nem crosswalk'],
  [/_M\d{4}_dl\.(xlsx|csv)$/i, 'oews'],
  [/(^|[-_])occupation\.xlsx$/i, 'projections'],
  [/CIPCode2020\.(xlsx|csv)$/i, 'cip'],
  [/(CIP2020_SOC2018_Crosswalk|TOP-CIP-SOC Crosswalk).*\.(xlsx|csv)$/i, 'cip-soc'],
]

/**
 * Header lines of the tables a delimited file may hold under another name (a CSV export).
 * They repeat the importers' own header specs; the importer checks the file again anyway.
 */
const HEADERS: Array<[string[], Stage]> = [
  [['Major Group', 'Minor Group', 'Broad Group', 'Detailed Occupation'], 'soc structure'],
  [['SOC Group', 'SOC Code', 'SOC Title', 'SOC Definition'], 'soc definitions'],
  [['2018 SOC Code', '2018 SOC Direct Match Title'], 'soc direct-match titles'],
  [['2010 SOC Code', '2010 SOC Title', '2018 SOC Code', '2018 SOC Title'], 'soc crosswalk'],
  [['O*NET-SOC Code', 'NEM Code'], 'nem crosswalk'],
  [['OCC_CODE', 'OCC_TITLE', 'TOT_EMP', 'A_MEAN'], 'oews'],
  [['CIPFamily', 'CIPCode', 'CIPTitle', 'CIPDefinition'], 'cip'],
  [['CIP2020Code', 'SOC2018Code'], 'cip-soc'],
  [['2020 CIP Code', '2018 SOC Code', 'Current TOP Code'], 'cip-soc'],
  [['name', 'kind', 'source_publisher', 'source_dataset'], 'credentials'],
]

/** Columns only O*NET's tables have: a text file with one is a table of the release. */
const ONET_COLUMNS = ['O*NET-SOC Code', 'Element ID', 'Scale ID'].map(normalizeName)

// The importers read only what may precede a header (20 rows); planning reads no further.
const SNIFF_BYTES = 64 * 1024
const SNIFF_LINES = 21

type Verdict = { stage: Stage, order: Array<number | string>, options: ImportOptions } | { reason: string }

const byCodePoint = (a: string, b: string): number => a < b ? -1 : a > b ? 1 : 0

function compareOrder (a: Array<number | string>, b: Array<number | string>): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i] as number | string
    const y = b[i] as number | string
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : byCodePoint(String(x), String(y))
    if (c !== 0) return c
  }
  return a.length - b.length
}

/** Every file under the folder, relative to it, sorted; hidden files and folders (.git) are not part of a release. */
async function walk (folder: string): Promise<{ files: string[], unreadable: string[] }> {
  const files: string[] = []
  const unreadable: string[] = []
  const seen = new Set<string>()
  async function visit (directory: string, relative: string): Promise<void> {
    // A linked folder reached twice (or a link loop) is walked once.
    let real: string
    let names: string[]
    try {
      real = await realpath(directory)
      names = (await readdir(directory)).filter((name) => !name.startsWith('.')).sort(byCodePoint)
    } catch {
      throw new ImportError(`${directory}: cannot read the folder`)
    }
    if (seen.has(real)) return
    seen.add(real)
    for (const name of names) {
      const entry = path.join(relative, name)
      const info = await stat(path.join(directory, name)).catch(() => null)
      if (info === null) unreadable.push(entry)
      else if (info.isDirectory()) await visit(path.join(directory, name), entry)
      else if (info.isFile()) files.push(entry)
    }
  }
  await visit(folder, '')
  return { files, unreadable }
}

/** The first lines of a text file, without the last one if the read cut it short. */
async function headLines (file: string): Promise<string[]> {
  const handle = await open(file, 'r').catch(() => {
    throw new ImportError(`${file}: cannot read the file`)
  })
  try {
    const buffer = Buffer.alloc(SNIFF_BYTES)
    const { bytesRead } = await handle.read(buffer, 0, SNIFF_BYTES, 0)
    const lines = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '').split(/\r?\n/)
    if (bytesRead === SNIFF_BYTES) lines.pop()
    return lines.slice(0, SNIFF_LINES)
  } finally {
    await handle.close()
  }
}

/** A CSV line's cells; a quoted cell may hold commas and doubled quotes. */
function csvCells (line: string): string[] {
  const cells: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"'
      i++
    } else if (char === '"') {
      quoted = !quoted
    } else if (char === ',' && !quoted) {
      cells.push(cell)
      cell = ''
    } else {
      cell += char
    }
  }
  cells.push(cell)
  return cells
}

/** The header rows a delimited file may start with, as normalised names. */
async function headerRows (file: string): Promise<string[][]> {
  const tab = /\.(txt|tsv)$/i.test(file)
  return (await headLines(file)).map((line) => (tab ? line.split('\t') : csvCells(line)).map(normalizeName))
}

function sniffStage (rows: string[][]): Stage | null {
  for (const [required, stage] of HEADERS) {
    const names = required.map(normalizeName)
    if (rows.some((row) => names.every((name) => row.includes(name)))) return stage
  }
  return null
}

function onetTableOf (file: string): string | null {
  const base = path.basename(file, path.extname(file))
  return ONET_TABLE_INDEX.has(base.toLowerCase()) ? base : null
}

/** The OEWS period from the file name (as the importer reads it), else the one given; null when neither. */
function oewsPeriod (file: string, given: ImportOptions['period']): { year: number, month: number } | null {
  try {
    return periodOf(file, undefined)
  } catch (error) {
    if (!(error instanceof ImportError)) throw error
    return given ?? null
  }
}

function planned (stage: Stage, file: string, options: ImportOptions, ...order: Array<number | string>): Verdict {
  return { stage, order: [...order, file], options }
}

function socVersionOption (options: ImportOptions): ImportOptions {
  return options.socVersion === undefined ? {} : { socVersion: options.socVersion }
}

async function recognise (
  file: string,
  relative: string,
  onetFolders: Set<string>,
  options: ImportOptions,
): Promise<Verdict> {
  const base = path.basename(file)
  const extension = path.extname(file).toLowerCase()
  const onetTable = onetTableOf(file)
  if (onetTable !== null && extension === '.txt') {
    // Fails the plan, before anything is imported, when neither the folder nor an option gives the release.
    const release = releaseOf(file, options.release)
    return planned('onet', relative, options.release === undefined ? {} : { release: options.release },
      ...release.split('.').map(Number), path.dirname(relative), ONET_TABLE_INDEX.get(onetTable.toLowerCase()) ?? 0)
  }
  if (onetTable !== null) return { reason: 'O*NET\'s Excel release: import the text release (db_29_2_text) instead' }
  if (/^all_data_M_\d{4}\./i.test(base)) {
    return { reason: 'OEWS\'s all-data file: import the national, state, metro and industry files it gathers' }
  }
  if (/_own_M\d{4}_/i.test(base)) {
    return { reason: 'OEWS estimates by ownership: the importer keeps one per occupation, area and industry' }
  }
  let stage = NAMED.find(([pattern]) => pattern.test(base))?.[1] ?? null
  if (stage === null && ['.csv', '.txt', '.tsv'].includes(extension)) {
    const rows = await headerRows(file)
    stage = sniffStage(rows)
    if (stage === null && extension !== '.csv' && !/^read ?me/i.test(base) &&
      (onetFolders.has(path.dirname(relative)) || rows[0]?.some((name) => ONET_COLUMNS.includes(name)) === true)) {
      return { reason: `no importer reads O*NET's ${path.basename(file, path.extname(file))} table` }
    }
  } else if (stage === null && extension === '.json') {
    if (/^\s*\{\s*"credentials"\s*:/.test((await headLines(file)).join('\n'))) stage = 'credentials'
  }
  switch (stage) {
    case null: break
    case 'oews': {
      const period = oewsPeriod(file, options.period)
      if (period === null) {
        return { reason: 'an OEWS table whose name gives no period (like M2024): import it with --period YYYY-MM' }
      }
      // A period the name gives is the importer's to read; one given is passed only where the name has none.
      const named = oewsPeriod(file, undefined) !== null
      // Newest first: a career OEWS creates (SOC not loaded) takes the newest title.
      return planned('oews', relative, { ...(named ? {} : { period }), ...socVersionOption(options) },
        -period.year, -period.month)
    }
    case 'projections': return planned(stage, relative, socVersionOption(options))
    default: return planned(stage, relative, {})
  }
  if (/^read ?me/i.test(base)) {
    return {
      reason: onetFolders.has(path.dirname(relative))
        ? 'O*NET\'s read-me (release notes and license): no data to import'
        : 'a read-me, not a data file',
    }
  }
  if (/\.(zip|gz|tgz|tar|7z)$/i.test(base)) return { reason: 'an archive: unpack it first' }
  if (extension === '.xls') return { reason: 'an old-format Excel workbook (.xls): the importers read .xlsx and CSV' }
  return { reason: 'not an official file this project knows' }
}

/**
 * What `import all` would do with the folder: the files it recognises, in the order they are
 * to be imported, each with the options it needs; and every other file, with the reason.
 * `options.release` applies to O*NET files, `options.period` to OEWS files whose name gives
 * none, `options.socVersion` to OEWS and projections files.
 */
export async function planFolder (folder: string, options: ImportOptions = {}): Promise<FolderPlan> {
  const info = await stat(folder).catch(() => null)
  if (info === null) throw new ImportError(`${folder}: no such folder`)
  if (!info.isDirectory()) throw new ImportError(`${folder}: not a folder`)
  const { files, unreadable } = await walk(folder)
  if (files.length === 0 && unreadable.length === 0) throw new ImportError(`${folder}: the folder holds no files`)
  // A folder holding a table of O*NET's release holds the rest of that release too.
  const onetFolders = new Set(files.filter((file) => onetTableOf(file) !== null && file.endsWith('.txt'))
    .map((file) => path.dirname(file)))
  const recognised: Array<{ stage: Stage, order: Array<number | string>, planned: PlannedImport }> = []
  const skipped = unreadable.map((file) => ({ file: path.join(folder, file), reason: 'cannot be read' }))
  for (const relative of files) {
    const file = path.join(folder, relative)
    const verdict = await recognise(file, relative, onetFolders, options)
    if ('reason' in verdict) {
      skipped.push({ file, reason: verdict.reason })
      continue
    }
    recognised.push({ ...verdict, planned: { file, kind: STAGES[verdict.stage], options: verdict.options } })
  }
  recognised.sort((a, b) => STAGE_ORDER.indexOf(a.stage) - STAGE_ORDER.indexOf(b.stage) ||
    compareOrder(a.order, b.order))
  skipped.sort((a, b) => byCodePoint(a.file, b.file))
  return { imports: recognised.map((entry) => entry.planned), skipped }
}

/** Plans the folder and imports what it recognises (importPlan). */
export async function importFolder (
  db: Db,
  folder: string,
  options: ImportOptions = {},
  progressFor: (file: string) => Progress = () => silentProgress,
): Promise<FolderImport> {
  return importPlan(db, folder, await planFolder(folder, options), progressFor)
}

/**
 * Imports every file the plan names, in its order, each in its own transaction; the summaries
 * follow the plan's order. The first bad file stops the run (the files before it stay
 * imported); its error names it by its path in the folder.
 */
export async function importPlan (
  db: Db,
  folder: string,
  plan: FolderPlan,
  progressFor: (file: string) => Progress = () => silentProgress,
): Promise<FolderImport> {
  if (plan.imports.length === 0) {
    const names = plan.skipped.map((entry) => path.relative(folder, entry.file))
    throw new ImportError(`${folder}: the folder holds no file this project imports ` +
      `(skipped: ${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`)
  }
  const summaries: Summary[] = []
  for (const { file, kind, options: fileOptions } of plan.imports) {
    try {
      summaries.push(await importFile(db, kind, file, fileOptions, progressFor(file)))
    } catch (error) {
      // The importers name a file by its base name; in a tree, two may share one (Job Zones.txt).
      const base = path.basename(file)
      if (!(error instanceof ImportError) || !error.message.startsWith(base)) throw error
      throw new ImportError(`${path.relative(folder, file)}${error.message.slice(base.length)}`, { cause: error })
    }
  }
  await vacuumAnalyze(db)
  return { summaries, skipped: plan.skipped }
}
