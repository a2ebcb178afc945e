// O*NET (USDOL/ETA, CC BY 4.0), text release: occupation descriptions, task statements,
// alternate and reported titles, related occupations, job zones, the education
// categories respondents named, and what O*NET says about the work: technology skills,
// interests (RIASEC) and work styles. O*NET-SOC codes
// (29-2072.00) map to SOC 2018 codes by their first seven characters; the ".00" record is
// the SOC occupation itself, ".01" and up are specialties whose titles become alternate titles.
import path from 'node:path'
import { sql } from 'kysely'
import type { RelatednessTier } from '../db/schema.js'
import { ensureCareers, setCareerTexts, type CareerText } from './careers.js'
import { citeSource, rowRead, type ImportContext } from './context.js'
import { saveAlternateTitles } from './soc.js'
import { identify, importError, readTable, type Row, type TableSpec } from './table.js'
import { upsertRows } from './upsert.js'

const TABLES = {
  'Occupation Data': { required: ['O*NET-SOC Code', 'Title', 'Description'] },
  'Task Statements': { required: ['O*NET-SOC Code', 'Task ID', 'Task', 'Task Type'] },
  'Alternate Titles': { required: ['O*NET-SOC Code', 'Alternate Title'] },
  'Sample of Reported Titles': { required: ['O*NET-SOC Code', 'Reported Job Title'] },
  'Related Occupations': { required: ['O*NET-SOC Code', 'Related O*NET-SOC Code'] },
  'Job Zones': { required: ['O*NET-SOC Code', 'Job Zone'] },
  'Education, Training, and Experience Categories': {
    required: ['Element ID', 'Scale ID', 'Category', 'Category Description'],
  },
  'Education, Training, and Experience': {
    required: ['O*NET-SOC Code', 'Element ID', 'Scale ID', 'Category', 'Data Value'],
  },
  'Technology Skills': {
    required: ['O*NET-SOC Code', 'Example', 'Commodity Code', 'Commodity Title', 'Hot Technology'],
  },
  'Interests': { required: ['O*NET-SOC Code', 'Element ID', 'Element Name', 'Scale ID', 'Data Value'] },
  'Work Styles': { required: ['O*NET-SOC Code', 'Element ID', 'Element Name', 'Scale ID', 'Data Value'] },
} satisfies Record<string, TableSpec>

type OnetTable = keyof typeof TABLES

/**
 * Tables known by their file name only: their header is that of other O*NET tables too
 * (Skills, Abilities and Knowledge have Work Styles' columns), so a header tells nothing.
 */
const NAMED_ONLY = new Set<OnetTable>(['Interests', 'Work Styles'])

/** The table a file holds: by its official name (the release's own), else by its header line. */
async function tableOf (file: string): Promise<OnetTable> {
  const base = path.basename(file, path.extname(file)).toLowerCase()
  const named = (Object.keys(TABLES) as OnetTable[]).find((table) => table.toLowerCase() === base)
  if (named !== undefined) return named
  const byHeader = Object.fromEntries(Object.entries(TABLES)
    .filter(([table]) => !NAMED_ONLY.has(table as OnetTable))) as Record<OnetTable, TableSpec>
  return identify(file, byHeader)
}

const ONET_CODE = /^([0-9]{2}-[0-9]{4})\.([0-9]{2})$/

/** The attribution O*NET's license asks for, with the note that we filtered and merged it. */
export function onetNotice (release: string): string {
  return `This information includes information from the O*NET ${release} Database by the U.S. Department of Labor, ` +
    'Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. O*NET® is a trademark of ' +
    'USDOL/ETA. Career Facts has modified all or some of this information (selected fields, mapped to SOC 2018 codes ' +
    'and merged with other sources). USDOL/ETA has not approved, endorsed, or tested these modifications.'
}

