// Code lists (industries, areas), a page at a time; and the checks that a filter names an
// existing code, so a misspelt code is a 400 rather than "no data".
import { sql, type SqlBool } from 'kysely'
import type { Static } from '@sinclair/typebox'
import { fingerprint, readCursor, toPage } from '../../http/cursor.js'
import { errors } from '../../errors.js'
import type { Area, AreaListQuery, Industry, IndustryListQuery } from './schemas.js'
import type { Queryable } from '../../db/queryable.js'

type Page<T> = Promise<{ data: T[], nextCursor: string | null }>

/** The area with this code, or an unknownArea error naming `area`. */
export async function requireArea (db: Queryable, code: string): Promise<{ code: string, name: string }> {
  const area = await db.selectFrom('area').select(['code', 'name'])
    .where('code', '=', code.toUpperCase()).executeTakeFirst()
  if (area === undefined) throw errors.unknownArea('area', code)
  return area
}

/** Throws an unknownIndustry error naming `industry` when no industry has this code. */
export async function requireIndustry (db: Queryable, code: string): Promise<void> {
  const industry = await db.selectFrom('industry').select('code').where('code', '=', code).executeTakeFirst()
  if (industry === undefined) throw errors.unknownIndustry('industry', code)
}

const contains = (column: string, q: string) => sql<SqlBool>`strpos(lower(${sql.ref(column)}), lower(${q})) > 0`

export async function listIndustries (
  db: Queryable, params: Static<typeof IndustryListQuery>,
): Page<Static<typeof Industry>> {
  const print = fingerprint(['industries', params.q?.toLowerCase() ?? null])
  const after = readCursor(params.cursor, print, ['string'])
  let query = db.selectFrom('industry').select(['code', 'title'])
  if (params.q !== undefined) {
    const q = params.q
    query = query.where((eb) => eb.or([contains('code', q), contains('title', q)]))
  }
  if (after !== null) query = query.where('code', '>', String(after[0]))
  const rows = await query.orderBy('code').limit(params.limit + 1).execute()
  return toPage(rows, params.limit, print, (row) => [row.code], (row) => row)
}

export async function listAreas (db: Queryable, params: Static<typeof AreaListQuery>): Page<Static<typeof Area>> {
  const print = fingerprint(['areas', params.kind ?? null, params.q?.toLowerCase() ?? null])
  const after = readCursor(params.cursor, print, ['string'])
  let query = db.selectFrom('area').select(['code', 'name', 'kind'])
  if (params.kind !== undefined) query = query.where('kind', '=', params.kind)
  if (params.q !== undefined) {
    const q = params.q
    query = query.where((eb) => eb.or([contains('code', q), contains('name', q)]))
  }
  if (after !== null) query = query.where('code', '>', String(after[0]))
  const rows = await query.orderBy('code').limit(params.limit + 1).execute()
  return toPage(rows, params.limit, print, (row) => [row.code], (row) => row)
}
