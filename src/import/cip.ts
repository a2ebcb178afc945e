// CIP 2020 (NCES): the code list with titles and definitions, and the crosswalks that link
// CIP codes to SOC 2018 occupations. CIP codes are text everywhere: "01.0000" keeps its zero.
import path from 'node:path'
import { citeSource, rowRead, type ImportContext } from './context.js'
import { socCode } from './soc.js'
import { identify, importError, readTable, type Cell, type Row, type TableSpec } from './table.js'
import { upsertRows } from './upsert.js'

const CIP_CODE = /^[0-9]{2}(\.[0-9]{2}([0-9]{2})?)?$/
const PROGRAM_CODE = /^[0-9]{2}\.[0-9]{4}$/

/**
 * A CIP code from a cell. Text keeps its digits; Excel's `="01.0000"` wrapping is removed,
 * and a family digit a spreadsheet dropped ("1.0000") is restored. Where only 6-digit codes
 * can stand (the crosswalks), a number (1.01, as Excel stores 01.0100) is padded back.
 */
export function cipCodeOf (cell: Cell, programOnly: boolean): string | null {
  if (cell === null || typeof cell === 'boolean') return null
  if (typeof cell === 'number') {
    if (!programOnly || !Number.isFinite(cell) || cell < 0 || cell >= 100) return null
    const [whole = '', fraction = ''] = cell.toFixed(4).split('.')
    return `${whole.padStart(2, '0')}.${fraction}`
  }
  let text = cell.trim().replace(/^="(.*)"$/, '$1').trim()
  if (/^[0-9](\.|$)/.test(text)) text = `0${text}`
  if (programOnly && /^[0-9]{2}\.[0-9]{1,3}$/.test(text)) text = text.padEnd(7, '0')
  if (!CIP_CODE.test(text) || (programOnly && !PROGRAM_CODE.test(text))) return null
  return text
}

function cipCode (row: Row, column: string, programOnly: boolean): string {
  const code = cipCodeOf(row.cell(column), programOnly)
  if (code === null) {
    throw row.error(column, programOnly ? 'not a 6-digit CIP code (NN.NNNN)' : 'not a CIP code (NN, NN.NN or NN.NNNN)')
  }
  return code
}

const CIP_LIST: TableSpec = { required: ['CIPFamily', 'CIPCode', 'CIPTitle', 'CIPDefinition'] }

// Rows that are no 2020 code: "Deleted" ones, and the old code of a "Moved from" pair (its
// new code has its own "Moved to" row). Their definitions name what to use instead.
const RETIRED = new Map<string, { action: 'deleted' | 'moved', replacement: RegExp }>([
  ['deleted', { action: 'deleted', replacement: /report under ([0-9]{2}\.[0-9]{4})\b/i }],
  ['moved from', { action: 'moved', replacement: /moved from \S+ to ([0-9]{2}\.[0-9]{4})\b/i }],
])

/** NCES titles end with a period ("Agriculture, General."); the API shows them without. */
function cleanTitle (title: string): string {
  return title.replace(/\.\s*$/, '').trim()
}

export async function importCip (context: ImportContext): Promise<void> {
  const sourceId = await citeSource(context, {
    slug: 'nces-cip-2020',
    publisher: 'National Center for Education Statistics, U.S. Department of Education',
    dataset: 'Classification of Instructional Programs (CIP) 2020',
    referencePeriod: '2020',
    url: 'https://nces.ed.gov/ipeds/cipcode/',
  })
  const rows = new Map<
    string,
    { code: string, family: string, title: string, definition: string | null, source_id: number }
  >()
  const retired = new Map<string, { code: string, action: 'deleted' | 'moved', replacement: string | null }>()
  for await (const row of readTable(context.file, CIP_LIST)) {
    rowRead(context)
    const code = cipCode(row, 'CIPCode', false)
    const action = RETIRED.get((row.optionalText('Action') ?? '').toLowerCase())
    if (action !== undefined) {
      const replacement = action.replacement.exec(row.optionalText('CIPDefinition') ?? '')?.[1] ?? null
      retired.set(code, { code, action: action.action, replacement })
      continue
    }
    const familyCell = row.cell('CIPFamily')
    const family = typeof familyCell === 'number' ? String(familyCell).padStart(2, '0') : cipCodeOf(familyCell, false)
    if (family !== code.slice(0, 2)) throw row.error('CIPFamily', `expected the family of ${code}, ${code.slice(0, 2)}`)
    if (rows.has(code)) throw row.error('CIPCode', 'the code appears twice')
    rows.set(code, {
      code,
      family,
      title: cleanTitle(row.text('CIPTitle')),
      definition: row.optionalText('CIPDefinition'),
      source_id: sourceId,
    })
  }
  context.summary.add('field_of_study', await upsertRows(context.db, 'field_of_study', [...rows.values()], {
    key: ['code'], update: ['family', 'title', 'definition', 'source_id'],
  }))
  const retiredRows = [...retired.values()].map((entry) => ({
    code: entry.code,
    action: entry.action,
    replaced_by: entry.replacement !== null && rows.has(entry.replacement) ? entry.replacement : null,
    source_id: sourceId,
  }))
  context.summary.add('cip_retired', await upsertRows(context.db, 'cip_retired', retiredRows, {
    key: ['code'], update: ['action', 'replaced_by', 'source_id'],
  }))
}

