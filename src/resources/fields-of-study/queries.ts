// CIP 2020 fields of study: search over titles and definitions, one code whole with the
// occupations crosswalks link it to, and the CIP codes of a career's fields of study.
import { sql, type Selectable, type SqlBool } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { SourceTable } from '../../db/schema.js'
import { fingerprint, readCursor, toPage } from '../../http/cursor.js'
import type {
  CareerFieldOfStudy, FieldOfStudy, FieldOfStudyListQuery, FieldOfStudySummary, cipLevels,
} from './schemas.js'
import { toSource } from '../../schemas/source-shape.js'
import type { Operand, Queryable } from '../../db/queryable.js'
import { editorialLast } from '../careers/kinds.js'

export type FieldOfStudyBody = Static<typeof FieldOfStudy>
export type FieldOfStudySummaryBody = Static<typeof FieldOfStudySummary>
export type CareerFieldOfStudyBody = Static<typeof CareerFieldOfStudy>
type Level = typeof cipLevels[number]

const LEVEL_DIGITS: Record<Level, number> = { family: 2, series: 4, program: 6 }

function levelOf (digits: number): Level {
  return digits === 2 ? 'family' : digits === 4 ? 'series' : 'program'
}

/** Each word of `q` as a prefix of a stemmed word, all required (as career search does). */
function prefixQuery (q: string) {
  const prefixes = sql`coalesce(string_agg(quote_literal(lexeme) || ':*', ' & '), '')`
  return sql`(select to_tsquery('english', ${prefixes}) from unnest(to_tsvector('english', ${q})))`
}

export async function listFieldsOfStudy (
  db: Queryable, params: Static<typeof FieldOfStudyListQuery>,
): Promise<{ data: FieldOfStudySummaryBody[], nextCursor: string | null }> {
  const print = fingerprint([
    'fields-of-study', params.q ?? null, params.level ?? null, params.family ?? null, params.soc ?? null,
  ])
  const ranked = params.q !== undefined
  const after = readCursor(params.cursor, print, ranked ? ['number', 'string'] : ['string'])
  // Codes whose title holds every word come first; scores are rounded so that a cursor
  // compares them exactly.
  const tsq = prefixQuery(params.q ?? '')
  const inTitle = sql`(to_tsvector('english', translate(f.title, '/', ' ')) @@ ${tsq})::int`
  const score = ranked
    ? sql<number>`round((ts_rank(f.search_vector, ${tsq}) + ${inTitle})::numeric, 6)::float8`
    : sql<number>`0::float8`
  let query = db.selectFrom('field_of_study as f')
    .select(['f.code', 'f.title', 'f.digits', 'f.definition', score.as('score')])
  if (ranked) query = query.where(sql<SqlBool>`f.search_vector @@ ${tsq}`)
  if (params.level !== undefined) query = query.where('f.digits', '=', LEVEL_DIGITS[params.level])
  if (params.family !== undefined) query = query.where('f.family', '=', params.family)
  if (params.soc !== undefined) {
    const soc = params.soc
    query = query.where((eb) => eb.exists(eb.selectFrom('cip_soc as l').select('l.cip_code')
      .whereRef('l.cip_code', '=', 'f.code').where('l.soc_code', '=', soc)))
  }
  if (after !== null) {
    query = ranked
      ? query.where(sql<SqlBool>`(${score} < ${after[0]} or (${score} = ${after[0]} and f.code > ${after[1]}))`)
      : query.where('f.code', '>', String(after[0]))
  }
  if (ranked) query = query.orderBy(sql`score`, 'desc')
  const rows = await query.orderBy('f.code').limit(params.limit + 1).execute()
  return toPage(rows, params.limit, print, (row) => ranked ? [row.score, row.code] : [row.code], (row) => ({
    code: row.code, title: row.title, level: levelOf(row.digits), definition: row.definition,
  }))
}

