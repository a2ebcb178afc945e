// The Database interface must match the migrated schema. The column maps below are checked
// by the compiler against the interface (names and nullability), and by this test against
// the database's own catalogue.
import t from 'tap'
import { sql, type SelectType } from 'kysely'
import type { Database } from '../src/db/schema.js'
import { setupApp } from './helpers/app.js'

type NullableMap<Table> = { [Column in keyof Table]: null extends SelectType<Table[Column]> ? true : false }
type Columns = { [Table in keyof Database]: NullableMap<Database[Table]> }

const columns: Columns = {
  education_level: { code: false, rank: false, label: false },
  source: { id: false, slug: false, publisher: false, dataset: false, reference_period: true, url: true, notice: true },
  area: { code: false, name: false, kind: false },
  industry: { code: false, title: false },
  soc_occupation: { soc_version: false, code: false, title: false, level: false, definition: true },
  soc_crosswalk: { soc2010: false, soc2018: false },
  soc_published_group: { soc2018: false, published_code: false, source_id: false },
  career: {
    id: false, slug: false, title: false, soc_code: true, summary: true, duties: false, work_environment: true,
    typical_education: true, degree_required: true, fields_of_study: false, licensure: true, advancement: true,
    created_at: false, updated_at: false, search_vector: true, text_source_id: true, job_zone: true, kind: false,
    duties_onet_soc_code: true,
  },
  career_alternate_title: { id: false, career_id: false, title: false, source_id: true, search_vector: true },
  career_search: { career_id: false, document: false },
  career_search_word: { word: false, lexeme: false },
  career_search_lexeme: { lexeme: false, documents: false },
  career_list_key: {
    career_id: false, median_annual: true, change_percent: true, annual_openings: true, employment: true,
    median_desc: false, median_asc: false, growth_desc: false, growth_asc: false,
    openings_desc: false, openings_asc: false, employment_desc: false, employment_asc: false,
  },
  career_relation: { from_career_id: false, to_career_id: false, kind: false, source_id: true, rank: true, tier: true },
  organization: { id: false, slug: false, name: false, abbreviation: true, url: true },
  credential: {
    id: false, slug: false, abbreviation: true, name: false, kind: false, issuer_id: true, jurisdiction: true,
    requirements: true, renewal: true, source_id: true, created_at: false, updated_at: false,
  },
  career_credential: { career_id: false, credential_id: false, level: false, note: true },
  wage_estimate: {
    id: false, soc_version: false, soc_code: false, occupation_title: false, period_year: false, period_month: false,
    area_code: false, industry_code: true, employment: true, employment_rse: true,
    hourly_mean: true, hourly_p10: true, hourly_p25: true, hourly_median: true, hourly_p75: true, hourly_p90: true,
    annual_mean: true, annual_p10: true, annual_p25: true, annual_median: true, annual_p75: true, annual_p90: true,
    annual_only: false, hourly_only: false, flags: false, source_id: false,
  },
  projection_cycle: { id: false, base_year: false, target_year: false, soc_version: false, source_id: true },
  projection_band: { cycle_id: false, descriptor: false, min_percent: false },
  projection: {
    id: false, cycle_id: false, soc_code: false, occupation_title: false, base_employment: true,
    projected_employment: true, change_numeric: true, change_percent: true, annual_openings: true,
    typical_education: true, work_experience: true, on_the_job_training: true, source_id: false,
    percent_self_employed: true,
  },
  ooh_profile: { soc_code: false, title: false, url: false, source_id: false },
  soc_latest_figures: {
    soc_code: false, median_annual: true, median_top_coded: false, wage_period_year: true, wage_period_month: true,
    employment: true, wage_published_as: true, change_percent: true, annual_openings: true, base_year: true,
    target_year: true, descriptor: true, growth_published_as: true,
  },
  onet_education_category: { category: false, label: false },
  career_education_share: { career_id: false, category: false, percent: false, source_id: false },
  onet_occupation: { onet_soc_code: false, title: false, source_id: false },
  career_technology_skill: {
    career_id: false, commodity_code: false, commodity_title: false, example: false, hot: false, in_demand: false,
    onet_soc_code: false, source_id: false,
  },
  career_interest: {
    career_id: false, realistic: false, investigative: false, artistic: false, social: false, enterprising: false,
    conventional: false, onet_soc_code: false, source_id: false,
  },
  career_work_style: {
    career_id: false, element_id: false, name: false, importance: false, onet_soc_code: false, source_id: false,
  },
  api_key: {
    id: false, name: false, key_hash: false, scopes: false, created_at: false, revoked_at: true, last_used_at: true,
  },
  audit_log: {
    id: false, at: false, actor: false, request_id: true, action: false, entity: false, entity_id: false,
    entity_key: false, before: true, after: true,
  },
  field_of_study: {
    code: false, family: false, title: false, definition: true, source_id: true, digits: false, search_vector: true,
  },
  cip_retired: { code: false, action: false, replaced_by: true, source_id: true },
  cip_soc: { cip_code: false, soc_code: false, source_id: false },
  career_field_cip: { career_id: false, field: false, cip_code: false },
  institution: {
    id: false, name: false, city: false, state: false, ipeds_unit_id: true, url: true, created_at: false,
    updated_at: false,
  },
  program: {
    id: false, institution_id: false, name: false, award_level: false, cip_code: false, delivery: false, url: true,
    tuition_usd: true, tuition_year: true, sponsored: false, sponsor_disclosure: true, created_at: false,
    updated_at: false,
  },
}

const { database } = await setupApp(t)

t.test('every table and column of the interface exists with the same nullability', async (t) => {
  const result = await sql<{ table_name: string, column_name: string, is_nullable: 'YES' | 'NO' }>`
    select table_name, column_name, is_nullable from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely_%'
  `.execute(database.db)
  const actual: Record<string, Record<string, boolean>> = {}
  for (const row of result.rows) {
    actual[row.table_name] ??= {}
    const table = actual[row.table_name]
    if (table !== undefined) table[row.column_name] = row.is_nullable === 'YES'
  }
  t.same(actual, columns)
})
