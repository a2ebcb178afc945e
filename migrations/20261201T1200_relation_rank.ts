// O*NET ranks an occupation's related occupations (Index 1 = most related, in tiers
// Primary-Short, Primary-Long, Supplemental); related lists follow that order instead of
// the alphabet. Relations editors write have no rank.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`alter table career_relation add column rank integer check (rank > 0)`.execute(db)
  await sql`alter table career_relation add column tier text
    check (tier in ('Primary-Short', 'Primary-Long', 'Supplemental'))`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`alter table career_relation drop column tier`.execute(db)
  await sql`alter table career_relation drop column rank`.execute(db)
}
