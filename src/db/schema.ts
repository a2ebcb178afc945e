// Row types of the migrated schema: the single source of truth for the data layer.
// Keep in step with migrations/ (test/schema.test.ts compares the two).
import type { ColumnType, Generated, Insertable, Selectable } from 'kysely'

/** A column Postgres fills and the application never writes. */
type ReadOnly<T> = ColumnType<T, never, never>

export type SocVersion = 2010 | 2018
export type RelationKind = 'specialization' | 'advancement' | 'alternative' | 'similar'
export type CredentialKind = 'certification' | 'license' | 'certificate'
export type RequirementLevel = 'required' | 'typically-required' | 'preferred' | 'optional'
export type AreaKind = 'national' | 'state' | 'metro' | 'nonmetro' | 'territory'
export type SocLevel = 'major' | 'minor' | 'broad' | 'detailed'
/**
 * `occupation`: a detailed SOC occupation under its official title; `group`: a code BLS
 * publishes for several occupations (21-1018); `editorial`: written by editors (migration
 * 20261201T1000 says more).
 */
export type CareerKind = 'occupation' | 'group' | 'editorial'
/** BLS footnote markers kept per figure: '#' top-coded floor, '*' and '**' not available, '~' too few reports. */
export type FootnoteCode = '#' | '*' | '**' | '~'

/** The BLS typical-entry-education categories, as the seed and the importer store them. */
export type EducationCode = 'no-formal-credential' | 'high-school' | 'some-college' | 'postsecondary-nondegree' |
  'associate' | 'bachelor' | 'master' | 'doctoral-professional'

export interface EducationLevelTable {
  code: EducationCode
  rank: number
  label: string
}

export interface SourceTable {
  id: Generated<number>
  slug: string
  publisher: string
  dataset: string
  reference_period: string | null
  url: string | null
  notice: string | null
}

export interface AreaTable {
  code: string
  name: string
  kind: AreaKind
}

export interface IndustryTable {
  code: string
  title: string
}

export interface SocOccupationTable {
  soc_version: SocVersion
  code: string
  title: string
  level: SocLevel
  definition: string | null
}

export interface SocCrosswalkTable {
  soc2010: string
  soc2018: string
}

/** A detailed SOC 2018 code BLS publishes only within a broader code (31-1121 within 31-1120). */
export interface SocPublishedGroupTable {
  soc2018: string
  published_code: string
  source_id: number
}

export interface CareerTable {
  id: Generated<number>
  slug: string
  title: string
  soc_code: string | null
  summary: string | null
  duties: ColumnType<string[], string[] | undefined, string[]>
  work_environment: string | null
  typical_education: EducationCode | null
  degree_required: string | null
  fields_of_study: ColumnType<string[], string[] | undefined, string[]>
  licensure: string | null
  advancement: string | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
  search_vector: ReadOnly<string | null>
  /** The official dataset the summary and duties were taken from; null: editors wrote them. */
  text_source_id: ColumnType<number | null, number | null | undefined, number | null>
  /** O*NET job zone, 1 (little preparation) to 5 (extensive). */
  job_zone: ColumnType<number | null, number | null | undefined, number | null>
  kind: ColumnType<CareerKind, CareerKind | undefined, CareerKind>
  /** The O*NET-SOC code whose task statements the duties are (29-2072.00, or a specialty's); null: editors'. */
  duties_onet_soc_code: ColumnType<string | null, string | null | undefined, string | null>
}

export interface CareerAlternateTitleTable {
  id: Generated<number>
  career_id: number
  title: string
  source_id: number | null
  search_vector: ReadOnly<string | null>
}

/** Derived by triggers (migration 20261128T2100): written by the database only. */
export interface CareerSearchTable {
  career_id: ReadOnly<number>
  document: ReadOnly<string>
}

/** Derived by triggers: the distinct words of career and alternate titles, for typos. */
export interface CareerSearchWordTable {
  word: ReadOnly<string>
  lexeme: ReadOnly<string>
}

/** Derived by triggers: every lexeme of the search documents, with how many hold it. */
export interface CareerSearchLexemeTable {
  lexeme: ReadOnly<string>
  documents: ReadOnly<number>
}

/**
 * Derived by triggers: each career's sort figures from soc_latest_figures, and per figure
 * and direction the key lists order by (a missing figure is ±1e15, last either way).
 */
export interface CareerListKeyTable {
  career_id: ReadOnly<number>
  median_annual: ReadOnly<number | null>
  change_percent: ReadOnly<number | null>
  annual_openings: ReadOnly<number | null>
  employment: ReadOnly<number | null>
  median_desc: ReadOnly<number>
  median_asc: ReadOnly<number>
  growth_desc: ReadOnly<number>
  growth_asc: ReadOnly<number>
  openings_desc: ReadOnly<number>
  openings_asc: ReadOnly<number>
  employment_desc: ReadOnly<number>
  employment_asc: ReadOnly<number>
}

