// The headline figures of a career as a card or a list row shows them: typical entry
// education, latest national median annual wage, latest growth with its descriptor. Built
// as correlated subqueries on an outer `c` (a career row), so that a list of careers reads
// them in the same statement.
import { sql } from 'kysely'
import { jsonObjectFrom } from 'kysely/helpers/postgres'
import type { Static } from '@sinclair/typebox'
import type { Queryable } from '../../db/queryable.js'
import { ownCodeFirst, publishedAs, publishedUnder } from '../career-figures/published-codes.js'
import type { Headline } from './schemas.js'

export type HeadlineBody = Static<typeof Headline>

const outerSoc = sql.ref<string>('c.soc_code')

function latestMedianQuery (db: Queryable) {
  return db.selectFrom('wage_estimate as w')
    .select(['w.annual_median', 'w.period_year', 'w.period_month', 'w.employment'])
    .select(sql<boolean>`coalesce(w.flags->>'annual_median' = '#', false)`.as('top_coded'))
    .select((eb) => publishedAs(eb.ref('w.soc_version'), eb.ref('w.soc_code'), outerSoc).as('published_as'))
    .where('w.area_code', '=', 'US')
    .where('w.industry_code', 'is', null)
    .where((eb) => publishedUnder(eb.ref('w.soc_version'), eb.ref('w.soc_code'), outerSoc))
    .orderBy('w.period_year', 'desc')
    .orderBy('w.period_month', 'desc')
    .orderBy('w.soc_version', 'desc')
    .orderBy((eb) => ownCodeFirst(eb.ref('w.soc_code'), outerSoc))
    .orderBy('w.soc_code')
    .limit(1)
}

function latestGrowthQuery (db: Queryable) {
  return db.selectFrom('projection as p')
    .innerJoin('projection_cycle as pc', 'pc.id', 'p.cycle_id')
    .select(['p.change_percent', 'pc.base_year', 'pc.target_year'])
    .select((eb) => publishedAs(eb.ref('pc.soc_version'), eb.ref('p.soc_code'), outerSoc).as('published_as'))
    .select(sql<string | null>`(
      select b.descriptor from projection_band b
      where b.cycle_id = p.cycle_id and b.min_percent <= p.change_percent
      order by b.min_percent desc limit 1
    )`.as('descriptor'))
    .where((eb) => publishedUnder(eb.ref('pc.soc_version'), eb.ref('p.soc_code'), outerSoc))
    .orderBy('pc.base_year', 'desc')
    .orderBy((eb) => ownCodeFirst(eb.ref('p.soc_code'), outerSoc))
    .orderBy('p.soc_code')
    .limit(1)
}

/** The headline's parts as JSON columns of a query over `career as c`. */
export function headlineSelections (db: Queryable) {
  return [
    jsonObjectFrom(db.selectFrom('education_level as e').select(['e.code', 'e.label'])
      .where('e.code', '=', sql.ref<string>('c.typical_education'))).as('headline_education'),
    jsonObjectFrom(latestMedianQuery(db)).as('headline_wage'),
    jsonObjectFrom(latestGrowthQuery(db)).as('headline_growth'),
  ] as const
}

type HeadlineWageRow = Awaited<ReturnType<ReturnType<typeof latestMedianQuery>['executeTakeFirstOrThrow']>>
type HeadlineGrowthRow = Awaited<ReturnType<ReturnType<typeof latestGrowthQuery>['executeTakeFirstOrThrow']>>

export interface HeadlineColumns {
  soc_code: string | null
  headline_education: { code: string, label: string } | null
  headline_wage: HeadlineWageRow | null
  headline_growth: HeadlineGrowthRow | null
}

/** A top-coded median is no value: it is served as its floor (`atLeast`), the value null. */
export function toHeadline (row: HeadlineColumns): HeadlineBody {
  const wage = row.soc_code === null ? null : row.headline_wage
  const growth = row.soc_code === null ? null : row.headline_growth
  return {
    typicalEducation: row.headline_education,
    medianAnnualWage: wage === null
      ? null
      : {
          value: wage.top_coded ? null : wage.annual_median,
          atLeast: wage.top_coded ? wage.annual_median : null,
          period: `${wage.period_year}-${String(wage.period_month).padStart(2, '0')}`,
          publishedAs: wage.published_as,
        },
    employment: wage?.employment ?? null,
    growth: growth === null
      ? null
      : {
          percent: growth.change_percent,
          baseYear: growth.base_year,
          targetYear: growth.target_year,
          descriptor: growth.descriptor,
          publishedAs: growth.published_as,
        },
  }
}
