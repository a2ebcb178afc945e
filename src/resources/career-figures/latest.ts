// The latest national figures of every SOC 2018 code, kept in soc_latest_figures (migration
// 20261202T0900 says why they are stored). Every write of figures calls refreshLatestFigures
// in its transaction; the rule is the profile's: the newest all-industries national wage
// estimate and the newest projection the code is published under (its own code first).
import { sql, type Expression, type RawBuilder } from 'kysely'
import type { Queryable } from '../../db/queryable.js'
import { ownCodeFirst, publishedAs, publishedUnder } from './published-codes.js'
import { descriptorOfP } from './projection-queries.js'

function latestWage (db: Queryable, soc: Expression<string>) {
  return db.selectFrom('wage_estimate as w')
    .select(['w.annual_median', 'w.period_year', 'w.period_month', 'w.employment'])
    .select(sql<boolean>`coalesce(w.flags->>'annual_median' = '#', false)`.as('top_coded'))
    .select((eb) => publishedAs(eb.ref('w.soc_version'), eb.ref('w.soc_code'), soc).as('published_as'))
    .where('w.area_code', '=', 'US')
    .where('w.industry_code', 'is', null)
    .where((eb) => publishedUnder(eb.ref('w.soc_version'), eb.ref('w.soc_code'), soc))
    .orderBy('w.period_year', 'desc')
    .orderBy('w.period_month', 'desc')
    .orderBy('w.soc_version', 'desc')
    .orderBy((eb) => ownCodeFirst(eb.ref('w.soc_code'), soc))
    .orderBy('w.soc_code')
    .limit(1)
}

function latestGrowth (db: Queryable, soc: Expression<string>) {
  return db.selectFrom('projection as p')
    .innerJoin('projection_cycle as pc', 'pc.id', 'p.cycle_id')
    .select(['p.change_percent', 'p.annual_openings', 'pc.base_year', 'pc.target_year'])
    .select((eb) => publishedAs(eb.ref('pc.soc_version'), eb.ref('p.soc_code'), soc).as('published_as'))
    .select(descriptorOfP.as('descriptor'))
    .where((eb) => publishedUnder(eb.ref('pc.soc_version'), eb.ref('p.soc_code'), soc))
    .orderBy('pc.base_year', 'desc')
    .orderBy((eb) => ownCodeFirst(eb.ref('p.soc_code'), soc))
    .orderBy('p.soc_code')
    .limit(1)
}

/** Every SOC 2018 code that can have figures: its own, a group's it is published within, or a 2010 code's. */
function codesWithFigures (db: Queryable) {
  return db.selectFrom('wage_estimate').select('soc_code').where('soc_version', '=', 2018)
    .union(db.selectFrom('projection as p').innerJoin('projection_cycle as pc', 'pc.id', 'p.cycle_id')
      .select('p.soc_code').where('pc.soc_version', '=', 2018))
    .union(db.selectFrom('soc_published_group').select('soc2018 as soc_code'))
    .union(db.selectFrom('soc_crosswalk').select('soc2018 as soc_code'))
}

const COLUMNS = [
  'soc_code', 'median_annual', 'median_top_coded', 'wage_period_year', 'wage_period_month', 'employment',
  'wage_published_as', 'change_percent', 'annual_openings', 'base_year', 'target_year', 'descriptor',
  'growth_published_as',
] as const

/**
 * Brings soc_latest_figures to the figures now in the database (about 0.1 s for the national
 * data), writing only what differs: a row for a code that gained figures, a changed row, the
 * removal of a code that lost them. Every import file calls it, most of them (O*NET, CIP)
 * changing no figure; rewriting the whole table each time left ~20k dead row versions in it
 * and ~40k in career_list_key, whose triggers follow it, after one `import all`.
 */
export async function refreshLatestFigures (trx: Queryable): Promise<void> {
  const soc = sql.ref<string>('k.soc_code')
  // Its columns in COLUMNS' order: the CTE below names them by position.
  const fresh = trx.selectFrom(codesWithFigures(trx).as('k'))
    .leftJoinLateral(latestWage(trx, soc).as('w'), (join) => join.onTrue())
    .leftJoinLateral(latestGrowth(trx, soc).as('g'), (join) => join.onTrue())
    .select([
      'k.soc_code', 'w.annual_median', sql<boolean>`coalesce(w.top_coded, false)`.as('median_top_coded'),
      'w.period_year', 'w.period_month', 'w.employment', 'w.published_as', 'g.change_percent',
      'g.annual_openings', 'g.base_year', 'g.target_year', 'g.descriptor', 'g.published_as as growth_published_as',
    ])
    .where((eb) => eb.or([eb('w.period_year', 'is not', null), eb('g.base_year', 'is not', null)]))
  const columns = sql.join(COLUMNS.map((column) => sql.id(column)))
  const kept = (table: string): RawBuilder<unknown> => sql.join(COLUMNS.map((column) => sql.ref(`${table}.${column}`)))
  // The removal's codes are disjoint from the upsert's, so the two writes never meet on a row.
  await sql`with fresh (${columns}) as (${fresh}),
    gone as (delete from soc_latest_figures l where not exists (select 1 from fresh where fresh.soc_code = l.soc_code))
    insert into soc_latest_figures (${columns}) select ${columns} from fresh
    on conflict (soc_code) do update set (${columns}) = (${kept('excluded')})
    where (${kept('soc_latest_figures')}) is distinct from (${kept('excluded')})`.execute(trx)
}
