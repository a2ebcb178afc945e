// SOC 2018 (BLS on behalf of OMB): the structure, the definitions, the direct-match titles
// and the 2010→2018 crosswalk; and BLS Employment Projections' O*NET-SOC to NEM crosswalk,
// which names the broader code each detailed occupation is published under and the
// Occupational Outlook Handbook profile covering it. Which of the five a file is, its header says.
import type { Insertable } from 'kysely'
import { sql } from 'kysely'
import type { SocLevel, SocOccupationTable } from '../db/schema.js'
import { ensureCareers, isDetailedSoc, setCareerTexts, titleCase, type CareerText } from './careers.js'
import { citeSource, rowRead, type ImportContext } from './context.js'
import { identify, readRows, readTable, type Row, type TableSpec } from './table.js'
import { upsertRows } from './upsert.js'

const SOC_CODE = /^[0-9]{2}-[0-9]{4}$/

const TABLES = {
  structure: { required: ['Major Group', 'Minor Group', 'Broad Group', 'Detailed Occupation'] },
  definitions: { required: ['SOC Group', 'SOC Code', 'SOC Title', 'SOC Definition'] },
  'direct-match titles': { required: ['2018 SOC Code', '2018 SOC Direct Match Title'] },
  crosswalk: { required: ['2010 SOC Code', '2010 SOC Title', '2018 SOC Code', '2018 SOC Title'] },
  'NEM crosswalk': { required: ['O*NET-SOC Code', 'NEM Code', 'National Employment Matrix Occupational Title'] },
} satisfies Record<string, TableSpec>

const SOURCES = {
  structure: { dataset: 'Standard Occupational Classification 2018: structure', url: 'https://www.bls.gov/soc/2018/home.htm' },
  definitions: { dataset: 'Standard Occupational Classification 2018: definitions', url: 'https://www.bls.gov/soc/2018/home.htm' },
  'direct-match titles': { dataset: 'Standard Occupational Classification 2018: direct match titles', url: 'https://www.bls.gov/soc/2018/home.htm' },
  crosswalk: { dataset: 'SOC 2010 to 2018 crosswalk', url: 'https://www.bls.gov/soc/2018/crosswalks_used_by_agencies.htm' },
}

export function socCode (row: Row, column: string): string {
  const code = row.text(column)
  if (!SOC_CODE.test(code)) throw row.error(column, 'not a SOC code (NN-NNNN)')
  return code
}

