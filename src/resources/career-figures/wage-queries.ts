// Wage estimates as published, shaped for the API.
import { sql, type Selectable, type SqlBool } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { FootnoteCode, SourceTable, WageEstimateTable, WageFigure } from '../../db/schema.js'
import { fingerprint, readCursor, toPage } from '../../http/cursor.js'
import type { Footnote, SalaryQuery, WageEstimate, WageEstimateList } from './wage-schemas.js'
import { requireArea, requireIndustry } from '../code-lists/queries.js'
import { notPublishedFor, ownCodeFirst, publishedAs, publishedUnder, type SocOf } from './published-codes.js'
import { toSource } from '../../schemas/source-shape.js'
import type { Operand, Queryable } from '../../db/queryable.js'

export type WageEstimateBody = Static<typeof WageEstimate>
type FootnoteBody = Static<typeof Footnote>

export const MONTHS = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
]

export const FOOTNOTE_MEANING: Record<FootnoteCode, FootnoteBody['meaning']> = {
  '#': 'at-or-above',
  '*': 'not-available',
  '**': 'employment-not-available',
  '~': 'few-establishments',
}

type WageRow = Selectable<WageEstimateTable> & {
  published_as: 'occupation' | 'group'
  area_name: string
  industry_title: string | null
  source: Selectable<SourceTable>
}

function footnotes (flags: WageRow['flags']): FootnoteBody[] {
  return Object.entries(flags).map(([figure, code]) => ({
    field: figure.replace('_', '.') as FootnoteBody['field'],
    code: code as FootnoteCode,
    meaning: FOOTNOTE_MEANING[code as FootnoteCode],
  }))
}

type Figures = WageEstimateBody['annual']
type FigureName = keyof Figures['atLeast']

/**
 * One unit's figures. A top-coded figure (footnote `#`) is stored as the floor the source
 * published; it is served as null, the floor under `atLeast`, so that it never passes for
 * the value (a $239,200 "median"). Every route serving wages maps them here.
 */
function figures (row: WageRow, unit: 'annual' | 'hourly'): Figures {
  const atLeast: Figures['atLeast'] = {}
  const pick = (name: FigureName): number | null => {
    const column: WageFigure = `${unit}_${name}`
    const value = row[column]
    if (row.flags[column] !== '#') return value
    if (value !== null) atLeast[name] = value
    return null
  }
  return {
    mean: pick('mean'), p10: pick('p10'), p25: pick('p25'), median: pick('median'), p75: pick('p75'), p90: pick('p90'),
    atLeast,
  }
}

export function toWageEstimate (row: WageRow): WageEstimateBody {
  return {
    socCode: row.soc_code,
    socVersion: row.soc_version,
    occupationTitle: row.occupation_title,
    publishedAs: row.published_as,
    period: `${row.period_year}-${String(row.period_month).padStart(2, '0')}`,
    periodLabel: `${MONTHS[row.period_month - 1] ?? ''} ${row.period_year}`,
    area: { code: row.area_code, name: row.area_name },
    industry: row.industry_code === null ? null : { code: row.industry_code, title: row.industry_title ?? '' },
    employment: row.employment,
    currency: 'USD',
    annual: figures(row, 'annual'),
    hourly: figures(row, 'hourly'),
    footnotes: footnotes(row.flags),
    source: toSource(row.source),
  }
}

/** Wage estimates published for a career's SOC codes, with their area, industry and source. */
export function wagesQuery (db: Queryable, soc2018: SocOf) {
  return db.selectFrom('wage_estimate as w')
    .innerJoin('area as a', 'a.code', 'w.area_code')
    .leftJoin('industry as i', 'i.code', 'w.industry_code')
    .innerJoin('source as s', 's.id', 'w.source_id')
    .selectAll('w')
    .select(['a.name as area_name', 'i.title as industry_title'])
    .select((eb) => publishedAs(eb.ref('w.soc_version'), eb.ref('w.soc_code'), soc2018).as('published_as'))
    .select(sql<Selectable<SourceTable>>`to_jsonb(s)`.as('source'))
    .where((eb) => publishedUnder(eb.ref('w.soc_version'), eb.ref('w.soc_code'), soc2018))
}

/** The latest all-industries estimate for a career in an area, as a query (the profile nests it). */
/** The newest all-industries estimate in the area; with `year`, the newest of that reference year. */
export function latestWageQuery (db: Queryable, soc2018: SocOf, area: Operand<string>, year?: number) {
  let query = wagesQuery(db, soc2018)
  if (year !== undefined) query = query.where('w.period_year', '=', year)
  return query
    .where('w.area_code', '=', area)
    .where('w.industry_code', 'is', null)
    .orderBy('w.period_year', 'desc')
    .orderBy('w.period_month', 'desc')
    .orderBy('w.soc_version', 'desc')
    .orderBy((eb) => ownCodeFirst(eb.ref('w.soc_code'), soc2018))
    .orderBy('w.soc_code')
    .limit(1)
}

export type SalaryParams = Static<typeof SalaryQuery>

// Newest period first, the all-industries estimate before each industry's, the SOC 2018
// code before the 2010 codes it replaced. Descending parts are negated so that one row
// comparison continues a page. With the area fixed, the key is unique.
const newestPeriod = sql`-(w.period_year * 100 + w.period_month)`
const industryKey = sql`coalesce(w.industry_code, '')`
const salaryKey = sql<[number, string, number, string]>`(${newestPeriod}, ${industryKey}, -w.soc_version, w.soc_code)`

/** A career's wage estimates in one area, filtered by year and industry, a page at a time. */
export async function careerWages (
  db: Queryable, soc2018: string | null, params: SalaryParams,
): Promise<Static<typeof WageEstimateList>> {
  const page = await wagePage(db, soc2018, params)
  return { ...page, notPublished: notPublishedFor(soc2018) }
}

async function wagePage (
  db: Queryable, soc2018: string | null, params: SalaryParams,
): Promise<{ data: WageEstimateBody[], nextCursor: string | null }> {
  const area = params.area.toUpperCase()
  const print = fingerprint(['salaries', soc2018, params.year ?? null, area, params.industry ?? null])
  const after = readCursor(params.cursor, print, ['number', 'string', 'number', 'string'])
  await requireArea(db, area)
  if (params.industry !== undefined && params.industry !== 'any') await requireIndustry(db, params.industry)
  if (soc2018 === null) return { data: [], nextCursor: null }

  let query = wagesQuery(db, soc2018).where('w.area_code', '=', area)
  if (params.year !== undefined) query = query.where('w.period_year', '=', params.year)
  if (params.industry === undefined) query = query.where('w.industry_code', 'is', null)
  else if (params.industry !== 'any') query = query.where('w.industry_code', '=', params.industry)
  if (after !== null) {
    const [period, industry, version, code] = after as [number, string, number, string]
    query = query.where(sql<SqlBool>`${salaryKey} > (${-period}, ${industry}, ${-version}, ${code})`)
  }
  const rows = await query
    .orderBy('w.period_year', 'desc')
    .orderBy('w.period_month', 'desc')
    .orderBy(sql`coalesce(w.industry_code, '')`)
    .orderBy('w.soc_version', 'desc')
    .orderBy('w.soc_code')
    .limit(params.limit + 1)
    .execute()
  const keyOf = (row: WageRow): [number, string, number, string] =>
    [row.period_year * 100 + row.period_month, row.industry_code ?? '', row.soc_version, row.soc_code]
  return toPage(rows, params.limit, print, keyOf, toWageEstimate)
}
