// Editors also write one period's wage estimates and one cycle's projections of a career;
// the audit trail records those as resources of their own.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`alter table audit_log drop constraint audit_log_entity_check`.execute(db)
  await sql`alter table audit_log add constraint audit_log_entity_check
    check (entity in ('career', 'credential', 'salaries', 'outlook'))`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`delete from audit_log where entity in ('salaries', 'outlook')`.execute(db)
  await sql`alter table audit_log drop constraint audit_log_entity_check`.execute(db)
  await sql`alter table audit_log add constraint audit_log_entity_check check (entity in ('career', 'credential'))`.execute(db)
}
