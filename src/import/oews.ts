// BLS OEWS wage files: national, state, metro and industry (the same columns plus area and
// NAICS), XLSX or CSV, on 2018 or 2010 SOC codes. Only detailed occupations are stored:
// the major/minor/broad aggregates and the all-occupations total are skipped and counted.
import path from 'node:path'
import type { Insertable } from 'kysely'
import type { AreaKind, FootnoteCode, SocVersion, WageEstimateTable, WageFigure, WageFlags } from '../db/schema.js'
import { ensureCareers, isDetailedSoc } from './careers.js'
import { citeSource, rowRead, type ImportContext } from './context.js'
import { socCode } from './soc.js'
import { importError, readRows, readTable, type Row } from './table.js'
import { upsertRows } from './upsert.js'

const FIGURE_COLUMNS: Array<[WageFigure, string]> = [
  ['hourly_mean', 'H_MEAN'], ['hourly_p10', 'H_PCT10'], ['hourly_p25', 'H_PCT25'], ['hourly_median', 'H_MEDIAN'],
  ['hourly_p75', 'H_PCT75'], ['hourly_p90', 'H_PCT90'],
  ['annual_mean', 'A_MEAN'], ['annual_p10', 'A_PCT10'], ['annual_p25', 'A_PCT25'], ['annual_median', 'A_MEDIAN'],
  ['annual_p75', 'A_PCT75'], ['annual_p90', 'A_PCT90'],
]

const MARKERS = new Set<string>(['#', '*', '**', '~'])
const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]

/**
 * The published top of the wage range ("#" = at or above it) for files that do not state
 * it (CSV exports, the older workbooks): May 2012–2016 per BLS's field descriptions of
 * those releases, May 2023–2024 as their own Field Descriptions sheets state. A workbook's
 * own statement wins; any other year without one is an error, not a guess.
 */
const TOP_CODES: Array<{ from: number, to: number, hourly: number, annual: number }> = [
  { from: 2012, to: 2016, hourly: 90, annual: 187_200 },
  { from: 2023, to: 2024, hourly: 115, annual: 239_200 },
]

const AREA_KINDS: Record<string, AreaKind> = { 1: 'national', 2: 'state', 3: 'territory', 4: 'metro', 6: 'nonmetro' }

interface TopCode { hourly: number, annual: number }

/** `national_M2024_dl.xlsx` → May 2024; the option overrides. */
export function periodOf (
  file: string,
  override: { year: number, month: number } | undefined,
): { year: number, month: number } {
  if (override !== undefined) return override
  const match = /M(\d{4})/i.exec(path.basename(file))
  if (match?.[1] === undefined) {
    throw importError(
      { file, sheet: null },
      'the file name gives no reference period (like M2024); pass --period YYYY-MM',
    )
  }
  return { year: Number(match[1]), month: 5 }
}

/** "#  = indicates a wage equal to or greater than $115.00 per hour or $239,200 per year". */
async function statedTopCode (file: string): Promise<TopCode | null> {
  if (!file.toLowerCase().endsWith('.xlsx')) return null
  for await (const raw of readRows(file, (name) => /field descriptions/i.test(name))) {
    const text = raw.cells.map((cell) => String(cell ?? '')).join(' ')
    const match = /^\s*#.*?\$([\d,.]+)\s*per hour.*?\$([\d,.]+)\s*per year/i.exec(text)
    if (match?.[1] !== undefined && match[2] !== undefined) {
      return { hourly: Number(match[1].replace(/,/g, '')), annual: Number(match[2].replace(/,/g, '')) }
    }
  }
  return null
}

function knownTopCode (year: number): TopCode | null {
  return TOP_CODES.find((top) => top.from <= year && year <= top.to) ?? null
}

