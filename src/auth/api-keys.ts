// API keys: created and revoked by the CLI, looked up by digest on each request.
import { sql } from 'kysely'
import type { ApiKeyScope } from '../db/schema.js'
import type { Queryable } from '../db/queryable.js'

export interface ApiKeyIdentity {
  name: string
  scopes: ApiKeyScope[]
}

export interface ApiKeyListing extends ApiKeyIdentity {
  createdAt: Date
  revokedAt: Date | null
  lastUsedAt: Date | null
}

export async function insertApiKey (
  db: Queryable,
  name: string,
  keyHash: string,
  scopes: ApiKeyScope[],
): Promise<void> {
  await db.insertInto('api_key').values({ name, key_hash: keyHash, scopes }).execute()
}

export async function listApiKeys (db: Queryable): Promise<ApiKeyListing[]> {
  const rows = await db.selectFrom('api_key')
    .select(['name', 'scopes', 'created_at', 'revoked_at', 'last_used_at'])
    .orderBy('name')
    .execute()
  return rows.map((row) => ({
    name: row.name,
    scopes: row.scopes,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  }))
}

/** Revokes the named key; false when no active key has that name. */
export async function revokeApiKey (db: Queryable, name: string): Promise<boolean> {
  const result = await db.updateTable('api_key').set({ revoked_at: sql<Date>`now()` })
    .where('name', '=', name).where('revoked_at', 'is', null)
    .executeTakeFirst()
  return result.numUpdatedRows > 0n
}

// last_used_at is refreshed at most once a minute per key, so busy keys cost no write per request.
const LAST_USED_RESOLUTION = sql<Date>`now() - interval '1 minute'`

/** The active key with this digest, or null. */
export async function findActiveApiKey (db: Queryable, keyHash: string): Promise<ApiKeyIdentity | null> {
  const row = await db.selectFrom('api_key')
    .select([
      'id',
      'name',
      'scopes',
      sql<boolean>`last_used_at is null or last_used_at < ${LAST_USED_RESOLUTION}`.as('stale'),
    ])
    .where('key_hash', '=', keyHash).where('revoked_at', 'is', null)
    .executeTakeFirst()
  if (row === undefined) return null
  if (row.stale) {
    await db.updateTable('api_key').set({ last_used_at: sql<Date>`now()` }).where('id', '=', row.id).execute()
  }
  return { name: row.name, scopes: row.scopes }
}
