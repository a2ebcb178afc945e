// BLS Employment Projections, the occupation table (Table 1.2 of occupation.xlsx): one cycle
// (base and target year from the header), employment in thousands, "—" for no value,
// titles indented to show the hierarchy. Line items are stored; summary rows are skipped.
import type { Insertable } from 'kysely'
import type { EducationCode, ProjectionTable, SocVersion } from '../db/schema.js'
import { ensureCareers, isDetailedSoc, titleCase } from './careers.js'
import { citeSource, rowRead, type ImportContext } from './context.js'
import { socCode } from './soc.js'
import { importError, normalizeName, readTable, type Row } from './table.js'
import { upsertRows } from './upsert.js'

const NO_VALUE = new Set(['—', '–', '-', 'n/a', ''])

/** A number as printed; "—" is none. `scale` turns thousands into persons. */
function amount (row: Row, column: string, scale = 1): number | null {
  const cell = row.cell(column)
  if (cell === null) return null
  if (typeof cell === 'number') return Math.round(cell * scale * 10) / 10
  const text = String(cell).trim()
  if (NO_VALUE.has(text)) return null
  const value = Number(text.replace(/,/g, ''))
  if (!Number.isFinite(value)) throw row.error(column, 'expected a number or "—"')
  return Math.round(value * scale * 10) / 10
}

function label (row: Row, column: string): string | null {
  const text = row.optionalText(column)
  return text === null || NO_VALUE.has(text) ? null : text
}

/** The cycle's years, from headers like "Employment, 2024" and "Employment, 2034". */
function cycleYears (file: string, header: string[]): { base: number, target: number } {
  const years = header.map((name) => /^employment, (\d{4})$/.exec(name)?.[1])
    .filter((year) => year !== undefined).map(Number)
  const [base, target] = years
  if (base === undefined || target === undefined || target <= base) {
    throw importError(
      { file, sheet: 'Table 1.2' },
      'the header names no "Employment, <base year>" and "Employment, <target year>" columns',
    )
  }
  return { base, target }
}

export async function importProjections (context: ImportContext): Promise<void> {
  const spec = {
    required: ['Occupation type', 'Typical education needed for entry'],
    sheet: (name: string) => /^table 1\.2$/i.test(name.trim()),
    maxPreamble: 5,
  }
  const educationLevels = await context.db.selectFrom('education_level').select(['code', 'label']).execute()
  const educationCode = new Map(educationLevels.map((level) => [normalizeName(level.label), level.code]))

  let cycle: { id: number, base: number, target: number } | null = null
  let columns: {
    base: string, target: string, change: string, percent: string, openings: string, selfEmployed: string,
  } | null = null
  const projections = new Map<string, Omit<Insertable<ProjectionTable>, 'cycle_id' | 'source_id'>>()
  const careerTitles = new Map<string, string>()
  let sourceId = 0
  for await (const row of readTable(context.file, spec)) {
    rowRead(context)
    if (cycle === null || columns === null) {
      const header = [...row.headerNames()]
      const { base, target } = cycleYears(context.file, header)
      const span = `${base}–${String(target).slice(2)}`
      const socVersion: SocVersion = context.options.socVersion ?? (base >= 2018 ? 2018 : 2010)
      sourceId = await citeSource(context, {
        slug: `bls-ep-${base}-${String(target).slice(2)}`,
        publisher: 'U.S. Bureau of Labor Statistics',
        dataset: 'Employment Projections',
        referencePeriod: span,
        url: 'https://www.bls.gov/emp/',
      })
      const saved = await context.db.insertInto('projection_cycle')
        .values({ base_year: base, target_year: target, soc_version: socVersion, source_id: sourceId })
        .onConflict((oc) => oc.columns(['base_year', 'target_year'])
          .doUpdateSet({ soc_version: socVersion, source_id: sourceId }))
        .returning('id').executeTakeFirstOrThrow()
      cycle = { id: saved.id, base, target }
      const years = `${base}-${String(target).slice(2)}`
      columns = {
        base: `Employment, ${base}`,
        target: `Employment, ${target}`,
        change: `Employment change, numeric, ${years}`,
        percent: `Employment change, percent, ${years}`,
        openings: `Occupational openings, ${years} annual average`,
        // Worker characteristics are of the base year: "Percent self employed, 2024" for 2024–34.
        selfEmployed: `Percent self employed, ${base}`,
      }
    }
    const matrixColumn = `${cycle.base} National Employment Matrix code`
    const codeColumn = row.has(matrixColumn) ? matrixColumn : 'National Employment Matrix code'
    if (row.cell('Occupation type') === null && row.cell(codeColumn) === null) {
      context.summary.skip('footnote and source notes below the table')
      continue
    }
    const type = row.text('Occupation type').toLowerCase()
    if (type === 'summary') {
      context.summary.skip('summary rows (aggregates of line items)')
      continue
    }
    if (type !== 'line item') throw row.error('Occupation type', 'expected "Line item" or "Summary"')
    const titleColumn = codeColumn.replace(/code$/, 'title')
    const code = socCode(row, codeColumn)
    const education = label(row, 'Typical education needed for entry')
    const educationLevel = education === null ? null : educationCode.get(normalizeName(education))
    if (educationLevel === undefined) {
      throw row.error('Typical education needed for entry', 'not a BLS education category')
    }
    const title = row.text(titleColumn)
    projections.set(code, {
      soc_code: code,
      occupation_title: title,
      base_employment: wholeOrNull(amount(row, columns.base, 1000)),
      projected_employment: wholeOrNull(amount(row, columns.target, 1000)),
      change_numeric: wholeOrNull(amount(row, columns.change, 1000)),
      change_percent: amount(row, columns.percent),
      annual_openings: wholeOrNull(amount(row, columns.openings, 1000)),
      typical_education: educationLevel,
      work_experience: label(row, 'Work experience in a related occupation'),
      on_the_job_training: label(row, 'Typical on-the-job training needed to attain competency in the occupation'),
      percent_self_employed: percentOrNull(row, columns.selfEmployed),
    })
    // Line items under a broad code (31-1120) are stored as published; no career is made for them.
    if (isDetailedSoc(code)) careerTitles.set(code, title)
  }
  if (cycle === null) throw importError({ file: context.file, sheet: 'Table 1.2' }, 'the table has no rows')

  const db = context.db
  const occupations = [...careerTitles].map(([code, title]) => ({ socCode: code, title: titleCase(title) }))
  const careers = await ensureCareers(db, occupations, sourceId, context.summary)
  const rows = [...projections.values()].map((projection) => ({
    ...projection, cycle_id: cycle.id, source_id: sourceId,
  }))
  context.summary.add('projection', await upsertRows(db, 'projection', rows, {
    key: ['cycle_id', 'soc_code'],
    update: ['occupation_title', 'base_employment', 'projected_employment', 'change_numeric', 'change_percent',
      'annual_openings', 'typical_education', 'work_experience', 'on_the_job_training', 'percent_self_employed',
      'source_id'],
  }))
  await setTypicalEducation(context, careers, projections)
}

