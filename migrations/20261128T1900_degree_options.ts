// Degree options: CIP 2020 fields of study, their links to SOC occupations, the CIP codes
// of a career's fields of study, institutions and the programs partners list (sponsored
// ones with their disclosure). Programs and institutions join the audit trail.
import { sql, type Kysely } from 'kysely'

const upStatements = [
  // CIP codes are text: 2-digit families (01), 4-digit series (01.00), 6-digit programs (01.0000).
  // Slashes join words in CIP titles (Information/Medical Records); the text parser would
  // read those as file paths, so they are spaces to it.
  `create table field_of_study (
    code text primary key check (code ~ '^[0-9]{2}(\\.[0-9]{2}([0-9]{2})?)?$'),
    family text not null check (family = left(code, 2)),
    title text not null check (title <> ''),
    definition text,
    source_id integer references source (id),
    digits smallint not null generated always as (length(replace(code, '.', ''))) stored,
    search_vector tsvector generated always as (
      setweight(to_tsvector('english', translate(title, '/', ' ')), 'A')
      || setweight(to_tsvector('english', translate(coalesce(definition, ''), '/', ' ')), 'B')
    ) stored
  )`,
  `create index field_of_study_search on field_of_study using gin (search_vector)`,
  `create index field_of_study_title_trgm on field_of_study using gin (title gin_trgm_ops)`,

  // Codes CIP 2020 retired (deleted, or moved to a new code), with the 6-digit code NCES says
  // to use instead when it names one: older crosswalks still use the old codes.
  `create table cip_retired (
    code text primary key check (code ~ '^[0-9]{2}(\\.[0-9]{2}([0-9]{2})?)?$'),
    action text not null check (action in ('deleted', 'moved')),
    replaced_by text references field_of_study (code),
    source_id integer references source (id)
  )`,

  // Each source's links are kept apart: NCES's crosswalk and a state's broader one can disagree.
  `create table cip_soc (
    cip_code text not null references field_of_study (code) on delete cascade,
    soc_code text not null check (soc_code ~ '^[0-9]{2}-[0-9]{4}$'),
    source_id integer not null references source (id),
    primary key (cip_code, soc_code, source_id)
  )`,
  `create index cip_soc_soc on cip_soc (soc_code)`,

  // The CIP code of each field of study a career names, by the name as the career words it.
  `create table career_field_cip (
    career_id integer not null references career (id) on delete cascade,
    field text not null check (field <> ''),
    cip_code text not null references field_of_study (code),
    primary key (career_id, field)
  )`,

  `create table institution (
    id serial primary key,
    name text not null check (name <> ''),
    city text not null check (city <> ''),
    state text not null check (state ~ '^[A-Z]{2}$'),
    ipeds_unit_id integer unique check (ipeds_unit_id between 100000 and 999999),
    url text check (url ~ '^https?://'),
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
  )`,

  `create table program (
    id serial primary key,
    institution_id integer not null references institution (id),
    name text not null check (name <> ''),
    award_level text not null check (award_level in ('certificate', 'associate', 'bachelor', 'master', 'doctoral')),
    cip_code text not null references field_of_study (code) check (cip_code ~ '^[0-9]{2}\\.[0-9]{4}$'),
    delivery text not null check (delivery in ('on_campus', 'online', 'hybrid')),
    url text check (url ~ '^https?://'),
    tuition_usd integer check (tuition_usd >= 0),
    tuition_year smallint check (tuition_year between 1990 and 2100),
    sponsored boolean not null default false,
    sponsor_disclosure text,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now(),
    check ((tuition_usd is null) = (tuition_year is null)),
    constraint program_sponsored_disclosed check (not sponsored or coalesce(btrim(sponsor_disclosure), '') <> '')
  )`,
  `create index program_cip on program (cip_code)`,
  `create index program_institution on program (institution_id)`,

  `alter table audit_log drop constraint audit_log_entity_check`,
  `alter table audit_log add constraint audit_log_entity_check check (entity in ('career', 'credential', 'salaries', 'outlook', 'program', 'institution'))`,
]

const downStatements = [
  `delete from audit_log where entity in ('program', 'institution')`,
  `alter table audit_log drop constraint audit_log_entity_check`,
  `alter table audit_log add constraint audit_log_entity_check check (entity in ('career', 'credential', 'salaries', 'outlook'))`,
  'drop table program',
  'drop table institution',
  'drop table career_field_cip',
  'drop table cip_soc',
  'drop table cip_retired',
  'drop table field_of_study',
]

export async function up (db: Kysely<unknown>): Promise<void> {
  for (const statement of upStatements) await sql.raw(statement).execute(db)
}

export async function down (db: Kysely<unknown>): Promise<void> {
  for (const statement of downStatements) await sql.raw(statement).execute(db)
}
