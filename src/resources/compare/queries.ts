// Careers side by side: the columns of the reference page's chart, in the order asked for.
import { sql } from 'kysely'
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres'
import type { Static } from '@sinclair/typebox'
import { queryTemplate } from '../../db/query-template.js'
import { errors } from '../../errors.js'
import type { Source } from '../../schemas/common.js'
import type { ComparedCareer, Comparison } from './schemas.js'
import {
  degreeRequired, educationQuery, keyInputs, keyedCareerQuery, licensureOf, oohQuery, type KeyInputs,
} from '../careers/queries.js'
import { requireArea } from '../code-lists/queries.js'
import { careerCredentialsQuery, toCareerCredential } from '../credentials/queries.js'
import { careerFieldCipsQuery, crosswalkFieldsQuery, toCareerFieldsOfStudy } from '../fields-of-study/queries.js'
import { projectionsQuery, toProjection } from '../career-figures/projection-queries.js'
import type { Queryable } from '../../db/queryable.js'
import { cycleOf } from '../career-figures/period-queries.js'
import { noticesOf, sourcesWithNotice } from '../careers/attributions.js'
import {
  interestScoresQuery, topTechnologiesQuery, toWorkSummary, workSourceIdsQuery,
} from '../career-work/queries.js'
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

/** The id of the projection cycle `YYYY-YYYY` a query parameter names, or an error naming `cycle`. */
async function requireCycle (db: Queryable, cycle: string): Promise<number> {
  const found = await cycleOf(db, cycle)
  if (found === undefined) throw errors.unknownCycle('cycle', cycle)
  return found.id
}

interface ColumnInputs extends KeyInputs {
  area: string
  /** Absent without a filter on them: each combination is a template of its own. */
  year?: number
  cycleId?: number
}

/**
 * One career's column in one statement: the career its key names, and its parts as JSON
 * subqueries on its columns. No row when no career has the key.
 */
function columnQuery (db: Queryable, input: ColumnInputs) {
  const { area, year, cycleId, ...key } = input
  return db.selectFrom(keyedCareerQuery(db, key).as('keyed')).selectAll('keyed').select((eb) => {
    const careerId = eb.ref('keyed.id')
    // '' for a career without a code: no row has it.
    const soc = sql<string>`coalesce(keyed.soc_code, '')`
    const outlook = projectionsQuery(db, soc)
    return [
      jsonObjectFrom(educationQuery(db, eb.ref('keyed.typical_education'))).as('education'),
      jsonArrayFrom(careerCredentialsQuery(db, careerId)).as('credentials'),
      jsonObjectFrom(latestWageQuery(db, soc, area, year)).as('wage'),
      jsonObjectFrom((cycleId === undefined ? outlook : outlook.where('p.cycle_id', '=', cycleId)).limit(1))
        .as('outlook'),
      jsonArrayFrom(careerFieldCipsQuery(db, careerId)).as('field_cips'),
      jsonArrayFrom(crosswalkFieldsQuery(db, soc)).as('crosswalk_fields'),
      jsonObjectFrom(interestScoresQuery(db, careerId)).as('interests'),
      jsonArrayFrom(topTechnologiesQuery(db, careerId)).as('top_technologies'),
      jsonArrayFrom(sourcesWithNotice(db)
        .where('id', 'in', workSourceIdsQuery(db, careerId, ['career_technology_skill', 'career_interest'])))
        .as('notices'),
      jsonObjectFrom(oohQuery(db, soc)).as('ooh'),
    ]
  })
}

// Built once per shape: key kind, with or without a year, with or without a cycle (query-template.ts).
const columnParts = queryTemplate(columnQuery)

type ColumnRow = Awaited<ReturnType<typeof columnParts.execute>>[number]

interface Column {
  id: number
  column: Static<typeof ComparedCareer>
  notices: Array<Static<typeof Source>>
}

/** The column of the career a key names; undefined when none has it. */
async function column (
  db: Queryable, key: string, area: string, year: number | undefined, cycleId: number | undefined,
): Promise<Column | undefined> {
  const [parts] = await columnParts.execute(db, { ...keyInputs(key), area, year, cycleId })
  return parts === undefined ? undefined : toColumn(parts)
}

function toColumn (parts: ColumnRow): Column {
  const career = parts
  const soc = career.soc_code
  const education = career.typical_education
  const credentials = parts.credentials.map(toCareerCredential)
  const compared: Static<typeof ComparedCareer> = {
    career: { id: career.id, slug: career.slug, title: career.title, socCode: career.soc_code },
    typicalEducation: education === null ? null : parts.education,
    ...degreeRequired(career.degree_required, education === null ? null : parts.education?.label ?? null),
    ...toCareerFieldsOfStudy(career.fields_of_study, parts.field_cips, parts.crosswalk_fields),
    ...licensureOf(career.licensure, credentials),
    credentials,
    jobZone: career.job_zone,
    work: toWorkSummary(parts.interests, parts.top_technologies),
    ooh: parts.ooh,
    outlook: soc === null || parts.outlook === null ? null : toProjection(parts.outlook),
    wage: soc === null || parts.wage === null ? null : toWageEstimate(parts.wage),
  }
  return { id: career.id, column: compared, notices: noticesOf(parts.notices) }
}

export async function compareCareers (
  db: Queryable, params: { careers: string, area: string, year?: number, cycle?: string },
): Promise<ComparisonBody> {
  const keys = parseCareerKeys(params.careers)
  const area = await requireArea(db, params.area)
  const cycleId = params.cycle === undefined ? undefined : await requireCycle(db, params.cycle)
  const found = await Promise.all(keys.map((key) => column(db, key, area.code, params.year, cycleId)))
  const unknown = keys.filter((_key, i) => found[i] === undefined)
  if (unknown.length > 0) throw errors.careerNotFound(...unknown)
  const built = found.filter((entry): entry is Column => entry !== undefined)
  // Two keys may name one career (its slug and its SOC code): that is still a duplicate.
  if (new Set(built.map((entry) => entry.id)).size < built.length) throw errors.comparedCareerTwice('careers')

  const sources = new Map<string, Static<typeof Source>>()
  for (const { column: compared, notices } of built) {
    for (const source of [compared.outlook?.source, compared.wage?.source, ...notices]) {
      if (source !== undefined && !sources.has(source.slug)) sources.set(source.slug, source)
    }
  }
  return { area, careers: built.map((entry) => entry.column), sources: [...sources.values()] }
}
