// Careers side by side: the columns of the reference page's chart, in the order asked for.
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres'
import type { Static } from '@sinclair/typebox'
import type { CareerRow } from '../../db/schema.js'
import { errors } from '../../errors.js'
import type { Source } from '../../schemas/common.js'
import type { ComparedCareer, Comparison } from './schemas.js'
import { degreeRequired, findCareer } from '../careers/queries.js'
import { requireArea } from '../code-lists/queries.js'
import { careerCredentialsQuery, toCareerCredential } from '../credentials/queries.js'
import { careerFieldCipsQuery, toCareerFieldsOfStudy } from '../fields-of-study/queries.js'
import { projectionsQuery, toProjection } from '../career-figures/projection-queries.js'
import type { Queryable } from '../../db/queryable.js'
import { latestWageQuery, toWageEstimate } from '../career-figures/wage-queries.js'

export type ComparisonBody = Static<typeof Comparison>

export const MIN_COMPARED = 2
export const MAX_COMPARED = 5

/** Splits `a,b,c` into keys, or an error naming `careers` and what is wrong. */
export function parseCareerKeys (list: string): string[] {
  const keys = list.split(',').map((key) => key.trim())
  if (keys.some((key) => key === '')) throw errors.comparedKeyEmpty('careers')
  if (keys.length < MIN_COMPARED || keys.length > MAX_COMPARED) {
    throw errors.comparedCount('careers', MIN_COMPARED, MAX_COMPARED, keys.length)
  }
  const seen = new Set<string>()
  for (const key of keys) {
    if (seen.has(key.toLowerCase())) throw errors.comparedKeyTwice('careers', key)
    seen.add(key.toLowerCase())
  }
  return keys
}

/** One career's column in one statement: its parts nest as JSON subqueries. */
async function column (
  db: Queryable, career: CareerRow, area: string, year: number | undefined,
): Promise<Static<typeof ComparedCareer>> {
  const soc = career.soc_code
  const education = career.typical_education
  const parts = await db.selectNoFrom((eb) => [
    jsonObjectFrom(eb.selectFrom('education_level').select(['code', 'label']).where('code', '=', education ?? ''))
      .as('education'),
    jsonArrayFrom(careerCredentialsQuery(db, career.id)).as('credentials'),
    jsonObjectFrom(latestWageQuery(db, soc ?? '', area, year)).as('wage'),
    jsonObjectFrom(projectionsQuery(db, soc ?? '').limit(1)).as('outlook'),
    jsonArrayFrom(careerFieldCipsQuery(db, career.id)).as('field_cips'),
  ]).executeTakeFirstOrThrow()
  return {
    career: { id: career.id, slug: career.slug, title: career.title, socCode: career.soc_code },
    typicalEducation: education === null ? null : parts.education,
    ...degreeRequired(career.degree_required, education === null ? null : parts.education?.label ?? null),
    fieldsOfStudy: toCareerFieldsOfStudy(career.fields_of_study, parts.field_cips),
    licensure: career.licensure,
    credentials: parts.credentials.map(toCareerCredential),
    outlook: soc === null || parts.outlook === null ? null : toProjection(parts.outlook),
    wage: soc === null || parts.wage === null ? null : toWageEstimate(parts.wage),
  }
}

export async function compareCareers (
  db: Queryable, params: { careers: string, area: string, year?: number },
): Promise<ComparisonBody> {
  const keys = parseCareerKeys(params.careers)
  const area = await requireArea(db, params.area)
  const found = await Promise.all(keys.map((key) => findCareer(db, key)))
  const unknown = keys.filter((_key, i) => found[i] === undefined)
  if (unknown.length > 0) throw errors.careerNotFound(...unknown)
  const careers = found.filter((career): career is CareerRow => career !== undefined)
  // Two keys may name one career (its slug and its SOC code): that is still a duplicate.
  const ids = new Set(careers.map((career) => career.id))
  if (ids.size < careers.length) throw errors.comparedCareerTwice('careers')

  const columns = await Promise.all(careers.map((career) => column(db, career, area.code, params.year)))
  const sources = new Map<string, Static<typeof Source>>()
  for (const compared of columns) {
    for (const source of [compared.outlook?.source, compared.wage?.source]) {
      if (source !== undefined && !sources.has(source.slug)) sources.set(source.slug, source)
    }
  }
  return { area, careers: columns, sources: [...sources.values()] }
}
