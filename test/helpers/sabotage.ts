// Makes the last statement of every write by one API key fail: the audit insert. A write
// that then leaves no rows behind shows the change and its audit share one transaction.
import { sql } from 'kysely'
import type { Db } from '../../src/db/connect.js'

/** Audit inserts by the key `actor` raise an error from now on. */
export async function refuseAuditFor (db: Db, actor: string): Promise<void> {
  const quoted = actor.replaceAll("'", "''")
  await sql`create or replace function refuse_audit() returns trigger language plpgsql as ${sql.lit(
    `begin if new.actor = '${quoted}' then raise exception 'audit refused'; end if; return new; end`,
  )}`.execute(db)
  await sql`create trigger refuse_audit before insert on audit_log
    for each row execute function refuse_audit()`.execute(db)
}

export async function auditCount (db: Db): Promise<number> {
  const row = await db.selectFrom('audit_log').select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()
  return row.n
}
