// Reads the official files as rows of cells, whatever their format: XLSX (streamed, one
// sheet at a time), CSV, and tab-delimited text (O*NET). Rows keep their number in the
// file so that every error can name the file, sheet, row, column and value. The parsers are
// loaded when a file is read (exceljs alone takes seconds to load), not by every CLI command.
import { createReadStream } from 'node:fs'
import path from 'node:path'
import type ExcelJS from 'exceljs'

export type Cell = string | number | boolean | null

export interface RawRow {
  sheet: string | null
  /** 1-based, as a spreadsheet shows it. */
  number: number
  cells: Cell[]
}

/** A bad file: the message names where the bad value is. */
export class ImportError extends Error {
  override name = 'ImportError'
}

export interface Place {
  file: string
  sheet: string | null
  row?: number
  column?: string
  value?: Cell
}

export function describePlace (place: Place): string {
  const parts = [path.basename(place.file)]
  if (place.sheet !== null) parts.push(`sheet "${place.sheet}"`)
  if (place.row !== undefined) parts.push(`row ${place.row}`)
  if (place.column !== undefined) parts.push(`column "${place.column}"`)
  if (place.value !== undefined) parts.push(`value ${JSON.stringify(place.value)}`)
  return parts.join(', ')
}

export function importError (place: Place, message: string): ImportError {
  return new ImportError(`${describePlace(place)}: ${message}`)
}

type ExcelValue = ExcelJS.CellValue

/** Flattens what exceljs gives for a cell (rich text, formulas, hyperlinks, dates) to a plain value. */
function plainCell (value: ExcelValue | undefined): Cell {
  if (value === null || value === undefined) return null
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if ('richText' in value) return value.richText.map((part) => part.text).join('')
  if ('result' in value) return plainCell(value.result as ExcelValue)
  if ('text' in value) return plainCell(value.text as ExcelValue)
  if ('error' in value) return null
  return null
}

// exceljs's streaming reader now and then reaches a worksheet before it has read the
// workbook's list of sheets, and fails on `this.model.sheets` (workbook-reader.js) before
// that sheet yields a row; reading the file again succeeds. Sheets already read are skipped
// on the next attempt, so no row is given twice.
const XLSX_ATTEMPTS = 3

function isSheetListRace (error: unknown): boolean {
  return error instanceof TypeError && error.message.includes("reading 'sheets'")
}

async function * xlsxRows (file: string, wantSheet: (name: string) => boolean): AsyncGenerator<RawRow> {
  const { default: excel } = await import('exceljs')
  const done = new Set<string>()
  for (let attempt = 1; ; attempt++) {
    const reader = new excel.stream.xlsx.WorkbookReader(file, {
      sharedStrings: 'cache', worksheets: 'emit', hyperlinks: 'ignore', styles: 'ignore', entries: 'ignore',
    })
    try {
      for await (const sheet of reader) {
        // exceljs's worksheet reader has a name at run time that its types omit.
        const name = (sheet as unknown as { name: string }).name
        const wanted = wantSheet(name) && !done.has(name)
        for await (const row of sheet) {
          if (!wanted) continue
          const values = row.values as ExcelValue[]
          const cells: Cell[] = []
          for (let i = 1; i < values.length; i++) cells.push(plainCell(values[i]))
          yield { sheet: name, number: row.number, cells }
        }
        done.add(name)
      }
      return
    } catch (error) {
      if (attempt >= XLSX_ATTEMPTS || !isSheetListRace(error)) throw error
    }
  }
}

async function * delimitedRows (file: string, delimiter: string): AsyncGenerator<RawRow> {
  const { parse } = await import('csv-parse')
  const parser = createReadStream(file).pipe(parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    // O*NET's tab files never quote; their text holds bare quotes.
    quote: delimiter === '\t' ? false : '"',
    info: true,
  }))
  for await (const record of parser as AsyncIterable<{ record: string[], info: { lines: number } }>) {
    yield { sheet: null, number: record.info.lines, cells: record.record }
  }
}

export type FileFormat = 'xlsx' | 'csv' | 'tsv'

export function formatOf (file: string): FileFormat {
  const extension = path.extname(file).toLowerCase()
  if (extension === '.xlsx') return 'xlsx'
  if (extension === '.csv') return 'csv'
  if (extension === '.txt' || extension === '.tsv') return 'tsv'
  throw importError({ file, sheet: null }, `unsupported file type "${extension}": expected .xlsx, .csv, .txt or .tsv`)
}

