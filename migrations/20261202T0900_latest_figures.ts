// The latest national figures of each SOC 2018 code, stored: the median annual wage (a
// top-coded one as its floor, flagged), employment, growth with its descriptor, openings.
// Lists sort and filter careers by them, and related lists and list rows show them, so
// they are read for hundreds of careers at a time; worked out per request from the wage
// and projection tables that cost a correlated lookup per career. The figures depend on
// the code alone (not on the careers naming it), so only writes of figures change them:
// every import, the dataset load, the seed and the editors' period and cycle writes refresh
// the table in their own transaction (src/resources/career-figures/latest.ts), by the same
// rule the profile's latest wage and outlook follow.
import { sql, type Kysely } from 'kysely'

export async function up (db: Kysely<unknown>): Promise<void> {
  await sql`create table soc_latest_figures (
    soc_code text primary key,
    median_annual integer check (median_annual >= 0),
    median_top_coded boolean not null default false,
    wage_period_year integer,
    wage_period_month integer,
    employment integer,
    wage_published_as text check (wage_published_as in ('occupation', 'group')),
    change_percent numeric(6, 1),
    annual_openings integer,
    base_year integer,
    target_year integer,
    descriptor text,
    growth_published_as text check (growth_published_as in ('occupation', 'group'))
  )`.execute(db)
  // Highest first is the lists' default order; ids break ties (the career side).
  await sql`create index soc_latest_figures_median on soc_latest_figures (median_annual)`.execute(db)
  await sql`create index soc_latest_figures_growth on soc_latest_figures (change_percent)`.execute(db)
  await sql`create index soc_latest_figures_openings on soc_latest_figures (annual_openings)`.execute(db)
  await sql`create index soc_latest_figures_employment on soc_latest_figures (employment)`.execute(db)
  await sql`select career_facts_watch('soc_latest_figures')`.execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  await sql`drop table soc_latest_figures`.execute(db)
}
