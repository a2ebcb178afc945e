// Wage estimates as published, shaped for the API.
import { sql, type Selectable } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { FootnoteCode, SourceTable, WageEstimateTable, WageFigure } from '../db/schema.js'
import type { Footnote, WageEstimate } from '../schemas/wages.js'
import { publishedUnder } from './socCodes.js'
import { toSource } from './sourceShape.js'
import type { Queryable } from './sources.js'

export type WageEstimateBody = Static<typeof WageEstimate>
type FootnoteBody = Static<typeof Footnote>

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

const FOOTNOTE_MEANING: Record<FootnoteCode, FootnoteBody['meaning']> = {
  '#': 'at-or-above',
  '*': 'not-available',
  '**': 'employment-not-available',
  '~': 'few-establishments',
}

type WageRow = Selectable<WageEstimateTable> & {
  area_name: string
  industry_title: string | null
  source: Selectable<SourceTable>
}

function footnotes (flags: WageRow['flags']): FootnoteBody[] {
  return Object.entries(flags).map(([figure, code]) => ({
    field: figure.replace('_', '.'),
    code: code as FootnoteCode,
    meaning: FOOTNOTE_MEANING[code as FootnoteCode],
  }))
}

function figures (row: WageRow, unit: 'annual' | 'hourly'): WageEstimateBody['annual'] {
  const pick = (name: string): number | null => row[`${unit}_${name}` as WageFigure]
  return { mean: pick('mean'), p10: pick('p10'), p25: pick('p25'), median: pick('median'), p75: pick('p75'), p90: pick('p90') }
}

export function toWageEstimate (row: WageRow): WageEstimateBody {
  return {
    socCode: row.soc_code,
    socVersion: row.soc_version,
    occupationTitle: row.occupation_title,
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
export function wagesQuery (db: Queryable, soc2018: string) {
  return db.selectFrom('wage_estimate as w')
    .innerJoin('area as a', 'a.code', 'w.area_code')
    .leftJoin('industry as i', 'i.code', 'w.industry_code')
    .innerJoin('source as s', 's.id', 'w.source_id')
    .selectAll('w')
    .select(['a.name as area_name', 'i.title as industry_title'])
    .select(sql<Selectable<SourceTable>>`to_jsonb(s)`.as('source'))
    .where((eb) => publishedUnder(eb.ref('w.soc_version'), eb.ref('w.soc_code'), soc2018))
}

/** The latest national, all-industry estimate for a career, or null. */
export async function latestNationalWage (db: Queryable, soc2018: string): Promise<WageEstimateBody | null> {
  const row = await wagesQuery(db, soc2018)
    .where('w.area_code', '=', 'US')
    .where('w.industry_code', 'is', null)
    .orderBy('w.period_year', 'desc')
    .orderBy('w.period_month', 'desc')
    .orderBy('w.soc_version', 'desc')
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? null : toWageEstimate(row)
}