/** The release from the option, or from a folder named like `db_29_2_text` or `onet_29_2`. */
export function releaseOf (file: string, override: string | undefined): string {
  if (override !== undefined) return override
  const match = /(\d{2})[._](\d)(?:\D|$)/.exec(path.basename(path.dirname(path.resolve(file))))
  if (match === null) {
    throw importError({ file, sheet: null }, 'the folder name gives no O*NET release (like 29_2); pass --release 29.2')
  }
  return `${match[1]}.${match[2]}`
}

function onetCode (row: Row, column: string): { soc: string, suffix: string } {
  const match = ONET_CODE.exec(row.text(column))
  if (match?.[1] === undefined || match[2] === undefined) throw row.error(column, 'not an O*NET-SOC code (NN-NNNN.NN)')
  return { soc: match[1], suffix: match[2] }
}

export async function importOnet (context: ImportContext): Promise<void> {
  const table = await tableOf(context.file)
  const release = releaseOf(context.file, context.options.release)
  const sourceId = await citeSource(context, {
    slug: `onet-${release.replace(/\./g, '-')}`,
    publisher: 'U.S. Department of Labor, Employment and Training Administration (USDOL/ETA)',
    dataset: `O*NET ${release} Database`,
    referencePeriod: `O*NET ${release}`,
    url: 'https://www.onetcenter.org/database.html',
    notice: onetNotice(release),
  })
  const importers: Record<OnetTable, (context: ImportContext, sourceId: number) => Promise<void>> = {
    'Occupation Data': importOccupations,
    'Task Statements': importTasks,
    'Alternate Titles': (c, s) => importTitles(c, s, 'Alternate Title'),
    'Sample of Reported Titles': (c, s) => importTitles(c, s, 'Reported Job Title'),
    'Related Occupations': importRelated,
    'Job Zones': importJobZones,
    'Education, Training, and Experience Categories': importEducationCategories,
    'Education, Training, and Experience': importEducationShares,
    'Technology Skills': importTechnologySkills,
    'Interests': importInterests,
    'Work Styles': importWorkStyles,
  }
  await importers[table](context, sourceId)
}

/**
 * Careers for every SOC code the rows name, titled as in SOC where SOC is loaded, else as in
 * O*NET's occupation data. A code with neither is skipped: import SOC or Occupation Data first.
 */
async function careersFor (
  context: ImportContext,
  codes: Map<string, string | null>,
  sourceId: number,
): Promise<Map<string, number>> {
  const soc = await context.db.selectFrom('soc_occupation').select(['code', 'title'])
    .where('soc_version', '=', 2018).where('level', '=', 'detailed').execute()
  const socTitles = new Map(soc.map((row) => [row.code, row.title]))
  const occupations = [...codes].flatMap(([code, title]) => {
    const known = socTitles.get(code) ?? title
    return known === null ? [] : [{ socCode: code, title: known }]
  })
  const careers = await ensureCareers(context.db, occupations, sourceId, context.summary)
  const unknown = [...codes.keys()].filter((code) => !careers.has(code)).length
  if (unknown > 0) {
    context.summary.skip('SOC codes with no career and no known title (import SOC or Occupation Data first)', unknown)
  }
  return careers
}

const untitled = (codes: Iterable<string>): Map<string, string | null> =>
  new Map([...codes].map((code) => [code, null]))

/**
 * The merge rule of the tables that describe the work of one O*NET-SOC record (task
 * statements, technology skills, interests, work styles): a SOC occupation takes the rows of
 * ONE of its O*NET-SOC codes, never a mix — its own ".00" record when the file has rows for
 * it, else the lowest-numbered code under it that has rows (15-1299.01 before 15-1299.08).
 * O*NET rates the "All Other" occupations (15-1299.00) only through their specialties, and a
 * specialty's list or ratings describe that specialty's work, so merging several would
 * describe no one's. The code the rows came from is stored with them. Rows of the codes not
 * chosen are counted as skipped.
 */
