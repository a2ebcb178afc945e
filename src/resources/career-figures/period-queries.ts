// One period of a career's wage estimates and one cycle of its projections: read whole and
// replaced whole. A career's figures are those published under its SOC 2018 code or,
// before 2018, under the SOC 2010 codes the crosswalk maps to it; a write may name any of
// them. Estimates published under a 2010 code that the crosswalk splits belong to each
// career it maps to, so replacing them changes those careers' figures too (and each
// profile that changes is audited).
import type { Static } from '@sinclair/typebox'
import { sql, type Insertable } from 'kysely'
import type { Db } from '../../db/connect.js'
import type { CareerRow, ProjectionTable, SocVersion, WageEstimateTable, WageFlags } from '../../db/schema.js'
import { errors } from '../../errors.js'
import type { OutlookCycle, OutlookCycleInput, SalaryPeriod, SalaryPeriodInput } from './period-schemas.js'
import { recordChange, type WriteContext } from '../../writes/audit.js'
import { careerRows } from '../careers/write-queries.js'
import { projectionsQuery, toProjection } from './projection-queries.js'
import { publishedUnder } from './published-codes.js'
import type { Queryable } from '../../db/queryable.js'
import { refreshLatestFigures } from './latest.js'
import { wagesQuery, toWageEstimate } from './wage-queries.js'
import { edit, type Editable, type Precondition } from '../edit.js'

export type SalaryPeriodBody = Static<typeof SalaryPeriod>
export type OutlookCycleBody = Static<typeof OutlookCycle>
type SalaryPeriodInputBody = Static<typeof SalaryPeriodInput>
type OutlookCycleInputBody = Static<typeof OutlookCycleInput>

export interface Period { year: number, month: number }
export interface Cycle { id: number, baseYear: number, targetYear: number, socVersion: SocVersion }

export function parsePeriod (period: string): Period {
  const [year, month] = period.split('-').map(Number)
  return { year: year ?? 0, month: month ?? 0 }
}

/** The career's estimates for one period: by area, all industries first, then by industry. */
export async function salaryPeriod (db: Queryable, soc2018: string | null, period: Period): Promise<SalaryPeriodBody> {
  if (soc2018 === null) return { data: [] }
  const rows = await wagesQuery(db, soc2018)
    .where('w.period_year', '=', period.year)
    .where('w.period_month', '=', period.month)
    .orderBy('w.area_code')
    .orderBy(sql`coalesce(w.industry_code, '')`)
    .orderBy('w.soc_version', 'desc')
    .orderBy('w.soc_code')
    .execute()
  return { data: rows.map(toWageEstimate) }
}

/** The projection cycle `YYYY-YYYY`, or undefined when none is loaded. */
export async function cycleOf (db: Queryable, cycle: string): Promise<Cycle | undefined> {
  const [base, target] = cycle.split('-').map(Number)
  const row = await db.selectFrom('projection_cycle').select(['id', 'base_year', 'target_year', 'soc_version'])
    .where('base_year', '=', base ?? 0).where('target_year', '=', target ?? 0).executeTakeFirst()
  return row === undefined
    ? undefined
    : { id: row.id, baseYear: row.base_year, targetYear: row.target_year, socVersion: row.soc_version }
}

/** The projection cycle `YYYY-YYYY` named by the path; a 404 when there is none. */
export async function findCycle (db: Queryable, cycle: string): Promise<Cycle> {
  const found = await cycleOf(db, cycle)
  if (found === undefined) throw errors.projectionCycleNotFound(cycle)
  return found
}

export async function outlookCycle (db: Queryable, soc2018: string | null, cycle: Cycle): Promise<OutlookCycleBody> {
  if (soc2018 === null) return { data: [] }
  const rows = await projectionsQuery(db, soc2018).where('p.cycle_id', '=', cycle.id).execute()
  return { data: rows.map(toProjection) }
}

