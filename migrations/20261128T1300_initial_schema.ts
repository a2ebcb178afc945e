// The whole domain of DESIGN.md. Frozen once released: later changes get new migrations.
import { sql, type Kysely } from 'kysely'

const upStatements: string[] = [
  `create extension if not exists pg_trgm`,

  // The BLS "typical education needed for entry" categories, ordered by rank.
  `create table education_level (
    code text primary key,
    rank smallint not null unique,
    label text not null unique
  )`,
  `insert into education_level (code, rank, label) values
    ('no-formal-credential', 1, 'No formal educational credential'),
    ('high-school', 2, 'High school diploma or equivalent'),
    ('some-college', 3, 'Some college, no degree'),
    ('postsecondary-nondegree', 4, 'Postsecondary nondegree award'),
    ('associate', 5, 'Associate''s degree'),
    ('bachelor', 6, 'Bachelor''s degree'),
    ('master', 7, 'Master''s degree'),
    ('doctoral-professional', 8, 'Doctoral or professional degree')`,

  `create table source (
    id serial primary key,
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    publisher text not null check (publisher <> ''),
    dataset text not null check (dataset <> ''),
    reference_period text,
    url text check (url ~ '^https?://'),
    notice text
  )`,

  `create table area (
    code text primary key check (code ~ '^[A-Z0-9]{2,7}$'),
    name text not null,
    kind text not null check (kind in ('national', 'state', 'metro', 'nonmetro', 'territory'))
  )`,
  `create table industry (
    code text primary key check (code ~ '^[0-9]{2,6}(-[0-9]{2,6})?$'),
    title text not null
  )`,

  // SOC occupations of both versions: wages and projections published before 2018 use 2010 codes.
  `create table soc_occupation (
    soc_version smallint not null check (soc_version in (2010, 2018)),
    code text not null check (code ~ '^[0-9]{2}-[0-9]{4}$'),
    title text not null,
    level text not null check (level in ('major', 'minor', 'broad', 'detailed')),
    definition text,
    primary key (soc_version, code)
  )`,
  `create table soc_crosswalk (
    soc2010 text not null check (soc2010 ~ '^[0-9]{2}-[0-9]{4}$'),
    soc2018 text not null check (soc2018 ~ '^[0-9]{2}-[0-9]{4}$'),
    primary key (soc2010, soc2018)
  )`,
  `create index soc_crosswalk_soc2018 on soc_crosswalk (soc2018)`,

  // to_tsvector with a fixed configuration is immutable, but array_to_string is only stable;
  // joining text[] has no locale dependence, so this wrapper may be declared immutable.
  `create function text_array_join(items text[]) returns text
    language sql immutable parallel safe
    return array_to_string(items, ' ')`,

  `create table career (
    id serial primary key,
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    title text not null check (title <> ''),
    soc_code text unique check (soc_code ~ '^[0-9]{2}-[0-9]{4}$'),
    summary text,
    duties text[] not null default '{}',
    work_environment text,
    typical_education text references education_level (code),
    degree_required text,
    fields_of_study text[] not null default '{}',
    licensure text,
    advancement text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    search_vector tsvector generated always as (
      setweight(to_tsvector('english', title), 'A')
      || setweight(to_tsvector('english', coalesce(summary, '')), 'C')
      || setweight(to_tsvector('english', text_array_join(duties)), 'D')
    ) stored
  )`,
  `create index career_search_vector on career using gin (search_vector)`,
  `create index career_title_trgm on career using gin (title gin_trgm_ops)`,
  `create index career_title_order on career (lower(title), id)`,

  `create table career_alternate_title (
    id serial primary key,
    career_id integer not null references career (id) on delete cascade,
    title text not null check (title <> ''),
    source_id integer references source (id),
    search_vector tsvector generated always as (to_tsvector('english', title)) stored
  )`,
  `create unique index career_alternate_title_unique on career_alternate_title (career_id, lower(title))`,
  `create index career_alternate_title_search on career_alternate_title using gin (search_vector)`,
  `create index career_alternate_title_trgm on career_alternate_title using gin (title gin_trgm_ops)`,

  `create table career_relation (
    from_career_id integer not null references career (id) on delete cascade,
    to_career_id integer not null references career (id) on delete cascade,
    kind text not null check (kind in ('specialization', 'advancement', 'alternative', 'similar')),
    source_id integer references source (id),
    primary key (from_career_id, to_career_id, kind),
    check (from_career_id <> to_career_id)
  )`,
  `create index career_relation_to on career_relation (to_career_id)`,

  `create table organization (
    id serial primary key,
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    name text not null,
    abbreviation text,
    url text check (url ~ '^https?://')
  )`,
  `create table credential (
    id serial primary key,
    slug text not null unique check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 100),
    abbreviation text,
    name text not null check (name <> ''),
    kind text not null check (kind in ('certification', 'license', 'certificate')),
    issuer_id integer references organization (id),
    jurisdiction text,
    requirements text,
    renewal text,
    source_id integer references source (id),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check (issuer_id is not null or jurisdiction is not null)
  )`,
  `create unique index credential_abbreviation on credential (lower(abbreviation))`,
  `create table career_credential (
    career_id integer not null references career (id) on delete cascade,
    credential_id integer not null references credential (id) on delete cascade,
    level text not null check (level in ('required', 'typically-required', 'preferred', 'optional')),
    note text,
    primary key (career_id, credential_id)
  )`,
  `create index career_credential_credential on career_credential (credential_id)`,

  // Figures are kept as published: a null figure carries its reason in flags, a top-coded
  // one holds the published floor and the flag '#'.
  `create table wage_estimate (
    id serial primary key,
    soc_version smallint not null check (soc_version in (2010, 2018)),
    soc_code text not null check (soc_code ~ '^[0-9]{2}-[0-9]{4}$'),
    occupation_title text not null,
    period_year smallint not null check (period_year between 1990 and 2100),
    period_month smallint not null check (period_month between 1 and 12),
    area_code text not null references area (code),
    industry_code text references industry (code),
    employment integer check (employment >= 0),
    employment_rse numeric(5, 1),
    hourly_mean numeric(8, 2) check (hourly_mean >= 0),
    hourly_p10 numeric(8, 2) check (hourly_p10 >= 0),
    hourly_p25 numeric(8, 2) check (hourly_p25 >= 0),
    hourly_median numeric(8, 2) check (hourly_median >= 0),
    hourly_p75 numeric(8, 2) check (hourly_p75 >= 0),
    hourly_p90 numeric(8, 2) check (hourly_p90 >= 0),
    annual_mean integer check (annual_mean >= 0),
    annual_p10 integer check (annual_p10 >= 0),
    annual_p25 integer check (annual_p25 >= 0),
    annual_median integer check (annual_median >= 0),
    annual_p75 integer check (annual_p75 >= 0),
    annual_p90 integer check (annual_p90 >= 0),
    annual_only boolean not null default false,
    hourly_only boolean not null default false,
    flags jsonb not null default '{}' check (jsonb_typeof(flags) = 'object'),
    source_id integer not null references source (id),
    unique nulls not distinct (soc_version, soc_code, period_year, period_month, area_code, industry_code)
  )`,
  `create index wage_estimate_lookup on wage_estimate (soc_code, soc_version, area_code, period_year desc)`,

  `create table projection_cycle (
    id serial primary key,
    base_year smallint not null,
    target_year smallint not null,
    soc_version smallint not null check (soc_version in (2010, 2018)),
    source_id integer references source (id),
    unique (base_year, target_year),
    check (target_year > base_year)
  )`,
  // The outlook descriptor bands of one cycle: a percent change falls in the band with the
  // greatest min_percent not above it. BLS redraws the bands every cycle.
  `create table projection_band (
    cycle_id integer not null references projection_cycle (id) on delete cascade,
    descriptor text not null,
    min_percent numeric(6, 2) not null,
    primary key (cycle_id, min_percent),
    unique (cycle_id, descriptor)
  )`,
  `create table projection (
    id serial primary key,
    cycle_id integer not null references projection_cycle (id) on delete cascade,
    soc_code text not null check (soc_code ~ '^[0-9]{2}-[0-9]{4}$'),
    occupation_title text not null,
    base_employment integer check (base_employment >= 0),
    projected_employment integer check (projected_employment >= 0),
    change_numeric integer,
    change_percent numeric(6, 1),
    annual_openings integer check (annual_openings >= 0),
    typical_education text references education_level (code),
    work_experience text,
    on_the_job_training text,
    source_id integer not null references source (id),
    unique (cycle_id, soc_code)
  )`,
  `create index projection_soc on projection (soc_code)`,
]

const downStatements: string[] = [
  'projection', 'projection_band', 'projection_cycle', 'wage_estimate', 'career_credential', 'credential',
  'organization', 'career_relation', 'career_alternate_title', 'career', 'soc_crosswalk', 'soc_occupation',
  'industry', 'area', 'source', 'education_level',
].map((table) => `drop table if exists ${table}`).concat('drop function if exists text_array_join(text[])')

export async function up (db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db)
}
