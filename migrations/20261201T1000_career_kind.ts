// Official occupations stay official: a career is an `occupation` (a detailed SOC occupation,
// created by the importers under its official title), a `group` (a code BLS publishes for
// several occupations, like 21-1018, with its own figures) or `editorial` (written by editors:
// the seed's and the API's careers). At most one occupation or group holds a SOC code; any
// number of editorial careers may name the same code, the occupation they sit within, whose
// figures they show. Careers the importers made (their text came from a dataset) become
// occupations; everything else stays editorial, so an editor's career never takes an
// official code's place again.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`alter table career add column kind text not null default 'editorial'
    check (kind in ('occupation', 'group', 'editorial'))`.execute(db)
  await sql`update career set kind = 'occupation' where text_source_id is not null`.execute(db)
  await sql`alter table career drop constraint career_soc_code_key`.execute(db)
  await sql`create unique index career_official_soc on career (soc_code) where kind <> 'editorial'`.execute(db)
  await sql`create index career_soc on career (soc_code)`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`drop index career_soc`.execute(db)
  await sql`drop index career_official_soc`.execute(db)
  await sql`delete from career where kind = 'group'`.execute(db)
  await sql`alter table career drop column kind`.execute(db)
  await sql`alter table career add constraint career_soc_code_key unique (soc_code)`.execute(db)
}
