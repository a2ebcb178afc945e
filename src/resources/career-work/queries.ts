// A career's O*NET work data, each list in one statement with the notices its sources
// require; and the subqueries a career profile nests for its `work` summary and `dutiesFrom`.
// Names are ordered ignoring case under the "C" collation, so PostgreSQL and the embedded
// database, whatever their locales, give one order.
import { sql, type Expression, type SqlBool } from 'kysely'
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres'
import type { Static } from '@sinclair/typebox'
import type { Operand, Queryable } from '../../db/queryable.js'
import { noticesOf, sourcesWithNotice } from '../careers/attributions.js'
import {
  riasec, type InterestProfile, type OnetRecord, type TechnologySkill, type TechnologySkillList, type WorkStyleList,
  type WorkSummary,
} from './schemas.js'

export type TechnologySkillListBody = Static<typeof TechnologySkillList>
export type InterestProfileBody = Static<typeof InterestProfile>
export type WorkStyleListBody = Static<typeof WorkStyleList>
export type WorkSummaryBody = Static<typeof WorkSummary>
type OnetRecordBody = Static<typeof OnetRecord>
type Example = Static<typeof TechnologySkill>['examples'][number]

/** By name ignoring case, then as written: the same order on every database. */
const byName = (column: string) => sql`lower(${sql.ref(column)}) collate "C", ${sql.ref(column)} collate "C"`

/**
 * A career's technology skills, one row per commodity: those with a hot example first, then
 * those with an in-demand one, then by commodity title; each commodity's examples hot first,
 * then in demand, then by name.
 */
export function technologySkillsQuery (db: Queryable, careerId: number) {
  return db.selectFrom('career_technology_skill as t')
    .where('t.career_id', '=', careerId)
    .groupBy(['t.commodity_code', 't.commodity_title'])
    .select([
      't.commodity_code',
      't.commodity_title',
      sql<boolean>`bool_or(t.hot)`.as('hot'),
      sql<boolean>`bool_or(t.in_demand)`.as('in_demand'),
      sql<Example[]>`json_agg(json_build_object('name', t.example, 'hot', t.hot, 'inDemand', t.in_demand)
        order by t.hot desc, t.in_demand desc, ${byName('t.example')})`.as('examples'),
    ])
    .orderBy(sql`bool_or(t.hot) desc, bool_or(t.in_demand) desc, ${byName('t.commodity_title')}, t.commodity_code`)
}

/**
 * The profile's top technologies: the first five commodities of technologySkillsQuery's
 * order that have a hot example, each with its first three hot examples in that order.
 */
export function topTechnologiesQuery (db: Queryable, careerId: Operand<number>) {
  return db.selectFrom('career_technology_skill as t')
    .where('t.career_id', '=', careerId)
    .groupBy(['t.commodity_code', 't.commodity_title'])
    .having(sql<SqlBool>`bool_or(t.hot)`)
    .select([
      't.commodity_code',
      't.commodity_title',
      sql<string[]>`(array_agg(t.example order by t.in_demand desc, ${byName('t.example')})
        filter (where t.hot))[1:3]`.as('examples'),
    ])
    .orderBy(sql`bool_or(t.in_demand) desc, ${byName('t.commodity_title')}, t.commodity_code`)
    .limit(5)
}

/** A career's six RIASEC scores, and the O*NET-SOC record they are from. */
export function interestScoresQuery (db: Queryable, careerId: Operand<number>) {
  return db.selectFrom('career_interest')
    .select(['realistic', 'investigative', 'artistic', 'social', 'enterprising', 'conventional', 'onet_soc_code'])
    .where('career_id', '=', careerId)
}

type InterestScores = Record<(typeof riasec)[number]['column'], number>

/**
 * The interest code: the letters of the three highest scores, highest first, a tie going
 * to the letter earlier in RIASEC order ("CSE"); null without scores.
 */
export function interestCode (scores: InterestScores | null): string | null {
  if (scores === null) return null
  return riasec.map((interest, order) => ({ letter: interest.letter, score: scores[interest.column], order }))
    .sort((a, b) => b.score - a.score || a.order - b.order)
    .slice(0, 3).map((interest) => interest.letter).join('')
}

/** A career's work styles, most important first, ties by element id. */
export function workStylesQuery (db: Queryable, careerId: number) {
  return db.selectFrom('career_work_style')
    .select(['element_id', 'name', 'importance'])
    .where('career_id', '=', careerId)
    .orderBy(sql`importance desc, element_id collate "C"`)
}

