// The degree-options tables announce their changes like every other data table (see
// 20261128T1800_change_notifications), so cached program and field-of-study answers are
// forgotten when an editor or an import changes them.
import { sql, type Kysely } from 'kysely'

const TABLES = ['field_of_study', 'cip_retired', 'cip_soc', 'career_field_cip', 'institution', 'program']

export async function up (db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`select career_facts_watch(${table})`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger if exists career_facts_changed on ${sql.table(table)}`.execute(db)
}
