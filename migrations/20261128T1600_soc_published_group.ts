// Detailed SOC 2018 occupations that BLS publishes only within a broader code: a SOC broad
// group (31-1121 and 31-1122 under 31-1120) or a combined code of its own (21-1011 and
// 21-1014 under 21-1018). Wages and projections published under that code reach them.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create table soc_published_group (
    soc2018 text not null check (soc2018 ~ '^[0-9]{2}-[0-9]{4}$'),
    published_code text not null check (published_code ~ '^[0-9]{2}-[0-9]{4}$' and published_code <> soc2018),
    source_id integer not null references source (id),
    primary key (soc2018, published_code)
  )`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`drop table soc_published_group`.execute(db)
}
