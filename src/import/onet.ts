// O*NET (USDOL/ETA, CC BY 4.0), text release: occupation descriptions, task statements,
// alternate and reported titles, related occupations, job zones and the education
// categories respondents named. O*NET-SOC codes
// (29-2072.00) map to SOC 2018 codes by their first seven characters; the ".00" record is
// the SOC occupation itself, ".01" and up are specialties whose titles become alternate titles.
import path from 'node:path'
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
} satisfies Record<string, TableSpec>

type OnetTable = keyof typeof TABLES

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
  const table = await identify(context.file, TABLES)
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

async function importOccupations (context: ImportContext, sourceId: number): Promise<void> {
  const titles = new Map<string, string>()
  const texts = new Map<string, CareerText>()
  const specialties: Array<{ soc: string, title: string }> = []
  for await (const row of readTable(context.file, TABLES['Occupation Data'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    const title = row.text('Title')
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
}

/** Duties: the ".00" occupation's tasks, core ones first, in the file's order. */
async function importTasks (context: ImportContext, sourceId: number): Promise<void> {
  const tasks = new Map<string, { core: string[], other: string[] }>()
  for await (const row of readTable(context.file, TABLES['Task Statements'])) {
    rowRead(context)
    const { soc, suffix } = onetCode(row, 'O*NET-SOC Code')
    if (suffix !== '00') {
      context.summary.skip('tasks of O*NET specialties (.01 and up): duties come from the SOC occupation\'s own record')
      continue
    }
    const entry = tasks.get(soc) ?? { core: [], other: [] }
    const type = row.optionalText('Task Type')
    ;(type === 'Core' ? entry.core : entry.other).push(row.text('Task'))
    tasks.set(soc, entry)
  }
  await careersFor(context, untitled(tasks.keys()), sourceId)
  const texts = new Map([...tasks].map(([soc, entry]) => [soc, { duties: [...entry.core, ...entry.other] }]))
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
