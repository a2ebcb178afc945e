// Career lists: search, filters on the latest national figures, education, job zone and
// interests, sorts on them, keyset pages; each row with its headline figures.
import { sql, type RawBuilder, type Selectable, type SqlBool } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { CareerKind, SocLatestFiguresTable } from '../../db/schema.js'
import { isEducationCode } from '../../schemas/common.js'
import { fingerprint, readCursor, toPage, type CursorKey } from '../../http/cursor.js'
import { errors } from '../../errors.js'
import type { Queryable } from '../../db/queryable.js'
import type { CareerList, CareerListQuery, CareerSummary, outlookCodes } from './schemas.js'
import { attributions } from './attributions.js'
import { headlineFigures } from './headline.js'
import { NO_SCORES, searchMatches, searchScores } from './search.js'

export type CareerSummaryBody = Static<typeof CareerSummary>
export type CareerListParams = Static<typeof CareerListQuery>
type CareerSort = NonNullable<CareerListParams['sort']>
type Direction = 'asc' | 'desc'

interface Ordering {
  /** The sort key as SQL, per direction, on `career as c`, search scores `m` and list keys `k`. */
  key: Record<Direction, RawBuilder<string | number>>
  shape: 'string' | 'number'
  natural: Direction
  /** The key is a column of career_list_key `k`, joined only for these sorts. */
  listKey?: true
  /** The figure of soc_latest_figures the key orders by, for a range on it to bound the index scan. */
  figure?: 'median_annual' | 'change_percent'
}

const both = (key: RawBuilder<string | number>): Record<Direction, RawBuilder<string | number>> =>
  ({ asc: key, desc: key })

// Each key is what an index (migration 20261203T1000) holds in that order, ids ascending
// after it, so that a list reads a page's careers in order and stops; a figure's key puts
// careers without it last whichever the direction. Careers without a SOC code sort after
// every code.
const ORDERINGS: Record<CareerSort, Ordering> = {
  relevance: { key: both(sql`m.score`), shape: 'number', natural: 'desc' },
  title: { key: both(sql`lower(c.title)`), shape: 'string', natural: 'asc' },
  soc: { key: both(sql`(coalesce(c.soc_code, '~') collate "C")`), shape: 'string', natural: 'asc' },
  'median-wage': {
    key: { asc: sql`k.median_asc`, desc: sql`k.median_desc` }, shape: 'number', natural: 'desc', listKey: true,
    figure: 'median_annual',
  },
  growth: {
    key: { asc: sql`k.growth_asc`, desc: sql`k.growth_desc` }, shape: 'number', natural: 'desc', listKey: true,
    figure: 'change_percent',
  },
  openings: {
    key: { asc: sql`k.openings_asc`, desc: sql`k.openings_desc` }, shape: 'number', natural: 'desc', listKey: true,
  },
  employment: {
    key: { asc: sql`k.employment_asc`, desc: sql`k.employment_desc` }, shape: 'number', natural: 'desc', listKey: true,
  },
}

const DESCRIPTORS: Record<typeof outlookCodes[number], string> = {
  'much-faster-than-average': 'Much faster than average',
  'faster-than-average': 'Faster than average',
  'as-fast-as-average': 'As fast as average',
  'slower-than-average': 'Slower than average',
  'little-or-no-change': 'Little or no change',
  decline: 'Decline',
}

/** The interest code (top three RIASEC letters, ties in RIASEC order) of career_interest `i`. */
const interestCode = sql<string>`(
  select string_agg(letter, '' order by score desc, position) from (
    select letter, score, position from (values
      ('R', i.realistic, 1), ('I', i.investigative, 2), ('A', i.artistic, 3),
      ('S', i.social, 4), ('E', i.enterprising, 5), ('C', i.conventional, 6)
    ) as v (letter, score, position) order by score desc, position limit 3
  ) top
)`

const CAREER_COLUMNS = [
  'c.id', 'c.slug', 'c.title', 'c.soc_code', 'c.kind', 'c.summary', 'c.text_source_id',
  'e.code as education_code', 'e.label as education_label',
] as const
// The figures as columns: to_jsonb(f) built a value for every career read, before the sort
// kept twenty, and took 4.5 of a sorted list's 6.4 ms (EXPLAIN ANALYZE, 868 careers).
const FIGURE_COLUMNS = [
  'f.soc_code as f_soc_code', 'f.median_annual as f_median_annual', 'f.median_top_coded as f_median_top_coded',
  'f.wage_period_year as f_wage_period_year', 'f.wage_period_month as f_wage_period_month',
  'f.employment as f_employment', 'f.wage_published_as as f_wage_published_as',
  'f.change_percent as f_change_percent', 'f.annual_openings as f_annual_openings', 'f.base_year as f_base_year',
  'f.target_year as f_target_year', 'f.descriptor as f_descriptor',
  'f.growth_published_as as f_growth_published_as',
] as const

