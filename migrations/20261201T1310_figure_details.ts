// Two facts EP publishes beside its figures. The share of an occupation's base-year
// employment that is self-employed (Table 1.2, "Percent self employed, 2024" for 2024–34)
// belongs to the projection row of its cycle. The Occupational Outlook Handbook profile that
// covers an occupation (the NEM crosswalk's "OOH Profile Title" and "OOH Profile Website")
// is kept by SOC code, in a table of its own rather than on career: it is a fact about the
// occupation code, like the wages and projections published under it, so an editorial
// career naming the code shows the same link and no editor's write reaches it; the
// crosswalk's records arrive before some careers exist; and the dataset bundles it whole.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`alter table projection add column percent_self_employed numeric(4, 1)
    check (percent_self_employed between 0 and 100)`.execute(db)
  await sql`create table ooh_profile (
    soc_code text primary key check (soc_code ~ '^[0-9]{2}-[0-9]{4}$'),
    title text not null check (title <> ''),
    url text not null check (url ~ '^https?://'),
    source_id integer not null references source (id)
  )`.execute(db)
  await sql`select career_facts_watch('ooh_profile')`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`drop table ooh_profile`.execute(db)
  await sql`alter table projection drop column percent_self_employed`.execute(db)
}
