// A deterministic dataset of the size and shape of the full official import, for the load
// benchmark and the query-plan test: every detailed SOC occupation as a career, O*NET's
// 56k alternate titles and ~18k related-occupation pairs, one projection cycle, and OEWS
// wages for a decade of May vintages (the older ones under SOC 2010 codes through the
// crosswalk), nationally, in states, and by industry. Rows are built set-wise in a handful
// of statements, so loading stays quick on PGlite too. Expects a migrated, seeded database.
import { sql } from 'kysely'
import type { Db } from '../src/db/connect.js'
import type { Queryable } from '../src/db/queryable.js'
import { upsertSource } from '../src/resources/sources/upsert.js'
import { refreshLatestFigures } from '../src/resources/career-figures/latest.js'
import { vacuumAnalyze } from '../src/db/vacuum.js'

export interface DatasetShape {
  /** Detailed occupations (SOC 2018 has 867); the seed's careers count among them. */
  careers: number
  /** O*NET 29.2 has 56,560 alternate titles. */
  alternateTitles: number
  /** O*NET's Related Occupations pair each occupation with about 20 others. */
  relationsPerCareer: number
  /** May vintages from firstYear to lastYear; those before soc2018From use SOC 2010 codes. */
  firstYear: number
  lastYear: number
  soc2018From: number
  /** Areas besides the nation, each with an all-industries estimate. */
  states: number
  /** National estimates by NAICS sector, besides the all-industries one. */
  industries: number
}

export const FULL_SHAPE: DatasetShape = {
  careers: 867,
  alternateTitles: 56_560,
  relationsPerCareer: 20,
  firstYear: 2015,
  lastYear: 2024,
  soc2018From: 2019,
  states: 5,
  industries: 6,
}

/**
 * The full shape with k times the careers and alternate titles; relations and wage rows
 * follow, as they come per career (the same vintages, areas and industries). For the growth
 * benchmark (bench/growth.ts): the same vocabulary and distributions over more rows.
 */
export function scaledShape (k: number, shape: DatasetShape = FULL_SHAPE): DatasetShape {
  if (!Number.isInteger(k) || k < 1) throw new Error(`scale must be a whole number ≥ 1, not ${k}`)
  return { ...shape, careers: shape.careers * k, alternateTitles: shape.alternateTitles * k }
}

export type DatasetCounts = Record<
  'career' | 'career_alternate_title' | 'career_relation' | 'wage_estimate' | 'projection' | 'soc_crosswalk',
  number
>

const MARKER = 'bench-generated-oews'