function split (list: string | undefined): string[] | undefined {
  return list === undefined ? undefined : [...new Set(list.split(','))]
}

export async function listCareers (db: Queryable, params: CareerListParams): Promise<Static<typeof CareerList>> {
  const sort: CareerSort = params.sort ?? (params.q === undefined ? 'title' : 'relevance')
  if (sort === 'relevance' && params.q === undefined) throw errors.relevanceWithoutQuery('sort')
  const ordering = ORDERINGS[sort]
  const direction: Direction = params.order ?? ordering.natural
  const education = split(params.education)?.filter(isEducationCode)
  const kinds = split(params.kind) as CareerKind[] | undefined
  const jobZones = split(params.jobZone)?.map(Number)
  const outlook = split(params.outlook)?.map((code) => DESCRIPTORS[code as keyof typeof DESCRIPTORS])
  const print = fingerprint([
    sort, direction, params.q ?? null, education ?? null, params.soc ?? null, kinds ?? null,
    params.publishedAs ?? null, params.minWage ?? null, params.maxWage ?? null, params.minGrowth ?? null,
    outlook ?? null, jobZones ?? null, params.interest ?? null,
  ])
  const after = readCursor(params.cursor, print, [ordering.shape, 'number'])

  const key = ordering.key[direction]

  // Without q, or sorted otherwise than by relevance, the join is to an empty relation, so one
  // query shape serves every case; then the matches are a filter, and the page alone is
  // scored (below).
  const scores = params.q !== undefined && sort === 'relevance' ? searchScores(params.q) : NO_SCORES
  let query = db.selectFrom('career as c')
    .leftJoin(scores.as('m'), 'm.career_id', 'c.id')
    .leftJoin('education_level as e', 'e.code', 'c.typical_education')
    .leftJoin('soc_latest_figures as f', 'f.soc_code', 'c.soc_code')
    .$if(ordering.listKey === true, (qb) => qb.innerJoin('career_list_key as k', 'k.career_id', 'c.id'))
    .select(CAREER_COLUMNS)
    .select(['m.score', 'm.matched', 'm.matched_title'])
    .select(FIGURE_COLUMNS)
    .select(key.as('sort_key'))

  if (params.q !== undefined) {
    query = sort === 'relevance'
      ? query.where('m.career_id', 'is not', null)
      : query.where('c.id', 'in', searchMatches(params.q))
  }
  if (education !== undefined) query = query.where('c.typical_education', 'in', education)
  // Sorted by code, the prefix is a range of the key (below); a LIKE beside it would have the
  // planner guess a tenth of the careers it holds and sort them rather than read in order.
  if (params.soc !== undefined && sort !== 'soc') query = query.where('c.soc_code', 'like', `${params.soc}%`)
  if (kinds !== undefined) query = query.where('c.kind', 'in', kinds)
  if (jobZones !== undefined) query = query.where('c.job_zone', 'in', jobZones)
  if (params.publishedAs !== undefined) {
    query = query.where((eb) => eb.and([
      eb.or([eb('f.wage_published_as', 'is', null), eb('f.wage_published_as', '=', 'occupation')]),
      eb.or([eb('f.growth_published_as', 'is', null), eb('f.growth_published_as', '=', 'occupation')]),
    ]))
  }
  if (params.minWage !== undefined) query = query.where('f.median_annual', '>=', params.minWage)
  if (params.maxWage !== undefined) {
    query = query.where('f.median_annual', '<=', params.maxWage).where('f.median_top_coded', '=', false)
  }
  if (params.minGrowth !== undefined) query = query.where('f.change_percent', '>=', params.minGrowth)
  if (outlook !== undefined) query = query.where('f.descriptor', 'in', outlook)
  if (params.interest !== undefined) {
    const prefix = params.interest
    query = query.where((eb) => eb.exists(eb.selectFrom('career_interest as i').select('i.career_id')
      .whereRef('i.career_id', '=', 'c.id')
      .where(sql<SqlBool>`starts_with(${interestCode}, ${prefix})`)))
  }

  // The filters on the sorted figure or code again as bounds of the key, where the index scan
  // starts and stops: "median-wage ascending from $80,000" reads no career paid less.
  const bound = (operator: '>=' | '<=' | '<', value: string | number): void => {
    query = query.where(sql<SqlBool>`${key} ${sql.raw(operator)} ${value}`)
  }
  if (ordering.figure === 'median_annual') {
    if (params.minWage !== undefined) bound('>=', params.minWage)
    if (params.maxWage !== undefined) bound('<=', params.maxWage)
  }
  if (ordering.figure === 'change_percent' && params.minGrowth !== undefined) bound('>=', params.minGrowth)
  // A prefix of digits and hyphens: the codes it begins are the keys from it up to it with
  // "~" appended, compared as bytes; no code ("~") is not among them.
  if (sort === 'soc' && params.soc !== undefined) {
    bound('>=', params.soc)
    bound('<', `${params.soc}~`)
  }

  if (after !== null) {
    const [value = 0, id] = after
    const beyond = direction === 'desc' ? sql`${key} < ${value}` : sql`${key} > ${value}`
    // The first condition alone is where the index scan resumes; the second is exact.
    bound(direction === 'desc' ? '<=' : '>=', value)
    query = query.where(sql<SqlBool>`(${beyond} or (${key} = ${value} and c.id > ${id}))`)
  }
  query = query.orderBy(key, direction).orderBy('c.id')

  query = query.limit(params.limit + 1)
  // Sorted otherwise than by relevance, a list with q reads every match, so its page is
  // chosen on the ids and keys alone (Postgres drops the joins nothing then reads), and the
  // page's careers alone get their columns and scores, in the same statement (their terms
  // worked out again, about 1 ms, rather than carried over).
  const q = sort === 'relevance' ? undefined : params.q
  const rows = q === undefined
    ? await query.execute()
    : await db.with('page', () => query.clearSelect().select(['c.id', key.as('sort_key')]))
      .selectFrom('page as p')
      .innerJoin('career as c', 'c.id', 'p.id')
      .leftJoin('education_level as e', 'e.code', 'c.typical_education')
      .leftJoin('soc_latest_figures as f', 'f.soc_code', 'c.soc_code')
      .leftJoin(searchScores(q, sql<number[]>`array(select id from page)`).as('m'), 'm.career_id', 'p.id')
      .select(CAREER_COLUMNS)
      .select(['m.score', 'm.matched', 'm.matched_title'])
      .select(FIGURE_COLUMNS)
      .select('p.sort_key')
      .orderBy('p.sort_key', direction).orderBy('p.id')
      .execute()
  type Row = typeof rows[number]
  const matchOf = (row: Row): CareerSummaryBody['match'] => row.score === null || row.matched === null
    ? null
    : { score: row.score, matched: row.matched, alternateTitle: row.matched_title }
  const figuresOf = (row: Row): Selectable<SocLatestFiguresTable> | null => row.f_soc_code === null
    ? null
    : {
        soc_code: row.f_soc_code,
        median_annual: row.f_median_annual,
        median_top_coded: row.f_median_top_coded ?? false,
        wage_period_year: row.f_wage_period_year,
        wage_period_month: row.f_wage_period_month,
        employment: row.f_employment,
        wage_published_as: row.f_wage_published_as,
        change_percent: row.f_change_percent,
        annual_openings: row.f_annual_openings,
        base_year: row.f_base_year,
        target_year: row.f_target_year,
        descriptor: row.f_descriptor,
        growth_published_as: row.f_growth_published_as,
      }
  const keyOf = (row: Row): CursorKey => [row.sort_key ?? 0, row.id]
  const page = toPage(rows, params.limit, print, keyOf, (row): CareerSummaryBody => ({
    id: row.id,
    slug: row.slug,
    title: row.title,
    socCode: row.soc_code,
    kind: row.kind,
    typicalEducation: row.education_code === null
      ? null
      : { code: row.education_code, label: row.education_label ?? '' },
    summary: row.summary,
    headline: {
      typicalEducation: row.education_code === null
        ? null
        : { code: row.education_code, label: row.education_label ?? '' },
      ...headlineFigures(row.soc_code === null ? null : figuresOf(row)),
    },
    match: matchOf(row),
  }))
  const shown = rows.slice(0, params.limit).filter((row) => row.summary !== null)
  return { ...page, attributions: await attributions(db, shown.map((row) => row.text_source_id)) }
}
