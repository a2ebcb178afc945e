// O*NET's "Required Level of Education" (scale RL): its categories, and for each career the
// percent of respondents who named each category.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create table onet_education_category (
    category smallint primary key check (category between 1 and 99),
    label text not null check (label <> '')
  )`.execute(db)
  await sql`create table career_education_share (
    career_id integer not null references career (id) on delete cascade,
    category smallint not null references onet_education_category (category),
    percent numeric(5, 2) not null check (percent between 0 and 100),
    source_id integer not null references source (id),
    primary key (career_id, category)
  )`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`drop table career_education_share`.execute(db)
  await sql`drop table onet_education_category`.execute(db)
}