export async function findFieldOfStudy (db: Queryable, code: string): Promise<FieldOfStudyBody | undefined> {
  const row = await db.selectFrom('field_of_study as f')
    .leftJoin('field_of_study as fam', 'fam.code', 'f.family')
    .leftJoin('source as s', 's.id', 'f.source_id')
    .select(['f.code', 'f.title', 'f.digits', 'f.definition', 'fam.code as family_code', 'fam.title as family_title'])
    .select(sql<Selectable<SourceTable> | null>`to_jsonb(s)`.as('source'))
    .where('f.code', '=', code)
    .executeTakeFirst()
  if (row === undefined) return undefined
  const links = await db.selectFrom('cip_soc as l')
    .innerJoin('source as s', 's.id', 'l.source_id')
    .leftJoinLateral((eb) => eb.selectFrom('career').select(['id', 'slug', 'title'])
      .whereRef('career.soc_code', '=', 'l.soc_code').orderBy(editorialLast()).orderBy('id').limit(1).as('c'),
    (join) => join.onTrue())
    .select(['l.soc_code', 's.slug as source', 'c.id', 'c.slug', 'c.title'])
    .where('l.cip_code', '=', code)
    .orderBy('l.soc_code').orderBy('s.slug')
    .execute()
  const occupations = new Map<string, Static<typeof FieldOfStudy>['occupations'][number]>()
  for (const link of links) {
    const career = link.id === null
      ? null
      : { id: link.id, slug: link.slug ?? '', title: link.title ?? '', socCode: link.soc_code }
    const entry = occupations.get(link.soc_code) ?? { socCode: link.soc_code, career, sources: [] }
    entry.sources.push(link.source)
    occupations.set(link.soc_code, entry)
  }
  return {
    code: row.code,
    title: row.title,
    level: levelOf(row.digits),
    definition: row.definition,
    family: row.family_code === null ? null : { code: row.family_code, title: row.family_title ?? '' },
    occupations: [...occupations.values()],
    source: row.source === null ? null : toSource(row.source),
  }
}

/** The CIP codes recorded for a career's fields of study. */
export function careerFieldCipsQuery (db: Queryable, careerId: Operand<number>) {
  return db.selectFrom('career_field_cip as l').innerJoin('field_of_study as f', 'f.code', 'l.cip_code')
    .select(['l.field', 'f.code', 'f.title']).where('l.career_id', '=', careerId)
}

type FieldCipRow = Awaited<ReturnType<ReturnType<typeof careerFieldCipsQuery>['executeTakeFirstOrThrow']>>

/** The CIP codes the crosswalks link to a SOC code, each with the crosswalks that make the link. */
export function crosswalkFieldsQuery (db: Queryable, soc2018: Operand<string>) {
  return db.selectFrom('cip_soc as l')
    .innerJoin('field_of_study as f', 'f.code', 'l.cip_code')
    .innerJoin('source as s', 's.id', 'l.source_id')
    .select(['f.code', 'f.title'])
    .select(sql<string[]>`array_agg(s.slug order by s.slug)`.as('crosswalks'))
    .where('l.soc_code', '=', soc2018)
    .groupBy(['f.code', 'f.title'])
    .orderBy('f.code')
}

type CrosswalkFieldRow = Awaited<ReturnType<ReturnType<typeof crosswalkFieldsQuery>['executeTakeFirstOrThrow']>>

/**
 * A career's fields of study: the editor's, in their order, each with its recorded CIP code
 * and the crosswalks that agree; where an editor named none, the crosswalks' fields for its
 * SOC code. An editor's choice replaces the crosswalks' list, as `degreeRequired` replaces
 * the typical education's label, because a crosswalk links broadly (41 fields for some codes).
 */
export function toCareerFieldsOfStudy (names: string[], codes: FieldCipRow[], crosswalk: CrosswalkFieldRow[]): {
  fieldsOfStudy: CareerFieldOfStudyBody[]
  fieldsOfStudyFrom: 'editor' | 'crosswalk' | null
} {
  const linked = new Map(crosswalk.map((row) => [row.code, row.crosswalks]))
  if (names.length > 0) {
    const byName = new Map(codes.map((row) => [row.field, { code: row.code, title: row.title }]))
    return {
      fieldsOfStudy: names.map((name) => {
        const cip = byName.get(name) ?? null
        return { name, cip, crosswalks: cip === null ? [] : linked.get(cip.code) ?? [] }
      }),
      fieldsOfStudyFrom: 'editor',
    }
  }
  return {
    fieldsOfStudy: crosswalk.map((row) => ({
      name: row.title, cip: { code: row.code, title: row.title }, crosswalks: row.crosswalks,
    })),
    fieldsOfStudyFrom: crosswalk.length > 0 ? 'crosswalk' : null,
  }
}

/** The CIP codes that do not exist, of those given. */
export async function unknownCipCodes (db: Queryable, codes: string[]): Promise<string[]> {
  if (codes.length === 0) return []
  const rows = await db.selectFrom('field_of_study').select('code').where('code', 'in', codes).execute()
  const found = new Set(rows.map((row) => row.code))
  return codes.filter((code) => !found.has(code))
}
