// What the importers need on careers: which official dataset a career's descriptive text
// came from (null: written by editors, so importers never overwrite it), and its O*NET job zone.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`alter table career
    add column text_source_id integer references source (id),
    add column job_zone smallint check (job_zone between 1 and 5)`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`alter table career drop column text_source_id, drop column job_zone`.execute(db)
}