function oneRecordPerOccupation<T> (
  context: ImportContext, byCode: Map<string, T[]>, what: string,
): Map<string, { code: string, rows: T[] }> {
  const chosen = new Map<string, { code: string, rows: T[] }>()
  for (const code of [...byCode.keys()].sort()) {
    const soc = code.slice(0, 7)
    const rows = byCode.get(code) ?? []
    // Sorted, so the first code met is ".00" when there is one, else the lowest-numbered.
    if (!chosen.has(soc)) chosen.set(soc, { code, rows })
    else context.summary.skip(`${what} of other O*NET-SOC codes of an occupation (one record each: its own .00, ` +
      'else its lowest-numbered specialty with rows)', rows.length)
  }
  return chosen
}

/** Rows grouped by O*NET-SOC code, in the file's order. */
function pushTo<T> (byCode: Map<string, T[]>, code: string, row: T): void {
  const rows = byCode.get(code)
  if (rows === undefined) byCode.set(code, [row])
  else rows.push(row)
}

async function importOccupations (context: ImportContext, sourceId: number): Promise<void> {
  const titles = new Map<string, string>()
  const texts = new Map<string, CareerText>()
  const specialties: Array<{ soc: string, title: string }> = []
  const records: Array<{ onet_soc_code: string, title: string, source_id: number }> = []
  for await (const row of readTable(context.file, TABLES['Occupation Data'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    const title = row.text('Title')
    records.push({ onet_soc_code: `${soc}.${suffix}`, title, source_id: sourceId })
    if (suffix === '00') {
      titles.set(soc, title)
      texts.set(soc, { summary: row.text('Description') })
    } else {
      if (!titles.has(soc)) titles.set(soc, title)
      specialties.push({ soc, title })
    }
  }
  const careers = await careersFor(context, titles, sourceId)
  await setCareerTexts(context.db, texts, sourceId, context.summary, 'replace')
  const alternates = specialties.map((s) => ({ careerId: careers.get(s.soc), title: s.title }))
  await saveAlternateTitles(context, alternates, sourceId)
  // Each record's title, which names the specialty a career's duties or work data come from.
  context.summary.add('onet_occupation', await upsertRows(context.db, 'onet_occupation', records, {
    key: ['onet_soc_code'], update: ['title', 'source_id'],
  }))
}

/**
 * Duties: the tasks of one O*NET-SOC record per occupation (oneRecordPerOccupation: its own
 * ".00", else its lowest-numbered specialty with tasks), core ones first, in the file's order;
 * the career keeps the record's code (duties_onet_soc_code).
 */
async function importTasks (context: ImportContext, sourceId: number): Promise<void> {
  const tasks = new Map<string, Array<{ core: boolean, task: string }>>()
  for await (const row of readTable(context.file, TABLES['Task Statements'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    pushTo(tasks, `${soc}.${suffix}`, { core: row.optionalText('Task Type') === 'Core', task: row.text('Task') })
  }
  const chosen = oneRecordPerOccupation(context, tasks, 'tasks')
  await careersFor(context, untitled(chosen.keys()), sourceId)
  const texts = new Map([...chosen].map(([soc, { code, rows }]): [string, CareerText] => [soc, {
    duties: [...rows.filter((r) => r.core), ...rows.filter((r) => !r.core)].map((r) => r.task),
    dutiesFrom: code,
  }]))
  await setCareerTexts(context.db, texts, sourceId, context.summary, 'replace')
}

async function importTitles (
  context: ImportContext,
  sourceId: number,
  column: 'Alternate Title' | 'Reported Job Title',
): Promise<void> {
  const titles: Array<{ soc: string, title: string }> = []
  const table = TABLES[column === 'Alternate Title' ? 'Alternate Titles' : 'Sample of Reported Titles']
  for await (const row of readTable(context.file, table)) {
    rowRead(context)
    titles.push({ soc: onetCode(row, 'O*NET-SOC Code').soc, title: row.text(column) })
  }
  const careers = await careersFor(context, untitled(titles.map((t) => t.soc)), sourceId)
  await saveAlternateTitles(context, titles.map((t) => ({ careerId: careers.get(t.soc), title: t.title })), sourceId)
}

/** Related occupations become `similar` relations between careers, once per pair. */
const TIERS = new Set<string>(['Primary-Short', 'Primary-Long', 'Supplemental'])

interface RelatedPair { from: string, to: string, own: boolean, rank: number | null, tier: RelatednessTier | null }

/** O*NET's rank and tier of a related occupation, when the release has those columns. */
function relatedness (row: Row): Pick<RelatedPair, 'rank' | 'tier'> {
  const rank = row.has('Index') ? Number(row.text('Index')) : null
  if (rank !== null && (!Number.isInteger(rank) || rank < 1)) throw row.error('Index', 'expected a rank from 1')
  const tier = row.has('Relatedness Tier') ? row.text('Relatedness Tier') : null
  if (tier !== null && !TIERS.has(tier)) {
    throw row.error('Relatedness Tier', 'expected Primary-Short, Primary-Long or Supplemental')
  }
  return { rank, tier: tier as RelatednessTier | null }
}

async function importRelated (context: ImportContext, sourceId: number): Promise<void> {
  const pairs: RelatedPair[] = []
  for await (const row of readTable(context.file, TABLES['Related Occupations'])) {
    rowRead(context)
    const { soc: from, suffix } = onetCode(row, 'O*NET-SOC Code')
    const to = onetCode(row, 'Related O*NET-SOC Code').soc
    if (from === to) {
      context.summary.skip('related specialties of the same SOC occupation')
      continue
    }
    pairs.push({ from, to, own: suffix === '00', ...relatedness(row) })
  }
  // The SOC occupation's own (.00) ranking first: a specialty ranks the pair by its own list.
  pairs.sort((a, b) => Number(b.own) - Number(a.own))
  const careers = await careersFor(context, untitled(pairs.flatMap((p) => [p.from, p.to])), sourceId)
  const seen = new Set<string>()
  const rows: Array<{
    from_career_id: number, to_career_id: number, kind: 'similar', source_id: number,
    rank: number | null, tier: RelatednessTier | null
  }> = []
  for (const { from, to, rank, tier } of pairs) {
    const fromId = careers.get(from)
    const toId = careers.get(to)
    if (fromId === undefined || toId === undefined) continue
    const key = `${fromId}>${toId}`
    if (seen.has(key)) {
      context.summary.skip('the same SOC pair through several O*NET specialties')
      continue
    }
    seen.add(key)
    rows.push({ from_career_id: fromId, to_career_id: toId, kind: 'similar', source_id: sourceId, rank, tier })
  }
  context.summary.add('career_relation', await upsertRows(context.db, 'career_relation', rows, {
    key: ['from_career_id', 'to_career_id', 'kind'], update: ['rank', 'tier'],
  }))
}

/** The ".00" occupation's job zone, else the first specialty's. Official data: set on every career. */
async function importJobZones (context: ImportContext, sourceId: number): Promise<void> {
  const zones = new Map<string, { zone: number, own: boolean }>()
  for await (const row of readTable(context.file, TABLES['Job Zones'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    const zone = Number(row.text('Job Zone'))
    if (!Number.isInteger(zone) || zone < 1 || zone > 5) throw row.error('Job Zone', 'expected a job zone from 1 to 5')
    const current = zones.get(soc)
    if (current === undefined || (suffix === '00' && !current.own)) zones.set(soc, { zone, own: suffix === '00' })
  }
  const careers = await careersFor(context, untitled(zones.keys()), sourceId)
  const ids = [...zones.keys()].flatMap((code) => careers.get(code) ?? [])
  if (ids.length === 0) return
  const existing = await context.db.selectFrom('career').select(['id', 'soc_code', 'job_zone'])
    .where('id', 'in', ids).execute()
  for (const career of existing) {
    const zone = zones.get(career.soc_code ?? '')?.zone
    if (zone === undefined) continue
    if (zone === career.job_zone) {
      context.summary.add('career', { unchanged: 1 })
      continue
    }
    await context.db.updateTable('career').set({ job_zone: zone, updated_at: new Date() })
      .where('id', '=', career.id).execute()
    context.summary.add('career', { updated: 1 })
  }
}

/** Only the "Required Level of Education" scale (RL) is kept; training and experience are not. */
async function importEducationCategories (context: ImportContext): Promise<void> {
  const rows: Array<{ category: number, label: string }> = []
  for await (const row of readTable(context.file, TABLES['Education, Training, and Experience Categories'])) {
    rowRead(context)
    if (row.text('Scale ID') !== 'RL') {
      context.summary.skip('categories of other scales (training, experience)')
      continue
    }
    const category = Number(row.text('Category'))
    if (!Number.isInteger(category) || category < 1) throw row.error('Category', 'expected a category number')
    rows.push({ category, label: row.text('Category Description') })
  }
  context.summary.add('onet_education_category', await upsertRows(context.db, 'onet_education_category', rows, {
    key: ['category'], update: ['label'],
  }))
}

/** Percent of respondents per education category, for each SOC occupation's ".00" record. */
async function importEducationShares (context: ImportContext, sourceId: number): Promise<void> {
  const categories = await context.db.selectFrom('onet_education_category').select('category').execute()
  const known = new Set(categories.map((r) => r.category))
  const shares: Array<{ soc: string, category: number, percent: number }> = []
  for await (const row of readTable(context.file, TABLES['Education, Training, and Experience'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    if (row.text('Scale ID') !== 'RL') {
      context.summary.skip('other scales (training, experience, certification importance)')
      continue
    }
    if (suffix !== '00') {
      context.summary.skip('O*NET specialties (.01 and up)')
      continue
    }
    const category = Number(row.text('Category'))
    if (!known.has(category)) {
      throw row.error(
        'Category',
        'not an education category: import "Education, Training, and Experience Categories.txt" first',
      )
    }
    const percent = Number(row.text('Data Value'))
    if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
      throw row.error('Data Value', 'expected a percent from 0 to 100')
    }
    shares.push({ soc, category, percent })
  }
  const careers = await careersFor(context, untitled(shares.map((s) => s.soc)), sourceId)
  const rows = shares.flatMap((share) => {
    const careerId = careers.get(share.soc)
    return careerId === undefined
      ? []
      : [{ career_id: careerId, category: share.category, percent: share.percent, source_id: sourceId }]
  })
  context.summary.add('career_education_share', await upsertRows(context.db, 'career_education_share', rows, {
    key: ['career_id', 'category'], update: ['percent', 'source_id'],
  }))
}

function yesNo (row: Row, column: string): boolean {
  const value = row.text(column)
  if (value === 'Y') return true
  if (value === 'N') return false
  throw row.error(column, 'expected Y or N')
}

/** Rows of the chosen records, for the careers of their SOC codes; codes without a career are dropped. */
async function rowsForCareers<T, R> (
  context: ImportContext, sourceId: number, chosen: Map<string, { code: string, rows: T[] }>,
  toRow: (careerId: number, code: string, rows: T[]) => R[],
): Promise<{ careerIds: number[], rows: R[] }> {
  const careers = await careersFor(context, untitled(chosen.keys()), sourceId)
  const careerIds: number[] = []
  const rows = [...chosen].flatMap(([soc, { code, rows }]) => {
    const careerId = careers.get(soc)
    if (careerId === undefined) return []
    careerIds.push(careerId)
    return toRow(careerId, code, rows)
  })
  return { careerIds, rows }
}

/** The key of a career's list, beside career_id. */
const LIST_KEYS = {
  career_technology_skill: ['commodity_code', 'example'],
  career_work_style: ['element_id'],
} as const

/**
 * A list's rows for the careers the file covers are the file's: the rows those careers have
 * that the file no longer lists (an example a newer release drops) are deleted, and counted
 * as updated, since the career's list changed. Careers the file does not name keep theirs.
 */
async function deleteUnlisted (
  context: ImportContext, table: keyof typeof LIST_KEYS, careerIds: number[], listed: Array<{ career_id: number }>,
): Promise<void> {
  if (careerIds.length === 0) return
  const columns: readonly string[] = LIST_KEYS[table]
  const keyOf = (row: object): string => {
    const cells = row as Record<string, unknown>
    return JSON.stringify([cells.career_id, ...columns.map((column) => cells[column])])
  }
  const kept = new Set(listed.map(keyOf))
  const existing = await context.db.selectFrom(table).selectAll().where('career_id', 'in', careerIds).execute()
  const stale = existing.filter((row) => !kept.has(keyOf(row)))
  if (stale.length === 0) return
  const same = columns.map((column, i) => sql`k->>${sql.lit(i + 1)} = ${sql.ref(`t.${column}`)}`)
  const keys = `[${stale.map(keyOf).join(',')}]`
  const result = await sql`
    delete from ${sql.table(table)} as t using json_array_elements(${keys}::json) k
    where (k->>0)::integer = t.career_id and ${sql.join(same, sql` and `)}
  `.execute(context.db)
  context.summary.add(table, { updated: Number(result.numAffectedRows ?? 0) })
}

interface TechnologyRow {
  commodity_code: string
  commodity_title: string
  example: string
  hot: boolean
  in_demand: boolean
}

/**
 * Technology Skills: each example product under its UNSPSC commodity, with O*NET's Hot
 * Technology and In Demand flags, for one record per occupation (oneRecordPerOccupation).
 * A release without the In Demand column marks none.
 */
async function importTechnologySkills (context: ImportContext, sourceId: number): Promise<void> {
  const byCode = new Map<string, TechnologyRow[]>()
  const seen = new Set<string>()
  for await (const row of readTable(context.file, TABLES['Technology Skills'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    const commodity = row.text('Commodity Code')
    if (!/^[0-9]{8}$/.test(commodity)) throw row.error('Commodity Code', 'expected an 8-digit UNSPSC commodity code')
    const example = row.text('Example')
    const key = JSON.stringify([soc, suffix, commodity, example])
    if (seen.has(key)) throw row.error('Example', 'the same example twice under one commodity and O*NET-SOC code')
    seen.add(key)
    pushTo(byCode, `${soc}.${suffix}`, {
      commodity_code: commodity,
      commodity_title: row.text('Commodity Title'),
      example,
      hot: yesNo(row, 'Hot Technology'),
      in_demand: row.has('In Demand') ? yesNo(row, 'In Demand') : false,
    })
  }
  const chosen = oneRecordPerOccupation(context, byCode, 'technology skills')
  const { careerIds, rows } = await rowsForCareers(context, sourceId, chosen, (careerId, code, list) =>
    list.map((item) => ({ career_id: careerId, ...item, onet_soc_code: code, source_id: sourceId })))
  context.summary.add('career_technology_skill', await upsertRows(context.db, 'career_technology_skill', rows, {
    key: ['career_id', 'commodity_code', 'example'],
    update: ['commodity_title', 'hot', 'in_demand', 'onet_soc_code', 'source_id'],
  }))
  await deleteUnlisted(context, 'career_technology_skill', careerIds, rows)
}

type InterestColumn = 'realistic' | 'investigative' | 'artistic' | 'social' | 'enterprising' | 'conventional'

/** O*NET's RIASEC elements (scale OI), by element id, as the columns of career_interest. */
const RIASEC: Record<string, InterestColumn> = {
  '1.B.1.a': 'realistic',
  '1.B.1.b': 'investigative',
  '1.B.1.c': 'artistic',
  '1.B.1.d': 'social',
  '1.B.1.e': 'enterprising',
  '1.B.1.f': 'conventional',
}

type InterestScores = Record<InterestColumn, number>

/**
 * Interests: the six RIASEC scores (scale OI, 1–7) of one record per occupation; a record
 * lacking any of the six does not count. O*NET's high-points (scale IH) are not kept: the
 * API works the interest code out of the scores.
 */
async function importInterests (context: ImportContext, sourceId: number): Promise<void> {
  const byCode = new Map<string, Array<{ column: keyof InterestScores, score: number }>>()
  for await (const row of readTable(context.file, TABLES.Interests)) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    const scale = row.text('Scale ID')
    if (scale !== 'OI') {
      context.summary.skip(scale === 'IH'
        ? 'interest high-points (scale IH): the code is worked out from the six scores'
        : 'other scales')
      continue
    }
    const column = RIASEC[row.text('Element ID')]
    if (column === undefined) throw row.error('Element ID', 'not one of the six RIASEC interests (1.B.1.a to 1.B.1.f)')
    const score = Number(row.text('Data Value'))
    if (!Number.isFinite(score) || score < 1 || score > 7) throw row.error('Data Value', 'expected a score from 1 to 7')
    pushTo(byCode, `${soc}.${suffix}`, { column, score })
  }
  for (const [code, scores] of byCode) {
    if (new Set(scores.map((s) => s.column)).size < 6) {
      context.summary.skip('interest scores of O*NET-SOC codes without all six', scores.length)
      byCode.delete(code)
    }
  }
  const chosen = oneRecordPerOccupation(context, byCode, 'interest scores')
  const { rows } = await rowsForCareers(context, sourceId, chosen, (careerId, code, scores) => {
    const by = Object.fromEntries(scores.map((s) => [s.column, s.score])) as InterestScores
    return [{
      career_id: careerId,
      realistic: by.realistic,
      investigative: by.investigative,
      artistic: by.artistic,
      social: by.social,
      enterprising: by.enterprising,
      conventional: by.conventional,
      onet_soc_code: code,
      source_id: sourceId,
    }]
  })
  context.summary.add('career_interest', await upsertRows(context.db, 'career_interest', rows, {
    key: ['career_id'],
    update: ['realistic', 'investigative', 'artistic', 'social', 'enterprising', 'conventional', 'onet_soc_code',
      'source_id'],
  }))
}

/**
 * Work Styles: each element's importance (scale IM, 1–5) for one record per occupation;
 * ratings O*NET recommends suppressing (Recommend Suppress = Y) are left out.
 */
async function importWorkStyles (context: ImportContext, sourceId: number): Promise<void> {
  const byCode = new Map<string, Array<{ element_id: string, name: string, importance: number }>>()
  const seen = new Set<string>()
  for await (const row of readTable(context.file, TABLES['Work Styles'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    if (row.text('Scale ID') !== 'IM') {
      context.summary.skip('other scales')
      continue
    }
    if (row.optionalText('Recommend Suppress') === 'Y') {
      context.summary.skip('ratings O*NET recommends suppressing (Recommend Suppress = Y)')
      continue
    }
    const element = row.text('Element ID')
    if (!/^[0-9]+(\.[0-9A-Za-z]+)+$/.test(element)) throw row.error('Element ID', 'not an O*NET element id (1.C.1.a)')
    const key = `${soc}.${suffix} ${element}`
    if (seen.has(key)) throw row.error('Element ID', 'the same element twice for one O*NET-SOC code')
    seen.add(key)
    const importance = Number(row.text('Data Value'))
    if (!Number.isFinite(importance) || importance < 1 || importance > 5) {
      throw row.error('Data Value', 'expected an importance from 1 to 5')
    }
    pushTo(byCode, `${soc}.${suffix}`, { element_id: element, name: row.text('Element Name'), importance })
  }
  const chosen = oneRecordPerOccupation(context, byCode, 'work styles')
  const { careerIds, rows } = await rowsForCareers(context, sourceId, chosen, (careerId, code, list) =>
    list.map((item) => ({ career_id: careerId, ...item, onet_soc_code: code, source_id: sourceId })))
  context.summary.add('career_work_style', await upsertRows(context.db, 'career_work_style', rows, {
    key: ['career_id', 'element_id'], update: ['name', 'importance', 'onet_soc_code', 'source_id'],
  }))
  await deleteUnlisted(context, 'career_work_style', careerIds, rows)
}