const MAJORS = [
  '11', '13', '15', '17', '19', '21', '23', '25', '27', '29', '31', '33',
  '35', '37', '39', '41', '43', '45', '47', '49', '51', '53', '55',
]
export const FIELDS = [
  'Clinical', 'Financial', 'Software', 'Civil', 'Environmental', 'Social', 'Legal', 'Museum', 'Broadcast', 'Dental',
  'Home Health', 'Security', 'Food Service', 'Grounds', 'Recreation', 'Insurance', 'Payroll', 'Agricultural',
  'Construction', 'Aircraft',
  'Chemical', 'Transit', 'Marine', 'Medical Records', 'Network', 'Nuclear', 'Pharmacy', 'Radiology', 'Retail',
  'Logistics',
  'Textile', 'Welding', 'Forestry', 'Mining', 'Library', 'Nursing', 'Audio', 'Claims', 'Energy', 'Hospitality',
]
export const ROLES = [
  'Analysts', 'Technicians', 'Managers', 'Specialists', 'Engineers', 'Inspectors', 'Coordinators', 'Assistants',
  'Operators', 'Scientists',
  'Clerks', 'Supervisors', 'Designers', 'Installers', 'Counselors', 'Therapists', 'Estimators', 'Auditors', 'Planners',
  'Mechanics',
  'Administrators', 'Examiners', 'Instructors', 'Dispatchers', 'Consultants',
]
export const QUALIFIERS = [
  'Senior', 'Junior', 'Lead', 'Chief', 'Assistant', 'Associate', 'Staff', 'Principal', 'Certified', 'Registered',
  'Licensed', 'Field', 'Regional', 'Night', 'Contract', 'Trainee', 'Apprentice', 'Master', 'Deputy', 'Head',
]
const TASKS = [
  'Reviews records for accuracy', 'Prepares reports for management', 'Maintains equipment and tools',
  'Trains new staff',
  'Coordinates schedules with other departments', 'Inspects work for compliance with standards',
  'Answers questions from the public',
  'Keeps inventories of supplies', 'Estimates costs and materials', 'Writes procedures and documentation',
]
const EDUCATION = [
  'high-school', 'postsecondary-nondegree', 'associate', 'bachelor', 'master', 'doctoral-professional',
  'no-formal-credential', 'some-college',
]
const SECTORS: Array<[string, string]> = [
  ['11', 'Agriculture, Forestry, Fishing and Hunting'], ['21', 'Mining, Quarrying, and Oil and Gas Extraction'],
  ['22', 'Utilities'],
  ['23', 'Construction'], ['31-33', 'Manufacturing'], ['42', 'Wholesale Trade'], ['44-45', 'Retail Trade'],
  ['48-49', 'Transportation and Warehousing'], ['51', 'Information'], ['52', 'Finance and Insurance'],
  ['54', 'Professional, Scientific, and Technical Services'], ['62', 'Health Care and Social Assistance'],
  ['71', 'Arts, Entertainment, and Recreation'], ['72', 'Accommodation and Food Services'],
]
const STATES: Array<[string, string]> = [
  ['01', 'Alabama'], ['04', 'Arizona'], ['06', 'California'], ['08', 'Colorado'], ['12', 'Florida'], ['13', 'Georgia'],
  ['17', 'Illinois'], ['25', 'Massachusetts'], ['36', 'New York'], ['48', 'Texas'], ['51', 'Virginia'],
  ['53', 'Washington'],
]

