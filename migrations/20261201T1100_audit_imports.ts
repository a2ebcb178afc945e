// Imports reach the change feed: one `dataset` entry per imported file (or per load of the
// bundled dataset), naming what it wrote and the careers whose answers it may have changed.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log drop constraint audit_log_entity_check`.execute(db)
  await sql`alter table audit_log add constraint audit_log_entity_check
    check (entity in ('career', 'credential', 'salaries', 'outlook', 'program', 'institution', 'dataset'))`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`delete from audit_log where entity = 'dataset'`.execute(db)
  await sql`alter table audit_log drop constraint audit_log_entity_check`.execute(db)
  await sql`alter table audit_log add constraint audit_log_entity_check
    check (entity in ('career', 'credential', 'salaries', 'outlook', 'program', 'institution'))`.execute(db)
}
