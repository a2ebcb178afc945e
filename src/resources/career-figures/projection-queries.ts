// Projections with the outlook descriptor their own cycle's bands give them.
import { sql, type Selectable } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { ProjectionTable, SocVersion, SourceTable } from '../../db/schema.js'
import type { Projection, ProjectionList } from './projection-schemas.js'
import { notPublishedFor, ownCodeFirst, publishedAs, publishedUnder, type SocOf } from './published-codes.js'
import { toSource } from '../../schemas/source-shape.js'
import type { Queryable } from '../../db/queryable.js'

export type ProjectionBody = Static<typeof Projection>

type ProjectionRow = Selectable<ProjectionTable> & {
  base_year: number
  target_year: number
  soc_version: SocVersion
  published_as: 'occupation' | 'group'
  descriptor: string | null
  banded: boolean
  source: Selectable<SourceTable>
}

/**
 * BLS publishes the wording bands (OOH "Much faster than average" and so on) with each cycle;
 * the project holds them as data where a citable source was found (2014–24, the seed's).
 * For a cycle without them the descriptor stays null rather than invented.
 */
export const NO_BANDS_BEFORE = 'No outlook descriptor: BLS\'s wording bands for the '
export const NO_BANDS_AFTER = ' cycle are not on record here from a citable source, and the project does not ' +
  'invent them. Compare changePercent with the all-occupations average EP publishes for the cycle (its Table 1.1).'

function noBandsNote (baseYear: number, targetYear: number): string {
  return `${NO_BANDS_BEFORE}${baseYear}–${String(targetYear).slice(-2)}${NO_BANDS_AFTER}`
}

export function toProjection (row: ProjectionRow): ProjectionBody {
  return {
    socCode: row.soc_code,
    socVersion: row.soc_version,
    occupationTitle: row.occupation_title,
    publishedAs: row.published_as,
    baseYear: row.base_year,
    targetYear: row.target_year,
    baseEmployment: row.base_employment,
    projectedEmployment: row.projected_employment,
    changeNumeric: row.change_numeric,
    changePercent: row.change_percent,
    annualOpenings: row.annual_openings,
    typicalEducation: row.typical_education,
    workExperience: row.work_experience,
    onTheJobTraining: row.on_the_job_training,
    percentSelfEmployed: row.percent_self_employed,
    descriptor: row.descriptor,
    descriptorNote: row.banded ? null : noBandsNote(row.base_year, row.target_year),
    source: toSource(row.source),
  }
}

/** The wording band of projection `p`'s percent change under its own cycle's bands. */
export const descriptorOfP = sql<string | null>`(
  select b.descriptor from projection_band b
  where b.cycle_id = p.cycle_id and b.min_percent <= p.change_percent
  order by b.min_percent desc limit 1
)`

/** Every cycle's projection for a career's SOC codes, newest cycle first. */
export function projectionsQuery (db: Queryable, soc2018: SocOf) {
  return db.selectFrom('projection as p')
    .innerJoin('projection_cycle as pc', 'pc.id', 'p.cycle_id')
    .innerJoin('source as s', 's.id', 'p.source_id')
    .selectAll('p')
    .select(['pc.base_year', 'pc.target_year', 'pc.soc_version'])
    .select((eb) => publishedAs(eb.ref('pc.soc_version'), eb.ref('p.soc_code'), soc2018).as('published_as'))
    .select(descriptorOfP.as('descriptor'))
    .select(sql<boolean>`exists (select 1 from projection_band b where b.cycle_id = p.cycle_id)`.as('banded'))
    .select(sql<Selectable<SourceTable>>`to_jsonb(s)`.as('source'))
    .where((eb) => publishedUnder(eb.ref('pc.soc_version'), eb.ref('p.soc_code'), soc2018))
    .orderBy('pc.base_year', 'desc')
    .orderBy((eb) => ownCodeFirst(eb.ref('p.soc_code'), soc2018))
    .orderBy('p.soc_code')
}

/** Every cycle's projection for a career, newest cycle first; none for a career without a SOC code. */
export async function careerProjections (
  db: Queryable, soc2018: string | null,
): Promise<Static<typeof ProjectionList>> {
  if (soc2018 === null) return { data: [], notPublished: notPublishedFor(null) }
  const rows = await projectionsQuery(db, soc2018).execute()
  return { data: rows.map(toProjection), notPublished: notPublishedFor(soc2018) }
}