/** mulberry32: a small seeded generator, so every run builds the same rows. */
function random (seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const slugify = (text: string): string => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')

interface GeneratedCareer {
  code: string
  code2010: string
  title: string
  field: string
}

function careersOf (count: number): GeneratedCareer[] {
  // Codes step by 20 within each major group, as at full size; a larger dataset steps by 10
  // so that codes keep four digits. Either way every code ends in 1 and its SOC 2010 twin in
  // 6, so no twin collides with another career's code.
  const perMajor = Math.ceil(count / MAJORS.length)
  const step = Math.min(20, 10 * Math.floor((9999 - 1011) / perMajor / 10))
  if (step < 10) throw new Error(`${count} careers do not fit the SOC code space`)
  const titles = FIELDS.length * ROLES.length
  return Array.from({ length: count }, (_unused, i) => {
    const code = `${MAJORS[i % MAJORS.length]}-${String(1011 + Math.floor(i / MAJORS.length) * step).padStart(4, '0')}`
    // One in ten occupations had another code in SOC 2010: wages before 2019 reach it through the crosswalk.
    const code2010 = i % 10 === 0 ? `${code.slice(0, 6)}${(Number(code.slice(6)) + 5) % 10}` : code
    const field = FIELDS[i % FIELDS.length] ?? 'General'
    const role = ROLES[Math.floor(i / FIELDS.length) % ROLES.length] ?? 'Workers'
    // Past the thousand field and role pairs (a scaled dataset), a qualifier keeps titles and slugs distinct.
    const round = Math.floor(i / titles)
    const qualifier = round === 0 ? '' : `${QUALIFIERS[(round - 1) % QUALIFIERS.length] ?? ''} `
    if (round > QUALIFIERS.length) throw new Error(`${count} careers exceed the distinct titles`)
    return { code, code2010, field, title: `${qualifier}${field} ${role}` }
  })
}

/** Inserts rows given as one JSON document, which both drivers pass as a single parameter. */
async function insertJson (
  db: Queryable,
  table: string,
  columns: string,
  types: string,
  rows: unknown[],
): Promise<void> {
  for (let start = 0; start < rows.length; start += 5000) {
    const chunk = JSON.stringify(rows.slice(start, start + 5000))
    await sql`insert into ${sql.table(table)} (${sql.raw(columns)})
      select ${sql.raw(columns)} from json_to_recordset(${chunk}::json) as x(${sql.raw(types)})
      on conflict do nothing`.execute(db)
  }
}

export async function datasetCounts (db: Queryable): Promise<DatasetCounts> {
  const count = async (table: keyof DatasetCounts): Promise<number> => {
    const row = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)}`.execute(db)
    return row.rows[0]?.n ?? 0
  }
  return {
    career: await count('career'),
    career_alternate_title: await count('career_alternate_title'),
    career_relation: await count('career_relation'),
    wage_estimate: await count('wage_estimate'),
    projection: await count('projection'),
    soc_crosswalk: await count('soc_crosswalk'),
  }
}

/** Whether generateDataset has already filled this database. */
export async function hasDataset (db: Queryable): Promise<boolean> {
  return (await db.selectFrom('source').select('id').where('slug', '=', MARKER).executeTakeFirst()) !== undefined
}

/** Fills a migrated, seeded database; does nothing when it already holds the dataset. */
export async function generateDataset (db: Db, shape: DatasetShape = FULL_SHAPE): Promise<DatasetCounts> {
  if (await hasDataset(db)) return datasetCounts(db)
  const rand = random(20261128)
  await db.transaction().execute(async (trx) => {
    const oews = await upsertSource(trx, {
      slug: MARKER,
      publisher: 'Career Facts benchmark',
      dataset: 'Generated OEWS-shaped wages',
      referencePeriod: null,
      url: null,
    })
    const ep = await upsertSource(trx, {
      slug: 'bench-generated-ep',
      publisher: 'Career Facts benchmark',
      dataset: 'Generated projections',
      referencePeriod: null,
      url: null,
    })
    const onet = await upsertSource(trx, {
      slug: 'bench-generated-onet',
      publisher: 'Career Facts benchmark',
      dataset: 'Generated titles and relations',
      referencePeriod: null,
      url: null,
    })

    const states = STATES.slice(0, shape.states)
    const sectors = SECTORS.slice(0, shape.industries)
    await insertJson(trx, 'area', 'code, name, kind', 'code text, name text, kind text',
      states.map(([code, name]) => ({ code, name, kind: 'state' })))
    await insertJson(trx, 'industry', 'code, title', 'code text, title text',
      sectors.map(([code, title]) => ({ code, title })))

    // The seed's careers keep their codes; generated ones fill up to the shape's count.
    const seeded = await trx.selectFrom('career').select('soc_code').where('soc_code', 'is not', null).execute()
    const taken = new Set(seeded.map((row) => row.soc_code))
    const careers = careersOf(shape.careers + taken.size)
      .filter((career) => !taken.has(career.code))
      .slice(0, shape.careers - taken.size)

    await insertJson(trx, 'soc_occupation', 'soc_version, code, title, level, definition',
      'soc_version int, code text, title text, level text, definition text',
      careers.flatMap((career) => [
        {
          soc_version: 2018,
          code: career.code,
          title: career.title,
          level: 'detailed',
          definition: `${career.title} perform ${career.field.toLowerCase()} work.`,
        },
        { soc_version: 2010, code: career.code2010, title: career.title, level: 'detailed', definition: null },
      ]))
    await insertJson(trx, 'soc_crosswalk', 'soc2010, soc2018', 'soc2010 text, soc2018 text',
      careers.map((career) => ({ soc2010: career.code2010, soc2018: career.code })))
    await insertJson(trx, 'career',
      'slug, title, soc_code, summary, duties, typical_education, fields_of_study, licensure, job_zone',
      'slug text, title text, soc_code text, summary text, duties text[], typical_education text, ' +
        'fields_of_study text[], licensure text, job_zone int',
      careers.map((career, i) => ({
        slug: slugify(career.title),
        title: career.title,
        soc_code: career.code,
        summary: `${career.title} plan, carry out and check ${career.field.toLowerCase()} work ` +
          'in organizations of every size.',
        duties: [0, 1, 2, 3].map((k) =>
          `${TASKS[(i + k * 3) % TASKS.length] ?? ''} in ${career.field.toLowerCase()} settings.`),
        typical_education: EDUCATION[i % EDUCATION.length],
        fields_of_study: [`${career.field} studies`, 'Business administration'].slice(0, 1 + (i % 2)),
        licensure: i % 4 === 0 ? `Most states license ${career.title.toLowerCase()}.` : null,
        job_zone: 1 + (i % 5),
      })))

    const ids = await trx.selectFrom('career')
      .select(['id', 'soc_code'])
      .where('soc_code', 'in', careers.map((career) => career.code))
      .orderBy('id')
      .execute()
    const idOf = new Map(ids.map((row) => [row.soc_code, row.id]))
    const careerIds = careers.map((career) => idOf.get(career.code)).filter((id): id is number => id !== undefined)

    // Uneven counts per career, as in O*NET (from a handful to a few hundred), scaled to the total.
    const weights = careerIds.map(() => 0.1 + rand() ** 2 * 3)
    const scale = shape.alternateTitles / weights.reduce((sum, w) => sum + w, 0)
    const titles: Array<{ career_id: number, title: string, source_id: number }> = []
    careerIds.forEach((careerId, i) => {
      const career = careers[i]
      if (career === undefined) return
      const wanted = Math.min(Math.round((weights[i] ?? 1) * scale), QUALIFIERS.length * ROLES.length)
      for (let j = 0; j < wanted; j++) {
        const qualifier = QUALIFIERS[j % QUALIFIERS.length] ?? ''
        const role = ROLES[(Math.floor(j / QUALIFIERS.length) + i) % ROLES.length] ?? ''
        titles.push({ career_id: careerId, title: `${qualifier} ${career.field} ${role}`, source_id: onet })
      }
    })
    await insertJson(trx, 'career_alternate_title', 'career_id, title, source_id',
      'career_id int, title text, source_id int', titles)

    const relations: Array<{ from_career_id: number, to_career_id: number, kind: string, source_id: number }> = []
    const n = careerIds.length
    careerIds.forEach((from, i) => {
      const wanted = Math.max(1, Math.round(shape.relationsPerCareer * (0.25 + rand() * 1.5)))
      for (let k = 0; k < wanted && k + 1 < n; k++) {
        const to = careerIds[(i + 1 + k * 37) % n]
        if (to !== undefined && to !== from) {
          relations.push({ from_career_id: from, to_career_id: to, kind: 'similar', source_id: onet })
        }
      }
    })
    await insertJson(trx, 'career_relation', 'from_career_id, to_career_id, kind, source_id',
      'from_career_id int, to_career_id int, kind text, source_id int', relations)

    // Wages: every career, year and (area, industry) cell, figures derived from the code so
    // that reruns agree. Percentiles fan out around the median; the 90th is top-coded as BLS does.
    type Cell = { area: string, industry: string | null, factor: number }
    const cells: Cell[] = [
      { area: 'US', industry: null, factor: 1 },
      ...states.map(([area], k): Cell => ({ area, industry: null, factor: 0.82 + k * 0.04 })),
      ...sectors.map(([industry], k): Cell => ({ area: 'US', industry, factor: 0.78 + k * 0.035 })),
    ]
    await sql`insert into wage_estimate (soc_version, soc_code, occupation_title, period_year, period_month,
        area_code, industry_code,
        employment, hourly_mean, hourly_p10, hourly_p25, hourly_median, hourly_p75, hourly_p90,
        annual_mean, annual_p10, annual_p25, annual_median, annual_p75, annual_p90, flags, source_id)
      select v.soc_version, v.code, c.title, y, 5, cell.area, cell.industry,
        (200 + (v.seed % 400000) * cell.factor)::int,
        round(m * 1.1 / 2080, 2), round(m * 0.6 / 2080, 2), round(m * 0.78 / 2080, 2), round(m / 2080, 2),
        round(m * 1.3 / 2080, 2),
        round(least(m * 1.7, 239200) / 2080, 2),
        round(m * 1.1), round(m * 0.6), round(m * 0.78), round(m), round(m * 1.3), round(least(m * 1.7, 239200)),
        case when m * 1.7 > 239200 then '{"annual_p90":"#","hourly_p90":"#"}' else '{}' end::jsonb,
        ${oews}
      from career c
      join soc_crosswalk x on x.soc2018 = c.soc_code
      cross join generate_series(${shape.firstYear}::int, ${shape.lastYear}::int) y
      cross join json_to_recordset(${JSON.stringify(cells)}::json) as cell(area text, industry text, factor float8)
      cross join lateral (select
        case when y < ${shape.soc2018From} then 2010 else 2018 end as soc_version,
        case when y < ${shape.soc2018From} then x.soc2010 else x.soc2018 end as code,
        substr(c.soc_code, 1, 2)::int * 104729 + substr(c.soc_code, 4, 4)::int * 7919 as seed) v
      cross join lateral (select
        ((26000 + v.seed % 95000) * (1 + (y - ${shape.firstYear}) * 0.03) * cell.factor)::numeric as m) f
      where c.id in (select (value #>> '{}')::int from json_array_elements(${JSON.stringify(careerIds)}::json))
      on conflict do nothing`.execute(trx)

    const cycle = await trx.insertInto('projection_cycle')
      .values({ base_year: 2024, target_year: 2034, soc_version: 2018, source_id: ep })
      .onConflict((oc) => oc.columns(['base_year', 'target_year']).doUpdateSet({ source_id: ep }))
      .returning('id')
      .executeTakeFirstOrThrow()
    await insertJson(trx, 'projection_band', 'cycle_id, descriptor, min_percent',
      'cycle_id int, descriptor text, min_percent numeric',
      [
        ['Decline', -100],
        ['Little or no change', -1.5],
        ['Slower than average', 1.5],
        ['As fast as average', 3.5],
        ['Faster than average', 6.5],
        ['Much faster than average', 10.5],
      ]
        .map(([descriptor, min]) => ({ cycle_id: cycle.id, descriptor, min_percent: min })))
    await insertJson(trx, 'projection',
      'cycle_id, soc_code, occupation_title, base_employment, projected_employment, change_numeric, ' +
        'change_percent, annual_openings, typical_education, source_id',
      'cycle_id int, soc_code text, occupation_title text, base_employment int, projected_employment int, ' +
        'change_numeric int, change_percent numeric, annual_openings int, typical_education text, source_id int',
      careers.map((career, i) => {
        const base = 1000 + Math.round(rand() * 400) * 1000
        const percent = Math.round((rand() * 30 - 8) * 10) / 10
        const projected = Math.round(base * (1 + percent / 100) / 100) * 100
        return {
          cycle_id: cycle.id,
          soc_code: career.code,
          occupation_title: career.title,
          base_employment: base,
          projected_employment: projected,
          change_numeric: projected - base,
          change_percent: percent,
          annual_openings: Math.round(base / 10),
          typical_education: EDUCATION[i % EDUCATION.length],
          source_id: ep,
        }
      }))
    await refreshLatestFigures(trx)
  })
  // Vacuumed and analysed as an import leaves the database: plans of loaded tables, no dead rows.
  await vacuumAnalyze(db)
  return datasetCounts(db)
}

/** The keys and queries the benchmark and the plan test send: deterministic, spread over the dataset. */
export async function sampleKeys (db: Queryable, count: number): Promise<string[]> {
  const rows = await db.selectFrom('career')
    .select(['slug', 'soc_code', 'id'])
    .where('soc_code', 'is not', null)
    .orderBy('id')
    .execute()
  const step = Math.max(1, Math.floor(rows.length / count))
  return rows.filter((_row, i) => i % step === 0).slice(0, count).map((row, i) => {
    if (i % 3 === 0) return String(row.id)
    if (i % 3 === 1) return row.soc_code ?? row.slug
    return row.slug
  })
}

/** Search terms people type: whole titles, word prefixes, alternate titles and typos. */
export const SEARCH_QUERIES = [
  'medical records', 'nurse', 'software', 'analyst', 'clinical technicians', 'registered nursing', 'transcription',
  'financial manager',
  'welding inspector', 'pharmacy', 'radiology specialist', 'senior logistics planner', 'medcal recrds', 'enginer',
  'claims examiners',
  'network administrators', 'database', 'lead civil engineers', 'security', 'apprentice mechanics', 'museum',
  'dental assistants',
  'head chef', 'forestry', 'environmental scientists', 'payroll clerks', 'audio', 'energy auditors',
  'hospitality managers', 'teacher',
]
