// The audit trail and the change feed read from it. Writers take one transaction-scoped
// advisory lock first, so editors' writes run one at a time: audit ids then commit in
// order (a feed reader never skips a change that commits late), and two edits never
// interleave. Editors' writes are few; the queue this forms is short.
import { sql } from 'kysely'
import type { AuditAction, AuditEntity } from '../db/schema.js'
import type { Queryable } from '../db/queryable.js'

// An arbitrary constant naming this lock among the database's advisory locks.
const EDITOR_WRITE_LOCK = 7_210_401

export async function serializeWrites (trx: Queryable): Promise<void> {
  await sql`select pg_advisory_xact_lock(${EDITOR_WRITE_LOCK})`.execute(trx)
}

export interface WriteContext {
  /** The API key's name; `import` for the importers. */
  actor: string
  /** Null for writes that come from no request (imports). */
  requestId: string | null
}

export interface AuditEntry {
  action: AuditAction
  entity: AuditEntity
  entityId: number
  entityKey: string
  before: object | null
  after: object | null
}

export async function recordChange (trx: Queryable, context: WriteContext, entry: AuditEntry): Promise<void> {
  await trx.insertInto('audit_log').values({
    actor: context.actor,
    request_id: context.requestId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId,
    entity_key: entry.entityKey,
    before: entry.before === null ? null : JSON.stringify(entry.before),
    after: entry.after === null ? null : JSON.stringify(entry.after),
  }).execute()
}

export interface ChangeRow {
  id: number
  at: Date
  action: AuditAction
  entity: AuditEntity
  entityId: number
  entityKey: string
  /** The representation after the change, as the JSON text stored (null for a delete). */
  after: string | null
}

/** Changes after the given audit id, oldest first; one more than `limit` tells if more exist. */
export async function changesAfter (db: Queryable, afterId: number, limit: number): Promise<ChangeRow[]> {
  const rows = await db.selectFrom('audit_log')
    .select(['id', 'at', 'action', 'entity', 'entity_id', 'entity_key'])
    .select(sql<string | null>`after::text`.as('after'))
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit + 1)
    .execute()
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    action: row.action,
    entity: row.entity,
    entityId: row.entity_id,
    entityKey: row.entity_key,
    after: row.after,
  }))
}
