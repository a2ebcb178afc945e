// Programs and institutions as the API shows them. Lists are ordered by institution state,
// institution name, program name and id: sponsorship never moves a program, and every
// sponsored program carries `sponsored: true` with its disclosure.
import { sql, type SqlBool } from 'kysely'
import type { Static } from '@sinclair/typebox'
import { fingerprint, readCursor, toPage } from '../../http/cursor.js'
import type { CareerProgramsQuery, Institution, InstitutionListQuery, Program, ProgramListQuery } from './schemas.js'
import type { Queryable } from '../../db/queryable.js'

export type ProgramBody = Static<typeof Program>
export type InstitutionBody = Static<typeof Institution>
type ProgramFilters = Static<typeof CareerProgramsQuery>
  & Partial<Pick<Static<typeof ProgramListQuery>, 'cip' | 'institution'>>

function programsQuery (db: Queryable) {
  return db.selectFrom('program as p')
    .innerJoin('institution as i', 'i.id', 'p.institution_id')
    .innerJoin('field_of_study as f', 'f.code', 'p.cip_code')
    .select(['p.id', 'p.name', 'p.award_level', 'p.cip_code', 'p.delivery', 'p.url', 'p.tuition_usd', 'p.tuition_year',
      'p.sponsored', 'p.sponsor_disclosure', 'p.updated_at', 'f.title as cip_title'])
    .select(['i.id as institution_id', 'i.name as institution_name', 'i.city', 'i.state', 'i.ipeds_unit_id',
      'i.url as institution_url', 'i.updated_at as institution_updated_at'])
}

type ProgramRow = Awaited<ReturnType<ReturnType<typeof programsQuery>['executeTakeFirstOrThrow']>>

function toProgram (row: ProgramRow): ProgramBody {
  return {
    id: row.id,
    name: row.name,
    institution: {
      id: row.institution_id,
      name: row.institution_name,
      city: row.city,
      state: row.state,
      ipedsUnitId: row.ipeds_unit_id,
      url: row.institution_url,
      updatedAt: row.institution_updated_at.toISOString(),
    },
    awardLevel: row.award_level,
    fieldOfStudy: { code: row.cip_code, title: row.cip_title },
    delivery: row.delivery,
    url: row.url,
    tuition: row.tuition_usd === null || row.tuition_year === null
      ? null
      : { amount: row.tuition_usd, currency: 'USD', year: row.tuition_year },
    sponsored: row.sponsored,
    sponsorDisclosure: row.sponsor_disclosure,
    updatedAt: row.updated_at.toISOString(),
  }
}

export async function findProgram (db: Queryable, id: number): Promise<ProgramBody | undefined> {
  const row = await programsQuery(db).where('p.id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : toProgram(row)
}

/** Programs of these ids, by id (those that exist). */
export async function programsById (db: Queryable, ids: number[]): Promise<Map<number, ProgramBody>> {
  if (ids.length === 0) return new Map()
  const rows = await programsQuery(db).where('p.id', 'in', ids).execute()
  return new Map(rows.map((row) => [row.id, toProgram(row)]))
}

const nameKey = sql<string>`lower(i.name)`
const programKey = sql<string>`lower(p.name)`

/**
 * A page of programs. `cipCodes` restricts them to those codes (a career's); null means any.
 * The cursor belongs to `scope` and the filters.
 */
export async function listPrograms (
  db: Queryable, scope: string, cipCodes: string[] | null, params: ProgramFilters,
): Promise<{ data: ProgramBody[], nextCursor: string | null }> {
  const print = fingerprint(['programs', scope, params.level ?? null, params.state ?? null, params.delivery ?? null,
    params.sponsored ?? null, params.cip ?? null, params.institution ?? null])
  const after = readCursor(params.cursor, print, ['string', 'string', 'string', 'number'])
  if (cipCodes !== null && cipCodes.length === 0) return { data: [], nextCursor: null }
  let query = programsQuery(db).select([nameKey.as('name_key'), programKey.as('program_key')])
  if (cipCodes !== null) query = query.where('p.cip_code', 'in', cipCodes)
  if (params.level !== undefined) query = query.where('p.award_level', '=', params.level)
  if (params.state !== undefined) query = query.where('i.state', '=', params.state)
  if (params.delivery !== undefined) query = query.where('p.delivery', '=', params.delivery)
  if (params.sponsored !== undefined) query = query.where('p.sponsored', '=', params.sponsored)
  if (params.institution !== undefined) query = query.where('i.id', '=', params.institution)
  if (params.cip !== undefined) query = query.where('p.cip_code', 'like', `${params.cip}%`)
  if (after !== null) {
    const sortKey = sql`(i.state, ${nameKey}, ${programKey}, p.id)`
    query = query.where(sql<SqlBool>`${sortKey} > (${after[0]}, ${after[1]}, ${after[2]}, ${after[3]})`)
  }
  const rows = await query.orderBy('i.state').orderBy(nameKey).orderBy(programKey).orderBy('p.id')
    .limit(params.limit + 1).execute()
  return toPage(rows, params.limit, print, (row) => [row.state, row.name_key, row.program_key, row.id], toProgram)
}

/**
 * The CIP codes whose programs prepare for a career: those a crosswalk links to its SOC
 * code, and those recorded for its fields of study.
 */
export async function careerCipCodes (db: Queryable, careerId: number, socCode: string | null): Promise<string[]> {
  const named = db.selectFrom('career_field_cip').select('cip_code').where('career_id', '=', careerId)
  const rows = socCode === null
    ? await named.execute()
    : await named.union(db.selectFrom('cip_soc').select('cip_code').where('soc_code', '=', socCode)).execute()
  return rows.map((row) => row.cip_code)
}

function toInstitution (row: {
  id: number, name: string, city: string, state: string, ipeds_unit_id: number | null, url: string | null,
  updated_at: Date,
}): InstitutionBody {
  return {
    id: row.id,
    name: row.name,
    city: row.city,
    state: row.state,
    ipedsUnitId: row.ipeds_unit_id,
    url: row.url,
    updatedAt: row.updated_at.toISOString(),
  }
}

export async function findInstitution (db: Queryable, id: number): Promise<InstitutionBody | undefined> {
  const row = await db.selectFrom('institution').selectAll().where('id', '=', id).executeTakeFirst()
  return row === undefined ? undefined : toInstitution(row)
}

export async function institutionsById (db: Queryable, ids: number[]): Promise<Map<number, InstitutionBody>> {
  if (ids.length === 0) return new Map()
  const rows = await db.selectFrom('institution').selectAll().where('id', 'in', ids).execute()
  return new Map(rows.map((row) => [row.id, toInstitution(row)]))
}

export async function listInstitutions (
  db: Queryable, params: Static<typeof InstitutionListQuery>,
): Promise<{ data: InstitutionBody[], nextCursor: string | null }> {
  const print = fingerprint(['institutions', params.state ?? null, params.q?.toLowerCase() ?? null])
  const after = readCursor(params.cursor, print, ['string', 'number'])
  const key = sql<string>`lower(name)`
  let query = db.selectFrom('institution').selectAll().select(key.as('name_key'))
  if (params.state !== undefined) query = query.where('state', '=', params.state)
  if (params.q !== undefined) query = query.where(sql<SqlBool>`strpos(lower(name), lower(${params.q})) > 0`)
  if (after !== null) query = query.where(sql<SqlBool>`(${key}, id) > (${after[0]}, ${after[1]})`)
  const rows = await query.orderBy(key).orderBy('id').limit(params.limit + 1).execute()
  return toPage(rows, params.limit, print, (row) => [row.name_key, row.id], toInstitution)
}