/**
 * EP is the official word on typical entry education of the official careers; editors' careers
 * keep their own. An occupation EP publishes only within a broader code (31-1121 within
 * 31-1120, per soc_published_group) takes that code's education: the one EP gives its workers.
 */
async function setTypicalEducation (
  context: ImportContext,
  careers: Map<string, number>,
  projections: Map<string, { typical_education?: EducationCode | null }>,
): Promise<void> {
  const rows = await context.db.selectFrom('career as c')
    .leftJoin('soc_published_group as g', 'g.soc2018', 'c.soc_code')
    .select(['c.id', 'c.soc_code', 'c.typical_education', 'c.text_source_id', 'g.published_code'])
    .where('c.kind', '<>', 'editorial')
    .where((eb) => eb.or([
      eb('c.id', 'in', [...careers.values(), -1]),
      eb('g.published_code', 'in', [...projections.keys(), '']),
    ]))
    .orderBy('c.id').orderBy('g.published_code')
    .execute()
  const done = new Set<number>()
  for (const career of rows) {
    if (done.has(career.id)) continue
    const own = projections.get(career.soc_code ?? '')?.typical_education ?? null
    const education = own ?? projections.get(career.published_code ?? '')?.typical_education ?? null
    if (education === null) continue
    done.add(career.id)
    if (education === career.typical_education) continue
    // An editor who took an official career's text over also keeps its education.
    if (career.text_source_id === null && career.typical_education !== null) continue
    await context.db.updateTable('career').set({ typical_education: education, updated_at: new Date() })
      .where('id', '=', career.id).execute()
    context.summary.add('career', { updated: 1 })
  }
}

/** A percentage as printed (one decimal); "—", where EP publishes none, and a table without the column are null. */
function percentOrNull (row: Row, column: string): number | null {
  const value = amount(row, column)
  if (value !== null && (value < 0 || value > 100)) throw row.error(column, 'a percentage runs from 0 to 100')
  return value
}

function wholeOrNull (value: number | null): number | null {
  return value === null ? null : Math.round(value)
}