/** The SOC 2010 codes the crosswalk maps to this SOC 2018 code. */
async function soc2010Codes (trx: Queryable, soc2018: string): Promise<string[]> {
  const rows = await trx.selectFrom('soc_crosswalk').select('soc2010')
    .where('soc2018', '=', soc2018).orderBy('soc2010').execute()
  return rows.map((row) => row.soc2010)
}

/** The career and every other career that shares one of its SOC 2010 codes. */
async function sharingCareers (trx: Queryable, career: CareerRow, codes2010: string[]): Promise<number[]> {
  if (codes2010.length === 0) return [career.id]
  const rows = await trx.selectFrom('career').select('id')
    .where('soc_code', 'in', trx.selectFrom('soc_crosswalk').select('soc2018').where('soc2010', 'in', codes2010))
    .execute()
  return [...new Set([career.id, ...rows.map((row) => row.id)])]
}

/** The codes a body names that do not exist, for a 400 naming each field. */
async function missingCodes (trx: Queryable, table: 'area' | 'industry', codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set()
  const found = await trx.selectFrom(table).select('code').where('code', 'in', codes).execute()
  const known = new Set(found.map((row) => row.code))
  return new Set(codes.filter((code) => !known.has(code)))
}

async function sourceIds (
  trx: Queryable, slugs: string[], field: (slug: string) => string,
): Promise<Map<string, number>> {
  const unique = [...new Set(slugs)]
  const rows = unique.length === 0
    ? []
    : await trx.selectFrom('source').select(['id', 'slug']).where('slug', 'in', unique).execute()
  const ids = new Map(rows.map((row) => [row.slug, row.id]))
  const missing = unique.find((slug) => !ids.has(slug))
  if (missing !== undefined) {
    throw errors.unknownSource(field(missing), missing, true)
  }
  return ids
}

function requireSoc (career: CareerRow, count: number): string | null {
  if (count > 0 && career.soc_code === null) {
    throw errors.careerWithoutSoc('data', career.slug)
  }
  return career.soc_code
}

function wageRows (
  career: CareerRow, soc2018: string, codes2010: string[], period: Period, input: SalaryPeriodInputBody,
  sources: Map<string, number>,
): Array<Insertable<WageEstimateTable>> {
  const seen = new Set<string>()
  return input.data.map((estimate, i) => {
    const version = estimate.socVersion ?? 2018
    const code = estimate.socCode ?? (version === 2018 ? soc2018 : codes2010.length === 1 ? codes2010[0] : undefined)
    if (code === undefined || !(version === 2018 ? [soc2018] : codes2010).includes(code)) {
      throw errors.estimateSocCode(`data.${i}.socCode`, career.slug, soc2018, codes2010)
    }
    const industry = estimate.industry ?? null
    const identity = `${version} ${code} ${estimate.area} ${industry ?? ''}`
    if (seen.has(identity)) {
      throw errors.duplicateEstimate(`data.${i}`)
    }
    seen.add(identity)
    const flags: WageFlags = {}
    for (const note of estimate.footnotes ?? []) flags[note.field.replace('.', '_') as keyof WageFlags] = note.code
    const annual = estimate.annual ?? {}
    const hourly = estimate.hourly ?? {}
    return {
      soc_version: version,
      soc_code: code,
      occupation_title: estimate.occupationTitle ?? career.title,
      period_year: period.year,
      period_month: period.month,
      area_code: estimate.area,
      industry_code: industry,
      employment: estimate.employment ?? null,
      hourly_mean: hourly.mean ?? null,
      hourly_p10: hourly.p10 ?? null,
      hourly_p25: hourly.p25 ?? null,
      hourly_median: hourly.median ?? null,
      hourly_p75: hourly.p75 ?? null,
      hourly_p90: hourly.p90 ?? null,
      annual_mean: annual.mean ?? null,
      annual_p10: annual.p10 ?? null,
      annual_p25: annual.p25 ?? null,
      annual_median: annual.median ?? null,
      annual_p75: annual.p75 ?? null,
      annual_p90: annual.p90 ?? null,
      flags: JSON.stringify(flags),
      source_id: sources.get(estimate.source) ?? 0,
    }
  })
}

