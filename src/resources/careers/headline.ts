// The headline figures of a career as a card or a list row shows them: typical entry
// education, latest national median annual wage, latest growth with its descriptor, read
// from soc_latest_figures (src/resources/career-figures/latest.ts) by the career's code.
import { sql, type Selectable } from 'kysely'
import { jsonObjectFrom } from 'kysely/helpers/postgres'
import type { Static } from '@sinclair/typebox'
import type { EducationCode, SocLatestFiguresTable } from '../../db/schema.js'
import type { Queryable } from '../../db/queryable.js'
import type { Headline } from './schemas.js'

export type HeadlineBody = Static<typeof Headline>
type Figures = Selectable<SocLatestFiguresTable>

/** The headline's parts as JSON columns of a query over `career as c`. */
export function headlineSelections (db: Queryable) {
  return [
    jsonObjectFrom(db.selectFrom('education_level as e').select(['e.code', 'e.label'])
      .where('e.code', '=', sql.ref<EducationCode>('c.typical_education'))).as('headline_education'),
    jsonObjectFrom(db.selectFrom('soc_latest_figures as f').selectAll('f')
      .where('f.soc_code', '=', sql.ref<string>('c.soc_code'))).as('headline_figures'),
  ] as const
}

export interface HeadlineColumns {
  soc_code: string | null
  headline_education: { code: EducationCode, label: string } | null
  headline_figures: Figures | null
}

/** A top-coded median is no value: it is served as its floor (`atLeast`), the value null. */
export function toHeadline (row: HeadlineColumns): HeadlineBody {
  const figures = row.soc_code === null ? null : row.headline_figures
  return { typicalEducation: row.headline_education, ...headlineFigures(figures) }
}

/** The figures part of a headline from a soc_latest_figures row (null: none published). */
export function headlineFigures (f: Figures | null): Omit<HeadlineBody, 'typicalEducation'> {
  return {
    medianAnnualWage: f === null || f.wage_period_year === null || f.wage_published_as === null
      ? null
      : {
          value: f.median_top_coded ? null : f.median_annual,
          atLeast: f.median_top_coded ? f.median_annual : null,
          period: `${f.wage_period_year}-${String(f.wage_period_month ?? 0).padStart(2, '0')}`,
          publishedAs: f.wage_published_as,
        },
    employment: f?.employment ?? null,
    growth: f === null || f.base_year === null || f.target_year === null || f.growth_published_as === null
      ? null
      : {
          percent: f.change_percent,
          baseYear: f.base_year,
          targetYear: f.target_year,
          descriptor: f.descriptor,
          publishedAs: f.growth_published_as,
        },
  }
}