/** A figure as published: a number, or a footnote marker; commas and "$" tolerated. */
function figure (row: Row, column: string): { value: number | null, marker: FootnoteCode | null } {
  const cell = row.cell(column)
  if (cell === null) return { value: null, marker: null }
  if (typeof cell === 'number') return { value: cell, marker: null }
  const text = String(cell).trim()
  if (MARKERS.has(text)) return { value: null, marker: text as FootnoteCode }
  const value = Number(text.replace(/[$,]/g, ''))
  if (text === '' || !Number.isFinite(value)) {
    throw row.error(column, 'expected a number or one of the footnote markers *, **, #, ~')
  }
  if (value < 0) throw row.error(column, 'a wage or employment figure cannot be negative')
  return { value, marker: null }
}

function flag (cell: ReturnType<Row['cell']>): boolean {
  return cell === true || String(cell ?? '').trim().toUpperCase() === 'TRUE'
}

/** NAICS as OEWS prints it (6 characters, zero-padded) cut to its level: 621100 at 4-digit → 6211. */
function industryCode (row: Row): string | null {
  const naics = row.optionalText('NAICS')
  const group = (row.optionalText('I_GROUP') ?? '').toLowerCase()
  if (naics === null || group === 'cross-industry' || /^0+$/.test(naics)) return null
  const sector = /^(\d{2})-(\d{2})/.exec(naics)
  if (sector !== null) return `${sector[1]}-${sector[2]}`
  const digits = /^(\d)-digit/.exec(group)?.[1]
  const code = digits === undefined ? naics.replace(/0+$/, '') : naics.slice(0, Number(digits))
  if (!/^[0-9]{2,6}$/.test(code)) throw row.error('NAICS', 'not a NAICS code')
  return group === 'sector' ? code.slice(0, 2) : code
}

function areaOf (row: Row): { code: string, name: string, kind: AreaKind } {
  if (!row.has('AREA')) return { code: 'US', name: 'United States', kind: 'national' }
  const type = row.text('AREA_TYPE')
  const kind = AREA_KINDS[type]
  if (kind === undefined) throw row.error('AREA_TYPE', 'expected 1, 2, 3, 4 or 6')
  if (kind === 'national') return { code: 'US', name: 'United States', kind }
  const area = row.text('AREA')
  if (!/^[0-9]{1,7}$/.test(area)) throw row.error('AREA', 'not an area code')
  return {
    code: kind === 'state' || kind === 'territory' ? area.padStart(2, '0') : area,
    name: row.text('AREA_TITLE'),
    kind,
  }
}