/**
 * The O*NET-SOC record a code names, with O*NET's title, when it is a specialty's: an
 * occupation's own (".00") record needs no mention, nor does a null code.
 */
export function specialtyRecordQuery (db: Queryable, code: Expression<string | null>) {
  return db.selectFrom(db.selectNoFrom(sql<string | null>`(${code})::text`.as('code')).as('r'))
    .leftJoin('onet_occupation as o', 'o.onet_soc_code', 'r.code')
    .select(['r.code as onet_soc_code', 'o.title'])
    .where('r.code', 'is not', null)
    .where('r.code', 'not like', '%.00')
}

type WorkTable = 'career_technology_skill' | 'career_interest' | 'career_work_style'

/** The record a career's rows of the table were taken from (one per career, by the import's rule). */
function recordCodeOf (db: Queryable, table: WorkTable, careerId: number) {
  return db.selectFrom(table).select((eb) => eb.fn.min<string | null>('onet_soc_code').as('code'))
    .where('career_id', '=', careerId).$asScalar()
}

/** Ids of the sources of a career's rows in the tables given: what its notices are gathered from. */
export function workSourceIdsQuery (db: Queryable, careerId: Operand<number>, tables: WorkTable[]) {
  const [first, ...rest] = tables.map((table) => db.selectFrom(table).select('source_id')
    .where('career_id', '=', careerId))
  if (first === undefined) throw new Error('workSourceIdsQuery needs a table')
  return rest.reduce((union, query) => union.union(query), first)
}

export function toOnetRecord (row: { onet_soc_code: string | null, title: string | null } | null):
OnetRecordBody | null {
  return row === null || row.onet_soc_code === null ? null : { onetSocCode: row.onet_soc_code, title: row.title }
}

/** The profile's summary from what interestScoresQuery and topTechnologiesQuery return. */
export function toWorkSummary (
  interests: InterestScores | null,
  top: Array<{ commodity_code: string, commodity_title: string, examples: string[] }>,
): WorkSummaryBody {
  return {
    interestCode: interestCode(interests),
    topTechnologies: top.map((row) => ({
      commodityCode: row.commodity_code, commodityTitle: row.commodity_title, examples: row.examples,
    })),
  }
}

/** The record and the notices of one table's rows for a career, as JSON parts of a statement. */
function recordAndNotices (db: Queryable, table: WorkTable, careerId: number) {
  return [
    jsonObjectFrom(specialtyRecordQuery(db, recordCodeOf(db, table, careerId))).as('record'),
    jsonArrayFrom(sourcesWithNotice(db).where('id', 'in', workSourceIdsQuery(db, careerId, [table]))).as('notices'),
  ] as const
}

export async function careerTechnologySkills (db: Queryable, careerId: number): Promise<TechnologySkillListBody> {
  const parts = await db.selectNoFrom([
    jsonArrayFrom(technologySkillsQuery(db, careerId)).as('skills'),
    ...recordAndNotices(db, 'career_technology_skill', careerId),
  ]).executeTakeFirstOrThrow()
  return {
    data: parts.skills.map((row) => ({
      commodityCode: row.commodity_code,
      commodityTitle: row.commodity_title,
      hot: row.hot,
      inDemand: row.in_demand,
      examples: row.examples,
    })),
    from: toOnetRecord(parts.record),
    attributions: noticesOf(parts.notices),
  }
}

export async function careerInterests (db: Queryable, careerId: number): Promise<InterestProfileBody> {
  const parts = await db.selectNoFrom([
    jsonObjectFrom(interestScoresQuery(db, careerId)).as('scores'),
    ...recordAndNotices(db, 'career_interest', careerId),
  ]).executeTakeFirstOrThrow()
  const scores = parts.scores
  return {
    scores: scores === null
      ? []
      : riasec.map((interest) => ({ letter: interest.letter, name: interest.name, score: scores[interest.column] })),
    code: interestCode(scores),
    from: toOnetRecord(parts.record),
    attributions: noticesOf(parts.notices),
  }
}

export async function careerWorkStyles (db: Queryable, careerId: number): Promise<WorkStyleListBody> {
  const parts = await db.selectNoFrom([
    jsonArrayFrom(workStylesQuery(db, careerId)).as('styles'),
    ...recordAndNotices(db, 'career_work_style', careerId),
  ]).executeTakeFirstOrThrow()
  return {
    data: parts.styles.map((row) => ({ elementId: row.element_id, name: row.name, importance: row.importance })),
    from: toOnetRecord(parts.record),
    attributions: noticesOf(parts.notices),
  }
}
