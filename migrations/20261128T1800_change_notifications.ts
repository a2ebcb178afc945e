// Every committed change to the data the API serves is announced on the channel
// `career_facts_changed` (payload: the table's name), whoever makes it: the API, the CLI's
// imports, the seed, or psql. Instances holding answers in memory listen and forget them.
// Statement-level triggers cost one notification per statement, and Postgres folds
// identical ones within a transaction and delivers them only on commit.
//
// A table added later is covered with one line in its migration:
//   select career_facts_watch('new_table')
// (test/answer-cache.test.ts fails for a data table without the trigger).
import { sql, type Kysely } from 'kysely'

// API keys are left out: they change no answer, and a key's last use is written on requests.
const TABLES = [
  'education_level', 'source', 'area', 'industry', 'soc_occupation', 'soc_crosswalk',
  'career', 'career_alternate_title', 'career_relation', 'organization', 'credential', 'career_credential',
  'wage_estimate', 'projection_cycle', 'projection_band', 'projection',
  'onet_education_category', 'career_education_share', 'audit_log',
]

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create function career_facts_changed() returns trigger language plpgsql as $$
    begin
      perform pg_notify('career_facts_changed', tg_table_name);
      return null;
    end
  $$`.execute(db)
  await sql`create function career_facts_watch(target regclass) returns void language plpgsql as $$
    begin
      execute format(
        'create trigger career_facts_changed after insert or update or delete or truncate on %s '
        'for each statement execute function career_facts_changed()', target);
    end
  $$`.execute(db)
  for (const table of TABLES) await sql`select career_facts_watch(${table})`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const table of TABLES) await sql`drop trigger if exists career_facts_changed on ${sql.table(table)}`.execute(db)
  await sql`drop function if exists career_facts_watch(regclass)`.execute(db)
  await sql`drop function if exists career_facts_changed()`.execute(db)
}
