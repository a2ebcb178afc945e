// Every editor's write: who (API key name), when, what, and the resource before and after,
// as the API represents it. Rows are written in the change's own transaction and never
// updated; the id orders the public change feed.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create table audit_log (
    id bigserial primary key,
    at timestamptz not null default now(),
    actor text not null,
    request_id text,
    action text not null check (action in ('create', 'update', 'delete')),
    entity text not null check (entity in ('career', 'credential')),
    entity_id integer not null,
    entity_key text not null,
    before jsonb,
    after jsonb,
    check (before is not null or after is not null)
  )`.execute(db)
  await sql`create index audit_log_entity on audit_log (entity, entity_id, id)`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`drop table if exists audit_log`.execute(db)
}