export type RelatednessTier = 'Primary-Short' | 'Primary-Long' | 'Supplemental'

export interface CareerRelationTable {
  from_career_id: number
  to_career_id: number
  kind: RelationKind
  source_id: number | null
  /** O*NET's Index: 1 is the most related; null for relations editors wrote. */
  rank: ColumnType<number | null, number | null | undefined, number | null>
  tier: ColumnType<RelatednessTier | null, RelatednessTier | null | undefined, RelatednessTier | null>
}

export interface OrganizationTable {
  id: Generated<number>
  slug: string
  name: string
  abbreviation: string | null
  url: string | null
}

export interface CredentialTable {
  id: Generated<number>
  slug: string
  abbreviation: string | null
  name: string
  kind: CredentialKind
  issuer_id: number | null
  jurisdiction: string | null
  requirements: string | null
  renewal: string | null
  source_id: number | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}

export interface CareerCredentialTable {
  career_id: number
  credential_id: number
  level: RequirementLevel
  note: string | null
}

export type WageFlags = Partial<Record<WageFigure, FootnoteCode>> & { employment?: FootnoteCode }

export type WageFigure =
  | 'hourly_mean' | 'hourly_p10' | 'hourly_p25' | 'hourly_median' | 'hourly_p75' | 'hourly_p90'
  | 'annual_mean' | 'annual_p10' | 'annual_p25' | 'annual_median' | 'annual_p75' | 'annual_p90'

export interface WageEstimateTable {
  id: Generated<number>
  soc_version: SocVersion
  soc_code: string
  occupation_title: string
  period_year: number
  period_month: number
  area_code: string
  industry_code: string | null
  employment: number | null
  employment_rse: number | null
  hourly_mean: number | null
  hourly_p10: number | null
  hourly_p25: number | null
  hourly_median: number | null
  hourly_p75: number | null
  hourly_p90: number | null
  annual_mean: number | null
  annual_p10: number | null
  annual_p25: number | null
  annual_median: number | null
  annual_p75: number | null
  annual_p90: number | null
  annual_only: Generated<boolean>
  hourly_only: Generated<boolean>
  flags: ColumnType<WageFlags, string | undefined, string>
  source_id: number
}

export interface ProjectionCycleTable {
  id: Generated<number>
  base_year: number
  target_year: number
  soc_version: SocVersion
  source_id: number | null
}

export interface ProjectionBandTable {
  cycle_id: number
  descriptor: string
  min_percent: number
}

export interface ProjectionTable {
  id: Generated<number>
  cycle_id: number
  soc_code: string
  occupation_title: string
  base_employment: number | null
  projected_employment: number | null
  change_numeric: number | null
  change_percent: number | null
  annual_openings: number | null
  typical_education: EducationCode | null
  work_experience: string | null
  on_the_job_training: string | null
  source_id: number
  /** Percent of the base year's employment that is self-employed, as EP publishes it; null: "—". */
  percent_self_employed: ColumnType<number | null, number | null | undefined, number | null>
}

/**
 * The Occupational Outlook Handbook profile covering a SOC code, from EP's NEM crosswalk
 * (migration 20261201T1310 says why it is kept by code).
 */
export interface OohProfileTable {
  soc_code: string
  title: string
  url: string
  source_id: number
}

/**
 * The latest national figures of a SOC 2018 code, derived from wage_estimate and projection
 * and refreshed with every write of figures (migration 20261202T0900).
 */
export interface SocLatestFiguresTable {
  soc_code: string
  /** A top-coded median is stored as its floor, with median_top_coded. */
  median_annual: number | null
  median_top_coded: boolean
  wage_period_year: number | null
  wage_period_month: number | null
  employment: number | null
  wage_published_as: 'occupation' | 'group' | null
  change_percent: number | null
  annual_openings: number | null
  base_year: number | null
  target_year: number | null
  descriptor: string | null
  growth_published_as: 'occupation' | 'group' | null
}

export interface OnetEducationCategoryTable {
  category: number
  label: string
}

export interface CareerEducationShareTable {
  career_id: number
  category: number
  percent: number
  source_id: number
}

/** An O*NET-SOC record (29-2072.00, or a specialty: 15-1299.08) and its O*NET title. */
export interface OnetOccupationTable {
  onet_soc_code: string
  title: string
  source_id: number
}

/** O*NET Technology Skills: an example product under its UNSPSC commodity, for one career. */
export interface CareerTechnologySkillTable {
  career_id: number
  /** UNSPSC commodity code, 8 digits, as text. */
  commodity_code: string
  commodity_title: string
  example: string
  hot: boolean
  in_demand: boolean
  /** The O*NET-SOC record the row was taken from (migration 20261201T1300). */
  onet_soc_code: string
  source_id: number
}

