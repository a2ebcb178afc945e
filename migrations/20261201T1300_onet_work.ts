// What O*NET says about the work (O*NET 29.2 Technology Skills, Interests, Work Styles), per
// career, from one O*NET-SOC record per SOC occupation (src/import/onet.ts states the rule:
// the occupation's own .00 record, else its lowest-numbered specialty with rows); each row
// keeps the O*NET-SOC code it was taken from, so answers can say when it is a specialty's.
// O*NET's occupation titles by O*NET-SOC code name those records. A career's duties keep the
// O*NET-SOC code their task statements came from (the .00 record has none for 24 "All Other"
// occupations; their duties are a specialty's); editors' duties have none.
import { sql, type Kysely } from 'kysely'

const ONET_SOC_CODE = sql.raw(`'^[0-9]{2}-[0-9]{4}\\.[0-9]{2}$'`)

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create table onet_occupation (
    onet_soc_code text primary key check (onet_soc_code ~ ${ONET_SOC_CODE}),
    title text not null check (title <> ''),
    source_id integer not null references source (id)
  )`.execute(db)
  await sql`create table career_technology_skill (
    career_id integer not null references career (id) on delete cascade,
    commodity_code text not null check (commodity_code ~ '^[0-9]{8}$'),
    commodity_title text not null check (commodity_title <> ''),
    example text not null check (example <> ''),
    hot boolean not null,
    in_demand boolean not null,
    onet_soc_code text not null check (onet_soc_code ~ ${ONET_SOC_CODE}),
    source_id integer not null references source (id),
    primary key (career_id, commodity_code, example)
  )`.execute(db)
  await sql`create table career_interest (
    career_id integer primary key references career (id) on delete cascade,
    realistic numeric(3, 2) not null check (realistic between 1 and 7),
    investigative numeric(3, 2) not null check (investigative between 1 and 7),
    artistic numeric(3, 2) not null check (artistic between 1 and 7),
    social numeric(3, 2) not null check (social between 1 and 7),
    enterprising numeric(3, 2) not null check (enterprising between 1 and 7),
    conventional numeric(3, 2) not null check (conventional between 1 and 7),
    onet_soc_code text not null check (onet_soc_code ~ ${ONET_SOC_CODE}),
    source_id integer not null references source (id)
  )`.execute(db)
  await sql`create table career_work_style (
    career_id integer not null references career (id) on delete cascade,
    element_id text not null check (element_id ~ '^[0-9]+(\\.[0-9A-Za-z]+)+$'),
    name text not null check (name <> ''),
    importance numeric(3, 2) not null check (importance between 1 and 5),
    onet_soc_code text not null check (onet_soc_code ~ ${ONET_SOC_CODE}),
    source_id integer not null references source (id),
    primary key (career_id, element_id)
  )`.execute(db)
  await sql`alter table career add column duties_onet_soc_code text
    check (duties_onet_soc_code ~ ${ONET_SOC_CODE})`.execute(db)
  for (const table of ['onet_occupation', 'career_technology_skill', 'career_interest', 'career_work_style']) {
    await sql`select career_facts_watch(${table})`.execute(db)
  }
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`alter table career drop column duties_onet_soc_code`.execute(db)
  await sql`drop table career_work_style`.execute(db)
  await sql`drop table career_interest`.execute(db)
  await sql`drop table career_technology_skill`.execute(db)
  await sql`drop table onet_occupation`.execute(db)
}
