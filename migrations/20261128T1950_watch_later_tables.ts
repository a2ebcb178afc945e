// Data tables created by migrations other than 20261128T1800_change_notifications announce
// their changes like the rest: the published-group map (20261128T1600) and the degree-options
// tables (20261128T1900), so cached answers drawn from them are forgotten when they change.
import { sql, type Kysely } from 'kysely'

const TABLES = ['soc_published_group', 'field_of_study', 'cip_retired', 'cip_soc', 'career_field_cip', 'institution', 'program']

export async function up (db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`select career_facts_watch(${table})`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger if exists career_facts_changed on ${sql.table(table)}`.execute(db)
}