async function validateCodes (trx: Queryable, input: SalaryPeriodInputBody): Promise<void> {
  const areas = await missingCodes(trx, 'area', input.data.map((e) => e.area))
  const industries = await missingCodes(trx, 'industry', input.data.flatMap((e) => e.industry ?? []))
  input.data.forEach((estimate, i) => {
    if (areas.has(estimate.area)) {
      throw errors.unknownArea(`data.${i}.area`, estimate.area)
    }
    if (estimate.industry != null && industries.has(estimate.industry)) {
      throw errors.unknownIndustry(`data.${i}.industry`, estimate.industry)
    }
  })
}

/**
 * A career as the owner of its published figures: the figures are versioned apart from the
 * profile (the period's own ETag), and nothing but the careers sharing the figures shows them.
 */
const figureOwners: Editable<'career', string, CareerRow> = { ...careerRows, around: async () => ({}) }

/** The careers whose profiles show the figures of this career's codes. */
/**
 * The careers whose profiles show the figures written: those sharing them (through the 2010
 * codes, or naming the same code), and the careers related to any of those, whose related
 * lists show their headline figures.
 */
async function figureSharers (trx: Queryable, career: CareerRow): Promise<{ career: number[] }> {
  const codes2010 = career.soc_code === null ? [] : await soc2010Codes(trx, career.soc_code)
  const sharing = await sharingCareers(trx, career, codes2010)
  const sameCode = career.soc_code === null
    ? []
    : await trx.selectFrom('career').select('id').where('soc_code', '=', career.soc_code).execute()
  const sharers = [...new Set([...sharing, ...sameCode.map((row) => row.id)])]
  const relations = await trx.selectFrom('career_relation').select(['from_career_id', 'to_career_id'])
    .where((eb) => eb.or([eb('from_career_id', 'in', sharers), eb('to_career_id', 'in', sharers)]))
    .execute()
  return { career: [...new Set([...sharers, ...relations.flatMap((r) => [r.from_career_id, r.to_career_id])])] }
}

/**
 * Replaces the career's estimates for the period; undefined when no career has the key.
 * Audited as the period (entity `salaries`) and as each career profile it changed.
 */
export async function putSalaryPeriod (
  db: Db, key: string, periodText: string, input: SalaryPeriodInputBody, context: WriteContext,
  precondition: Precondition<SalaryPeriodBody>,
): Promise<SalaryPeriodBody | undefined> {
  const period = parsePeriod(periodText)
  const outcome = await edit(db, figureOwners, key, context, {
    version: (trx, career) => salaryPeriod(trx, career.soc_code, period),
    precondition,
    others: figureSharers,
    touch: false,
    apply: async (trx, career) => {
      const before = await salaryPeriod(trx, career.soc_code, period)
      const soc2018 = requireSoc(career, input.data.length)
      const codes2010 = soc2018 === null ? [] : await soc2010Codes(trx, soc2018)
      await validateCodes(trx, input)
      const sources = await sourceIds(trx, input.data.map((e) => e.source),
        (slug) => `data.${input.data.findIndex((e) => e.source === slug)}.source`)
      if (soc2018 !== null) {
        await trx.deleteFrom('wage_estimate')
          .where('period_year', '=', period.year).where('period_month', '=', period.month)
          .where((eb) => publishedUnder(eb.ref('soc_version'), eb.ref('soc_code'), soc2018))
          .execute()
        const rows = wageRows(career, soc2018, codes2010, period, input, sources)
        if (rows.length > 0) await trx.insertInto('wage_estimate').values(rows).execute()
      }
      await refreshLatestFigures(trx)
      const after = await salaryPeriod(trx, career.soc_code, period)
      await recordPeriod(trx, context, 'salaries', career, `salaries/${periodText}`, before, after)
      return after
    },
  })
  return outcome?.result
}