/** O*NET Interests: the six RIASEC scores (scale OI, 1–7) of one career. */
export interface CareerInterestTable {
  career_id: number
  realistic: number
  investigative: number
  artistic: number
  social: number
  enterprising: number
  conventional: number
  onet_soc_code: string
  source_id: number
}

/** O*NET Work Styles: one element's importance (scale IM, 1–5) for one career. */
export interface CareerWorkStyleTable {
  career_id: number
  element_id: string
  name: string
  importance: number
  onet_soc_code: string
  source_id: number
}

export type ApiKeyScope = 'read' | 'write'

export interface ApiKeyTable {
  id: Generated<number>
  name: string
  key_hash: string
  scopes: ApiKeyScope[]
  created_at: ColumnType<Date, never, never>
  revoked_at: ColumnType<Date | null, never, Date>
  last_used_at: ColumnType<Date | null, never, Date>
}

export type AuditAction = 'create' | 'update' | 'delete'
export type AuditEntity = 'career' | 'credential' | 'salaries' | 'outlook' | 'program' | 'institution' | 'dataset'

export type AwardLevel = 'certificate' | 'associate' | 'bachelor' | 'master' | 'doctoral'
export type Delivery = 'on_campus' | 'online' | 'hybrid'

/** A CIP 2020 code: family (01), series (01.00) or program (01.0000); always text. */
export interface FieldOfStudyTable {
  code: string
  family: string
  title: string
  definition: string | null
  source_id: number | null
  /** 2, 4 or 6: how many digits the code has. */
  digits: ReadOnly<number>
  search_vector: ReadOnly<string | null>
}

export interface CipRetiredTable {
  code: string
  action: 'deleted' | 'moved'
  /** The 2020 code NCES says to report under instead, when it names a 6-digit one. */
  replaced_by: string | null
  source_id: number | null
}

export interface CipSocTable {
  cip_code: string
  soc_code: string
  source_id: number
}

export interface CareerFieldCipTable {
  career_id: number
  /** The field of study as the career names it (career.fields_of_study). */
  field: string
  cip_code: string
}

export interface InstitutionTable {
  id: Generated<number>
  name: string
  city: string
  state: string
  ipeds_unit_id: number | null
  url: string | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}

export interface ProgramTable {
  id: Generated<number>
  institution_id: number
  name: string
  award_level: AwardLevel
  cip_code: string
  delivery: Delivery
  url: string | null
  tuition_usd: number | null
  tuition_year: number | null
  sponsored: Generated<boolean>
  sponsor_disclosure: string | null
  created_at: ColumnType<Date, never, never>
  updated_at: ColumnType<Date, never, Date>
}

export interface AuditLogTable {
  id: Generated<number>
  at: ColumnType<Date, never, never>
  actor: string
  request_id: string | null
  action: AuditAction
  entity: AuditEntity
  entity_id: number
  entity_key: string
  /** The resource as the API represented it; JSON text on the way in. */
  before: ColumnType<Record<string, unknown> | null, string | null, never>
  after: ColumnType<Record<string, unknown> | null, string | null, never>
}

export interface Database {
  education_level: EducationLevelTable
  source: SourceTable
  area: AreaTable
  industry: IndustryTable
  soc_occupation: SocOccupationTable
  soc_crosswalk: SocCrosswalkTable
  soc_published_group: SocPublishedGroupTable
  career: CareerTable
  career_alternate_title: CareerAlternateTitleTable
  career_search: CareerSearchTable
  career_search_word: CareerSearchWordTable
  career_search_lexeme: CareerSearchLexemeTable
  career_list_key: CareerListKeyTable
  career_relation: CareerRelationTable
  organization: OrganizationTable
  credential: CredentialTable
  career_credential: CareerCredentialTable
  wage_estimate: WageEstimateTable
  projection_cycle: ProjectionCycleTable
  projection_band: ProjectionBandTable
  projection: ProjectionTable
  ooh_profile: OohProfileTable
  soc_latest_figures: SocLatestFiguresTable
  onet_education_category: OnetEducationCategoryTable
  career_education_share: CareerEducationShareTable
  onet_occupation: OnetOccupationTable
  career_technology_skill: CareerTechnologySkillTable
  career_interest: CareerInterestTable
  career_work_style: CareerWorkStyleTable
  api_key: ApiKeyTable
  audit_log: AuditLogTable
  field_of_study: FieldOfStudyTable
  cip_retired: CipRetiredTable
  cip_soc: CipSocTable
  career_field_cip: CareerFieldCipTable
  institution: InstitutionTable
  program: ProgramTable
}

export type CareerRow = Selectable<CareerTable>
export type NewCareer = Insertable<CareerTable>
export type SourceRow = Selectable<SourceTable>