export async function importOews (context: ImportContext): Promise<void> {
  const { year, month } = periodOf(context.file, context.options.period)
  // OEWS moved to the 2018 SOC with the May 2019 estimates (hybrid codes until 2021).
  const socVersion: SocVersion = context.options.socVersion ?? (year >= 2019 ? 2018 : 2010)
  const top = await statedTopCode(context.file) ?? knownTopCode(year)
  const sourceId = await citeSource(context, {
    slug: `bls-oews-${year}-${String(month).padStart(2, '0')}`,
    publisher: 'U.S. Bureau of Labor Statistics',
    dataset: 'Occupational Employment and Wage Statistics',
    referencePeriod: `${MONTHS[month - 1]} ${year}`,
    url: 'https://www.bls.gov/oes/',
  })

  const wages = new Map<string, Insertable<WageEstimateTable> & { row: number }>()
  const areas = new Map<string, { code: string, name: string, kind: AreaKind }>()
  const industries = new Map<string, { code: string, title: string }>()
  const careers = new Map<string, string>()
  const spec = {
    required: ['OCC_CODE', 'OCC_TITLE', 'TOT_EMP', 'A_MEAN'],
    sheet: (name: string) => !/field descriptions|updatetime|filler/i.test(name),
  }
  for await (const row of readTable(context.file, spec)) {
    rowRead(context)
    const group = (row.optionalText('O_GROUP') ?? row.optionalText('OCC_GROUP') ?? '').toLowerCase()
    const code = socCode(row, 'OCC_CODE')
    if (group !== 'detailed' && !(group === '' && isDetailedSoc(code))) {
      context.summary.skip(`aggregate rows (${group || 'no level'}): not an occupation of its own`)
      continue
    }
    const area = areaOf(row)
    areas.set(area.code, area)
    const industry = industryCode(row)
    if (industry !== null) industries.set(industry, { code: industry, title: row.text('NAICS_TITLE') })

    const flags: WageFlags = {}
    const employment = figure(row, 'TOT_EMP')
    if (employment.marker !== null) flags.employment = employment.marker
    const values: Partial<Record<WageFigure, number | null>> = {}
    for (const [name, column] of FIGURE_COLUMNS) {
      const { value, marker } = figure(row, column)
      values[name] = value
      if (marker === null) continue
      flags[name] = marker
      if (marker === '#') {
        if (top === null) throw row.error(column, `the top-coded floor for ${year} is unknown; the file states none`)
        values[name] = name.startsWith('hourly') ? top.hourly : top.annual
      }
    }
    const key = `${code}|${area.code}|${industry ?? ''}`
    const earlier = wages.get(key)
    if (earlier !== undefined) {
      throw row.error('OCC_CODE', `the same occupation, area and industry as row ${earlier.row}`)
    }
    const prse = figure(row, 'EMP_PRSE').value
    wages.set(key, {
      row: row.number,
      soc_version: socVersion,
      soc_code: code,
      occupation_title: row.text('OCC_TITLE'),
      period_year: year,
      period_month: month,
      area_code: area.code,
      industry_code: industry,
      employment: employment.value === null ? null : Math.round(employment.value),
      employment_rse: prse,
      hourly_mean: values.hourly_mean ?? null,
      hourly_p10: values.hourly_p10 ?? null,
      hourly_p25: values.hourly_p25 ?? null,
      hourly_median: values.hourly_median ?? null,
      hourly_p75: values.hourly_p75 ?? null,
      hourly_p90: values.hourly_p90 ?? null,
      annual_mean: roundOrNull(values.annual_mean),
      annual_p10: roundOrNull(values.annual_p10),
      annual_p25: roundOrNull(values.annual_p25),
      annual_median: roundOrNull(values.annual_median),
      annual_p75: roundOrNull(values.annual_p75),
      annual_p90: roundOrNull(values.annual_p90),
      annual_only: flag(row.cell('ANNUAL')),
      hourly_only: flag(row.cell('HOURLY')),
      flags: JSON.stringify(sortKeys(flags)),
      source_id: sourceId,
    })
    if (socVersion === 2018 && isDetailedSoc(code)) careers.set(code, row.text('OCC_TITLE'))
  }

  const db = context.db
  await db.insertInto('area').values([...areas.values()]).onConflict((oc) => oc.doNothing()).execute()
  if (industries.size > 0) {
    await db.insertInto('industry').values([...industries.values()]).onConflict((oc) => oc.doNothing()).execute()
  }
  if (socVersion === 2018) {
    await ensureCareers(db, [...careers].map(([code, title]) => ({ socCode: code, title })), sourceId, context.summary)
  }
  const rows = [...wages.values()].map(({ row: _row, ...wage }) => wage)
  context.summary.add('wage_estimate', await upsertRows(db, 'wage_estimate', rows, {
    key: ['soc_version', 'soc_code', 'period_year', 'period_month', 'area_code', 'industry_code'],
    update: [
      'occupation_title', 'employment', 'employment_rse',
      ...FIGURE_COLUMNS.map(([name]) => name), 'annual_only', 'hourly_only', 'flags', 'source_id',
    ],
  }))
}

function roundOrNull (value: number | null | undefined): number | null {
  return value === null || value === undefined ? null : Math.round(value)
}

/** Stable JSON, so an unchanged row compares equal. */
function sortKeys (flags: WageFlags): WageFlags {
  return Object.fromEntries(Object.entries(flags).sort(([a], [b]) => a.localeCompare(b))) as WageFlags
}