/** Replaces the career's projections in the cycle; undefined when no career has the key. */
export async function putOutlookCycle (
  db: Db, key: string, cycleText: string, input: OutlookCycleInputBody, context: WriteContext,
  precondition: Precondition<OutlookCycleBody>,
): Promise<OutlookCycleBody | undefined> {
  const outcome = await edit(db, figureOwners, key, context, {
    version: async (trx, career) => outlookCycle(trx, career.soc_code, await findCycle(trx, cycleText)),
    precondition,
    others: figureSharers,
    touch: false,
    apply: async (trx, career) => {
      const cycle = await findCycle(trx, cycleText)
      const before = await outlookCycle(trx, career.soc_code, cycle)
      const soc2018 = requireSoc(career, input.data.length)
      const codes2010 = soc2018 === null ? [] : await soc2010Codes(trx, soc2018)
      const codes = soc2018 === null ? [] : cycle.socVersion === 2018 ? [soc2018] : codes2010
      const sources = await sourceIds(trx, input.data.map((p) => p.source),
        (slug) => `data.${input.data.findIndex((p) => p.source === slug)}.source`)
      const rows = projectionRows(career, cycle, cycleText, codes, input, sources)
      if (codes.length > 0) {
        await trx.deleteFrom('projection').where('cycle_id', '=', cycle.id).where('soc_code', 'in', codes).execute()
      }
      if (rows.length > 0) await trx.insertInto('projection').values(rows).execute()
      await refreshLatestFigures(trx)
      const after = await outlookCycle(trx, career.soc_code, cycle)
      await recordPeriod(trx, context, 'outlook', career, `outlook/${cycleText}`, before, after)
      return after
    },
  })
  return outcome?.result
}

function projectionRows (
  career: CareerRow, cycle: Cycle, cycleText: string, codes: string[], input: OutlookCycleInputBody,
  sources: Map<string, number>,
): Array<Insertable<ProjectionTable>> {
  const seen = new Set<string>()
  return input.data.map((projection, i) => {
    const code = projection.socCode ?? (codes.length === 1 ? codes[0] : undefined)
    if (code === undefined || !codes.includes(code)) {
      throw errors.projectionSocCode(`data.${i}.socCode`, cycleText, cycle.socVersion, career.slug, codes)
    }
    if (seen.has(code)) throw errors.duplicateProjection(`data.${i}`)
    seen.add(code)
    return {
      cycle_id: cycle.id,
      soc_code: code,
      occupation_title: projection.occupationTitle ?? career.title,
      base_employment: projection.baseEmployment ?? null,
      projected_employment: projection.projectedEmployment ?? null,
      change_numeric: projection.changeNumeric ?? null,
      change_percent: projection.changePercent ?? null,
      annual_openings: projection.annualOpenings ?? null,
      source_id: sources.get(projection.source) ?? 0,
    }
  })
}

/**
 * Audits a period or cycle: created when it was empty, deleted when left empty, else updated;
 * nothing when unchanged.
 */
async function recordPeriod (
  trx: Queryable, context: WriteContext, entity: 'salaries' | 'outlook', career: CareerRow, path: string,
  before: { data: unknown[] }, after: { data: unknown[] },
): Promise<void> {
  if (JSON.stringify(before) === JSON.stringify(after)) return
  const action = before.data.length === 0 ? 'create' : after.data.length === 0 ? 'delete' : 'update'
  await recordChange(trx, context, {
    action,
    entity,
    entityId: career.id,
    entityKey: `${career.slug}/${path}`,
    before: before.data.length === 0 ? null : before,
    after: after.data.length === 0 ? null : after,
  })
}