/** SOC titles carry footnote marks on splits and merges in the crosswalk: "(#)", "(##)", "*". */
function cleanTitle (title: string): string {
  return title.replace(/\s*\(#+\)\s*$/, '').replace(/\*+$/, '').trim()
}

const LEVELS: Record<string, SocLevel> = { major: 'major', minor: 'minor', broad: 'broad', detailed: 'detailed' }

export async function importSoc (context: ImportContext): Promise<void> {
  const kind = await identify(context.file, TABLES)
  const sourceId = kind === 'NEM crosswalk'
    ? await citeSource(context, {
      slug: 'bls-ep-nem-crosswalk',
      publisher: 'U.S. Bureau of Labor Statistics',
      dataset: 'O*NET-SOC to National Employment Matrix (NEM) and Occupational Outlook Handbook coverage crosswalk',
      referencePeriod: await asOf(context.file),
      url: 'https://www.bls.gov/emp/',
    })
    : await citeSource(context, {
      slug: `soc-2018-${kind.replace(/[^a-z]+/g, '-')}`,
      publisher: 'U.S. Bureau of Labor Statistics, on behalf of the Office of Management and Budget',
      referencePeriod: kind === 'crosswalk' ? 'November 2017' : '2018',
      ...SOURCES[kind],
    })
  switch (kind) {
    case 'structure': return importStructure(context, sourceId)
    case 'definitions': return importDefinitions(context, sourceId)
    case 'direct-match titles': return importDirectMatches(context, sourceId)
    case 'crosswalk': return importCrosswalk(context)
    case 'NEM crosswalk': return importPublishedGroups(context, sourceId)
  }
}

async function saveOccupations (
  context: ImportContext,
  rows: Array<Insertable<SocOccupationTable>>,
  update: Array<'title' | 'level' | 'definition'>,
  sourceId: number,
): Promise<void> {
  context.summary.add('soc_occupation', await upsertRows(context.db, 'soc_occupation', rows, {
    key: ['soc_version', 'code'], update,
  }))
  const detailed = rows.filter((row) => row.level === 'detailed')
  const occupations = detailed.map((row) => ({ socCode: row.code, title: row.title }))
  await ensureCareers(context.db, occupations, sourceId, context.summary)
}

async function importStructure (context: ImportContext, sourceId: number): Promise<void> {
  const rows = new Map<string, Insertable<SocOccupationTable>>()
  const levelColumns: Array<[string, SocLevel]> = [
    ['Major Group', 'major'], ['Minor Group', 'minor'], ['Broad Group', 'broad'], ['Detailed Occupation', 'detailed'],
  ]
  for await (const row of readTable(context.file, TABLES.structure)) {
    rowRead(context)
    const filled = levelColumns.filter(([column]) => row.cell(column) !== null)
    const [column, level] = filled[0] ?? []
    if (column === undefined || level === undefined || filled.length > 1) {
      throw row.error('Major Group', 'each row needs exactly one code, in the column of its level')
    }
    const code = socCode(row, column)
    // The title sits in the unlabelled column after the four code columns.
    const title = row.raw.cells.slice(4).find((cell) => cell !== null && String(cell).trim() !== '')
    if (title === undefined) throw row.error(column, 'the row has no title')
    rows.set(code, { soc_version: 2018, code, title: String(title).trim(), level, definition: null })
  }
  await saveOccupations(context, [...rows.values()], ['title', 'level'], sourceId)
}

async function importDefinitions (context: ImportContext, sourceId: number): Promise<void> {
  const rows = new Map<string, Insertable<SocOccupationTable>>()
  const texts = new Map<string, CareerText>()
  for await (const row of readTable(context.file, TABLES.definitions)) {
    rowRead(context)
    const code = socCode(row, 'SOC Code')
    const level = LEVELS[row.text('SOC Group').toLowerCase()]
    if (level === undefined) throw row.error('SOC Group', 'expected Major, Minor, Broad or Detailed')
    const definition = row.optionalText('SOC Definition')
    rows.set(code, { soc_version: 2018, code, title: row.text('SOC Title'), level, definition })
    if (definition !== null && level === 'detailed') texts.set(code, { summary: definition })
  }
  await saveOccupations(context, [...rows.values()], ['title', 'level', 'definition'], sourceId)
  // A definition fills an imported career's empty summary; O*NET's description, when imported, replaces it.
  await setCareerTexts(context.db, texts, sourceId, context.summary, 'fill')
}

async function importDirectMatches (context: ImportContext, sourceId: number): Promise<void> {
  const titles: Array<{ socCode: string, socTitle: string, title: string }> = []
  for await (const row of readTable(context.file, TABLES['direct-match titles'])) {
    rowRead(context)
    const code = socCode(row, '2018 SOC Code')
    if (!isDetailedSoc(code)) throw row.error('2018 SOC Code', 'direct-match titles belong to detailed occupations')
    titles.push({
      socCode: code,
      socTitle: row.optionalText('2018 SOC Title') ?? code,
      title: row.text('2018 SOC Direct Match Title'),
    })
  }
  const occupations = titles.map((t) => ({ socCode: t.socCode, title: t.socTitle }))
  const careers = await ensureCareers(context.db, occupations, sourceId, context.summary)
  const alternates = titles.map((t) => ({ careerId: careers.get(t.socCode), title: t.title }))
  await saveAlternateTitles(context, alternates, sourceId)
}

/** Alternate titles are added, never removed or renamed: editors may have added their own. */
export async function saveAlternateTitles (
  context: ImportContext,
  titles: Array<{ careerId: number | undefined, title: string }>,
  sourceId: number,
): Promise<void> {
  const seen = new Set<string>()
  const rows: Array<{ career_id: number, title: string, source_id: number }> = []
  for (const { careerId, title } of titles) {
    if (careerId === undefined) continue
    const key = `${careerId}:${title.toLowerCase()}`
    if (seen.has(key)) {
      context.summary.skip('same alternate title twice for one career')
      continue
    }
    seen.add(key)
    rows.push({ career_id: careerId, title, source_id: sourceId })
  }
  context.summary.add('career_alternate_title', await upsertRows(context.db, 'career_alternate_title', rows, {
    key: sql`career_id, lower(title)`, update: [],
  }))
}

/**
 * Each pair is kept: a 2010 code split into several 2018 codes has a row for each, and so
 * does a merge, so wages published under 2010 codes reach every 2018 career they cover.
 * The 2010 titles become the 2010 SOC occupations.
 */
async function importCrosswalk (context: ImportContext): Promise<void> {
  const pairs = new Map<string, { soc2010: string, soc2018: string }>()
  const occupations2010 = new Map<string, Insertable<SocOccupationTable>>()
  for await (const row of readTable(context.file, TABLES.crosswalk)) {
    rowRead(context)
    const soc2010 = socCode(row, '2010 SOC Code')
    const soc2018 = socCode(row, '2018 SOC Code')
    pairs.set(`${soc2010}>${soc2018}`, { soc2010, soc2018 })
    occupations2010.set(soc2010, {
      soc_version: 2010,
      code: soc2010,
      title: cleanTitle(row.text('2010 SOC Title')),
      level: 'detailed',
      definition: null,
    })
  }
  context.summary.add('soc_occupation', await upsertRows(context.db, 'soc_occupation', [...occupations2010.values()], {
    key: ['soc_version', 'code'], update: ['title'],
  }))
  context.summary.add('soc_crosswalk', await upsertRows(context.db, 'soc_crosswalk', [...pairs.values()], {
    key: ['soc2010', 'soc2018'], update: [],
  }))
}

/** The date in the crosswalk's title rows ("As of 8/29/2024"), if it states one. */
async function asOf (file: string): Promise<string | null> {
  for await (const raw of readRows(file)) {
    const stated = raw.cells.map((cell) => /^as of (.+)$/i.exec(String(cell ?? '').trim())?.[1])
      .find((date) => date !== undefined)
    if (stated !== undefined) return stated
    if (raw.number > 10) break
  }
  return null
}

/**
 * Employment Projections and OEWS publish a few detailed occupations only within a broader
 * code (the NEM code): a SOC broad group (31-1120) or a combined code (21-1018). Each
 * O*NET-SOC record names its NEM code; where that differs from the record's SOC code, the
 * pair is kept, so that figures published under the broader code reach the career. Records
 * published under their own code, and codes that are no detailed SOC occupation, need nothing.
 *
 * Each record also names the Occupational Outlook Handbook profile covering it ("—" where
 * the OOH has none), kept by SOC code and for the NEM code the record is published under.
 * The link is the cell's text: the crosswalk prints each URL, so a CSV export keeps it too
 * (EP's Table 1.2 links to the same profiles behind the words "OOH Content", which only the
 * workbook's hyperlinks hold).
 */
async function importPublishedGroups (context: ImportContext, sourceId: number): Promise<void> {
  const pairs = new Map<string, { soc2018: string, published_code: string, source_id: number }>()
  const groups = new Map<string, string>()
  const profiles = new Map<string, { soc_code: string, title: string, url: string, source_id: number, row: number }>()
  const keepProfile = (row: Row, code: string, profile: { title: string, url: string }): boolean => {
    const earlier = profiles.get(code)
    if (earlier === undefined) {
      profiles.set(code, { soc_code: code, ...profile, source_id: sourceId, row: row.number })
      return true
    }
    if (earlier.url !== profile.url) {
      throw row.error('OOH Profile Website', `row ${earlier.row} links ${code} to another profile, ${earlier.url}`)
    }
    return false
  }
  for await (const row of readTable(context.file, TABLES['NEM crosswalk'])) {
    rowRead(context)
    const onet = row.text('O*NET-SOC Code')
    const soc2018 = /^([0-9]{2}-[0-9]{4})\.[0-9]{2}$/.exec(onet)?.[1]
    if (soc2018 === undefined) throw row.error('O*NET-SOC Code', 'not an O*NET-SOC code (NN-NNNN.NN)')
    const published = socCode(row, 'NEM Code')
    const profile = oohProfile(row)
    let kept = profile !== null && keepProfile(row, soc2018, profile)
    if (profile !== null && published !== soc2018) kept = keepProfile(row, published, profile) || kept
    const key = `${soc2018}>${published}`
    if (published !== soc2018 && !pairs.has(key)) {
      pairs.set(key, { soc2018, published_code: published, source_id: sourceId })
      groups.set(published, titleCase(row.text('National Employment Matrix Occupational Title')))
      kept = true
    }
    if (!kept) {
      context.summary.skip(published === soc2018 && profile === null
        ? 'occupations published under their own code, with no OOH profile'
        : 'O*NET specialties of an occupation already recorded')
    }
  }
  context.summary.add('soc_published_group', await upsertRows(context.db, 'soc_published_group', [...pairs.values()], {
    key: ['soc2018', 'published_code'], update: ['source_id'],
  }))
  const links = [...profiles.values()].map(({ row: _row, ...profile }) => profile)
  context.summary.add('ooh_profile', await upsertRows(context.db, 'ooh_profile', links, {
    key: ['soc_code'], update: ['title', 'url', 'source_id'],
  }))
  // Each group is a career of its own, under the title EP publishes it by.
  await ensureCareers(context.db, [...groups].map(([socCode, title]) => ({ socCode, title })), sourceId,
    context.summary)
}

const NO_PROFILE = new Set(['—', '–', '-'])

/** The record's OOH profile: its title and link, or null where the crosswalk prints "—". */
function oohProfile (row: Row): { title: string, url: string } | null {
  const url = row.optionalText('OOH Profile Website')
  if (url === null || NO_PROFILE.has(url)) return null
  if (!/^https?:\/\/\S+$/.test(url)) throw row.error('OOH Profile Website', 'expected a URL or "—"')
  const title = row.optionalText('OOH Profile Title')
  if (title === null || NO_PROFILE.has(title)) {
    throw row.error('OOH Profile Title', 'a profile with a link needs its title')
  }
  return { title: title.replace(/\s+/g, ' '), url }
}