const CROSSWALKS = {
  nces: { required: ['CIP2020Code', 'SOC2018Code'] },
  california: { required: ['2020 CIP Code', '2018 SOC Code', 'Current TOP Code'] },
} satisfies Record<string, TableSpec>

const COLUMNS = {
  nces: { cip: 'CIP2020Code', soc: 'SOC2018Code' },
  california: { cip: '2020 CIP Code', soc: '2018 SOC Code' },
}

function crosswalkSource (kind: keyof typeof CROSSWALKS, file: string) {
  if (kind === 'nces') {
    return {
      slug: 'nces-cip-2020-soc-2018',
      publisher: 'National Center for Education Statistics and U.S. Bureau of Labor Statistics',
      dataset: 'CIP 2020 to SOC 2018 crosswalk',
      referencePeriod: '2020',
      url: 'https://nces.ed.gov/ipeds/cipcode/resources.aspx?y=56',
    }
  }
  const revision = /(\d{4})-(\d{2})/.exec(path.basename(file))
  return {
    slug: 'california-coe-top-cip-soc',
    publisher: 'California Community Colleges Centers of Excellence for Labor Market Research',
    dataset: 'TOP-CIP-SOC crosswalk',
    referencePeriod: revision === null ? null : `${revision[1]}-${revision[2]}`,
    url: 'https://coeccc.net/',
  }
}

// The NCES crosswalk lists programs without an occupation (and the reverse) against these.
const NO_MATCH_CIP = '99.9999'
const NO_MATCH_SOC = '99-9999'

/** Links each CIP code to SOC codes. The CIP list must be imported first. */
export async function importCipSoc (context: ImportContext): Promise<void> {
  const kind = await identify(context.file, CROSSWALKS)
  const columns = COLUMNS[kind]
  const known = new Set((await context.db.selectFrom('field_of_study').select('code').execute()).map((row) => row.code))
  const retiredCodes = await context.db.selectFrom('cip_retired').select(['code', 'replaced_by']).execute()
  const retired = new Map(retiredCodes.map((row) => [row.code, row.replaced_by]))
  if (known.size === 0) {
    throw importError(
      { file: context.file, sheet: null },
      'no CIP codes are loaded: import the CIP 2020 list (import cip) first',
    )
  }
  const sourceId = await citeSource(context, crosswalkSource(kind, context.file))
  const links = new Map<string, { cip_code: string, soc_code: string, source_id: number }>()
  for await (const row of readTable(context.file, CROSSWALKS[kind])) {
    rowRead(context)
    if (cipCodeOf(row.cell(columns.cip), true) === NO_MATCH_CIP || row.cell(columns.soc) === NO_MATCH_SOC) {
      context.summary.skip('no matching CIP code or occupation')
      continue
    }
    let cip = cipCode(row, columns.cip, true)
    if (!known.has(cip)) {
      // Crosswalks still use codes CIP 2020 retired: link under the code NCES names instead.
      const replacement = retired.get(cip)
      if (replacement === undefined) throw row.error(columns.cip, `CIP code ${cip} is not in the CIP 2020 list`)
      if (replacement === null) {
        context.summary.skip('a CIP code retired in 2020 without a 6-digit replacement')
        continue
      }
      cip = replacement
    }
    const soc = socCode(row, columns.soc)
    const key = `${cip}>${soc}`
    if (links.has(key)) {
      context.summary.skip('the same link twice')
      continue
    }
    links.set(key, { cip_code: cip, soc_code: soc, source_id: sourceId })
  }
  context.summary.add('cip_soc', await upsertRows(context.db, 'cip_soc', [...links.values()], {
    key: ['cip_code', 'soc_code', 'source_id'], update: [],
  }))
}