/** Every row of the file (of the wanted sheets, for a workbook). */
export function readRows (file: string, wantSheet: (name: string) => boolean = () => true): AsyncGenerator<RawRow> {
  const format = formatOf(file)
  if (format === 'xlsx') return xlsxRows(file, wantSheet)
  return delimitedRows(file, format === 'csv' ? ',' : '\t')
}

/** Header names compared loosely: case, spacing and dash style differ between releases. */
export function normalizeName (name: Cell): string {
  return String(name ?? '').toLowerCase().replace(/[\u2013\u2014]/g, '-').replace(/\s+/g, ' ').trim()
}

function isBlank (cell: Cell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '')
}

export function isBlankRow (row: RawRow): boolean {
  return row.cells.every(isBlank)
}

/** One data row with its columns addressed by header name; every accessor reports where it failed. */
export class Row {
  constructor (
    readonly file: string,
    readonly raw: RawRow,
    private readonly columns: Map<string, { index: number, label: string }>,
  ) {}

  get number (): number { return this.raw.number }

  /** The header's names, normalised. */
  headerNames (): IterableIterator<string> {
    return this.columns.keys()
  }

  has (column: string): boolean {
    return this.columns.has(normalizeName(column))
  }

  /** The cell's value; null for a blank cell or a column the file lacks. */
  cell (column: string): Cell {
    const found = this.columns.get(normalizeName(column))
    if (found === undefined) return null
    const value = this.raw.cells[found.index] ?? null
    if (typeof value === 'string') return value.trim() === '' ? null : value.trim()
    return value
  }

  text (column: string): string {
    const value = this.cell(column)
    if (value === null) throw this.error(column, 'a value is required')
    return String(value)
  }

  optionalText (column: string): string | null {
    const value = this.cell(column)
    return value === null ? null : String(value)
  }

  error (column: string, message: string): ImportError {
    const found = this.columns.get(normalizeName(column))
    return importError({
      file: this.file,
      sheet: this.raw.sheet,
      row: this.raw.number,
      column: found?.label ?? column,
      value: this.cell(column),
    }, message)
  }
}

export interface TableSpec {
  /** Header names that identify the header row; all must be present. */
  required: string[]
  /** Which workbook sheets to read; all when omitted. */
  sheet?: (name: string) => boolean
  /** How many rows may precede the header (titles, notes). */
  maxPreamble?: number
}

/**
 * The data rows of a table whose header row holds every required name. Rows before the
 * header (preamble) are skipped; blank rows are skipped; a sheet without the header is
 * passed over, and a file where no sheet has it is an error.
 */
export async function * readTable (file: string, spec: TableSpec): AsyncGenerator<Row> {
  const required = spec.required.map(normalizeName)
  const maxPreamble = spec.maxPreamble ?? 20
  let columns: Map<string, { index: number, label: string }> | null = null
  let sheet: string | null | undefined
  let seenHeader = false
  for await (const raw of readRows(file, spec.sheet)) {
    if (raw.sheet !== sheet) {
      sheet = raw.sheet
      columns = null
    }
    if (columns === null) {
      if (raw.number > maxPreamble + 1) continue
      const names = raw.cells.map(normalizeName)
      if (!required.every((name) => names.includes(name))) continue
      columns = new Map()
      raw.cells.forEach((label, index) => {
        const name = normalizeName(label)
        if (name !== '' && columns?.has(name) === false) columns.set(name, { index, label: String(label).trim() })
      })
      seenHeader = true
      continue
    }
    if (isBlankRow(raw)) continue
    yield new Row(file, raw, columns)
  }
  if (!seenHeader) {
    const wanted = spec.required.map((name) => `"${name}"`).join(', ')
    throw importError({ file, sheet: null }, `no header row with the columns ${wanted} was found`)
  }
}

/**
 * Which of several known tables the file holds: the first spec whose header row is found.
 * Text files are read only as far as their preamble; workbooks are small and read through.
 */
export async function identify<K extends string> (file: string, specs: Record<K, TableSpec>): Promise<K> {
  const entries = Object.entries(specs) as Array<[K, TableSpec]>
  const delimited = formatOf(file) !== 'xlsx'
  for await (const raw of readRows(file)) {
    const names = raw.cells.map(normalizeName)
    for (const [kind, spec] of entries) {
      const wantsSheet = raw.sheet === null || spec.sheet === undefined || spec.sheet(raw.sheet)
      if (wantsSheet && raw.number <= (spec.maxPreamble ?? 20) + 1 &&
        spec.required.every((name) => names.includes(normalizeName(name)))) {
        return kind
      }
    }
    if (delimited && raw.number > 21) break
  }
  const kinds = entries.map(([kind]) => kind).join(', ')
  throw importError({ file, sheet: null }, `not a file this importer reads: expected one of ${kinds}`)
}
