// Credentials: as they apply to a career, as a list, and whole with the careers they serve.
import { sql, type Selectable, type SqlBool } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { SourceTable } from '../../db/schema.js'
import { fingerprint, readCursor, toPage } from '../../http/cursor.js'
import { errors } from '../../errors.js'
import {
  requirementLevelLabels, type CareerCredential, type Credential, type CredentialListQuery, type CredentialSummary,
} from './schemas.js'
import { toSource } from '../../schemas/source-shape.js'
import type { Operand, Queryable } from '../../db/queryable.js'

export type CareerCredentialBody = Static<typeof CareerCredential>
export type CredentialBody = Static<typeof Credential>
export type CredentialSummaryBody = Static<typeof CredentialSummary>
export type CredentialListParams = Static<typeof CredentialListQuery>

const LEVEL_ORDER = sql`array_position(array['required','typically-required','preferred','optional'], cc.level)`

/** Credentials with their issuer and source, the columns every view needs. */
function credentialsQuery (db: Queryable) {
  return db.selectFrom('credential as cr')
    .leftJoin('organization as o', 'o.id', 'cr.issuer_id')
    .leftJoin('source as s', 's.id', 'cr.source_id')
    .select([
      'cr.id', 'cr.slug', 'cr.abbreviation', 'cr.name', 'cr.kind', 'cr.jurisdiction', 'cr.requirements', 'cr.renewal',
      'cr.updated_at',
    ])
    .select([
      'o.slug as issuer_slug', 'o.name as issuer_name', 'o.abbreviation as issuer_abbreviation', 'o.url as issuer_url',
    ])
    .select(sql<Selectable<SourceTable> | null>`to_jsonb(s)`.as('source'))
}

type CredentialRow = Awaited<ReturnType<ReturnType<typeof credentialsQuery>['executeTakeFirstOrThrow']>>

function toSummary (row: Omit<CredentialRow, 'updated_at'>): CredentialSummaryBody {
  return {
    slug: row.slug,
    abbreviation: row.abbreviation,
    name: row.name,
    kind: row.kind,
    issuer: row.issuer_slug === null
      ? null
      : {
        slug: row.issuer_slug,
        name: row.issuer_name ?? '',
        abbreviation: row.issuer_abbreviation,
        url: row.issuer_url,
      },
    jurisdiction: row.jurisdiction,
  }
}

function toDetails (
  row: Omit<CredentialRow, 'updated_at'>,
): Pick<CredentialBody, 'requirements' | 'renewal' | 'source'> {
  return {
    requirements: row.requirements,
    renewal: row.renewal,
    source: row.source === null ? null : toSource(row.source),
  }
}

/** A career's credentials, the most required first, as a query (the profile nests it). */
export function careerCredentialsQuery (db: Queryable, careerId: Operand<number>) {
  return credentialsQuery(db)
    .innerJoin('career_credential as cc', 'cc.credential_id', 'cr.id')
    .select(['cc.level', 'cc.note'])
    .where('cc.career_id', '=', careerId)
    .orderBy(LEVEL_ORDER)
    .orderBy('cr.name')
    .orderBy('cr.id')
}

type CareerCredentialRow = Awaited<ReturnType<ReturnType<typeof careerCredentialsQuery>['executeTakeFirstOrThrow']>>

/** Also for rows nested as JSON, whose timestamps are strings (and unused here). */
export function toCareerCredential (row: Omit<CareerCredentialRow, 'updated_at'>): CareerCredentialBody {
  const { level, note } = row
  return { ...toSummary(row), ...toDetails(row), level, levelLabel: requirementLevelLabels[level], note }
}

export async function careerCredentials (db: Queryable, careerId: number): Promise<CareerCredentialBody[]> {
  return (await careerCredentialsQuery(db, careerId).execute()).map(toCareerCredential)
}

const ISSUER_MATCH = (issuer: string) =>
  sql<SqlBool>`(o.slug = lower(${issuer}) or lower(o.abbreviation) = lower(${issuer}))`

export async function listCredentials (
  db: Queryable, params: CredentialListParams,
): Promise<{ data: CredentialSummaryBody[], nextCursor: string | null }> {
  const print = fingerprint([
    'credentials', params.kind ?? null, params.issuer?.toLowerCase() ?? null, params.q?.toLowerCase() ?? null,
  ])
  const after = readCursor(params.cursor, print, ['string', 'number'])
  if (params.issuer !== undefined) {
    const issuer = await db.selectFrom('organization as o').select('o.id')
      .where(ISSUER_MATCH(params.issuer)).executeTakeFirst()
    if (issuer === undefined) throw errors.unknownIssuer('issuer', params.issuer)
  }
  const nameKey = sql<string>`lower(cr.name)`
  let query = credentialsQuery(db).select(nameKey.as('name_key'))
  if (params.kind !== undefined) query = query.where('cr.kind', '=', params.kind)
  if (params.issuer !== undefined) query = query.where(ISSUER_MATCH(params.issuer))
  if (params.q !== undefined) {
    const q = params.q
    const inName = sql`strpos(lower(cr.name), lower(${q})) > 0`
    const inAbbreviation = sql`strpos(lower(coalesce(cr.abbreviation, '')), lower(${q})) > 0`
    query = query.where(sql<SqlBool>`(${inName} or ${inAbbreviation})`)
  }
  if (after !== null) query = query.where(sql<SqlBool>`(${nameKey}, cr.id) > (${after[0]}, ${after[1]})`)
  const rows = await query.orderBy(nameKey).orderBy('cr.id').limit(params.limit + 1).execute()
  return toPage(rows, params.limit, print, (row) => [row.name_key, row.id], toSummary)
}

/** A credential by slug or abbreviation, case-insensitive; a slug match wins over an abbreviation. */
export async function findCredential (db: Queryable, key: string): Promise<CredentialBody | undefined> {
  const row = await credentialsQuery(db)
    .where(sql<SqlBool>`(cr.slug = lower(${key}) or lower(cr.abbreviation) = lower(${key}))`)
    .orderBy(sql`cr.slug = lower(${key})`, 'desc')
    .limit(1)
    .executeTakeFirst()
  return row === undefined ? undefined : credentialBody(db, row)
}

/** Credentials by id, whole (those that exist). */
export async function credentialsById (db: Queryable, ids: number[]): Promise<Map<number, CredentialBody>> {
  if (ids.length === 0) return new Map()
  const rows = await credentialsQuery(db).where('cr.id', 'in', ids).execute()
  const bodies = await Promise.all(rows.map(async (row) => ({ id: row.id, body: await credentialBody(db, row) })))
  return new Map(bodies.map(({ id, body }) => [id, body]))
}

async function credentialBody (db: Queryable, row: CredentialRow): Promise<CredentialBody> {
  const careers = await db.selectFrom('career_credential as cc')
    .innerJoin('career as c', 'c.id', 'cc.career_id')
    .select(['c.id', 'c.slug', 'c.title', 'c.soc_code', 'cc.level', 'cc.note'])
    .where('cc.credential_id', '=', row.id)
    .orderBy(LEVEL_ORDER)
    .orderBy('c.title')
    .orderBy('c.id')
    .execute()
  return {
    ...toSummary(row),
    ...toDetails(row),
    careers: careers.map((c) => ({
      career: { id: c.id, slug: c.slug, title: c.title, socCode: c.soc_code },
      level: c.level,
      levelLabel: requirementLevelLabels[c.level],
      note: c.note,
    })),
    updatedAt: row.updated_at.toISOString(),
  }
}
