// Careers reached by SOC code. Importers create one for a detailed SOC occupation that has
// none, and write descriptive text only to careers whose text came from an official dataset
// (text_source_id set): what editors wrote (the seed's careers) is never overwritten.
import { sql } from 'kysely'
import type { Queryable } from '../db/queryable.js'
import type { Summary } from './summary.js'
import { upsertRows } from './upsert.js'

/** Detailed SOC codes end in a non-zero digit; broad groups (31-1120) and above end in 0. */
export function isDetailedSoc (code: string): boolean {
  return /^[0-9]{2}-[0-9]{3}[1-9]$/.test(code)
}

export function slugify (text: string): string {
  return text.toLowerCase()
    .normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/g, '')
}

/** EP's titles are sentence case ("Medical records specialists"); careers made from them get title case. */
export function titleCase (title: string): string {
  const small = new Set(['and', 'or', 'of', 'the', 'in', 'for', 'to', 'a', 'an', 'except', 'on', 'with', 'at', 'by'])
  return title.trim().split(/\s+/).map((word, index) => index > 0 && small.has(word.toLowerCase())
    ? word.toLowerCase()
    : word.charAt(0).toUpperCase() + word.slice(1)).join(' ')
}

export interface Occupation {
  socCode: string
  title: string
}

/**
 * The official career id of every given code, creating the careers that are missing under
 * the title given and a slug from it (the code is appended when the slug is taken). A
 * detailed SOC occupation becomes an `occupation`; a code BLS publishes for several of them
 * (soc_published_group, from EP's crosswalk) a `group`, linked to its members as their
 * broader career. Editorial careers naming a code are never taken for its official career.
 */
export async function ensureCareers (
  db: Queryable,
  occupations: Occupation[],
  textSourceId: number | null,
  summary: Summary,
): Promise<Map<string, number>> {
  const existing = await db.selectFrom('career').select(['id', 'slug', 'soc_code', 'kind']).execute()
  const ids = new Map<string, number>()
  const slugs = new Set<string>()
  for (const career of existing) {
    slugs.add(career.slug)
    if (career.soc_code !== null && career.kind !== 'editorial') ids.set(career.soc_code, career.id)
  }
  // With SOC loaded, only its detailed occupations and the groups BLS publishes become careers.
  const soc = await db.selectFrom('soc_occupation').select('code')
    .where('soc_version', '=', 2018).where('level', '=', 'detailed').execute()
  const detailed = new Set(soc.map((row) => row.code))
  const published = await db.selectFrom('soc_published_group').select('published_code').distinct().execute()
  const groups = new Set(published.map((row) => row.published_code))
  const kindOf = (code: string): 'occupation' | 'group' | null => {
    if (groups.has(code)) return 'group'
    if (detailed.size === 0 ? isDetailedSoc(code) : detailed.has(code)) return 'occupation'
    return null
  }
  const missing = new Map<string, Occupation & { kind: 'occupation' | 'group' }>()
  for (const occupation of occupations) {
    const kind = kindOf(occupation.socCode)
    if (kind !== null && !ids.has(occupation.socCode)) missing.set(occupation.socCode, { ...occupation, kind })
  }
  if (missing.size > 0) {
    const rows = [...missing.values()].map((occupation) => {
      let slug = slugify(occupation.title) || `soc-${occupation.socCode}`
      if (slugs.has(slug)) slug = `${slug}-${occupation.socCode}`
      slugs.add(slug)
      const { title, socCode, kind } = occupation
      return { slug, title, soc_code: socCode, kind, text_source_id: textSourceId }
    })
    summary.add('career', await upsertRows(db, 'career', rows, {
      key: ['soc_code'], where: sql`kind <> 'editorial'`, update: [],
    }))
    const created = await db.selectFrom('career').select(['id', 'soc_code'])
      .where('soc_code', 'in', [...missing.keys()]).where('kind', '<>', 'editorial').execute()
    for (const career of created) if (career.soc_code !== null) ids.set(career.soc_code, career.id)
  }
  if (groups.size > 0) await linkGroups(db, summary)
  for (const occupation of occupations) {
    const id = ids.get(occupation.socCode)
    if (id !== undefined) summary.careers.add(id)
  }
  return ids
}

/** Each group career is the broader career of the occupations BLS publishes within it. */
async function linkGroups (db: Queryable, summary: Summary): Promise<void> {
  const result = await db.insertInto('career_relation')
    .columns(['from_career_id', 'to_career_id', 'kind', 'source_id'])
    .expression((eb) => eb.selectFrom('soc_published_group as p')
      .innerJoin('career as g', (join) => join.onRef('g.soc_code', '=', 'p.published_code').on('g.kind', '=', 'group'))
      .innerJoin('career as m', (join) => join.onRef('m.soc_code', '=', 'p.soc2018').on('m.kind', '=', 'occupation'))
      .select(['g.id', 'm.id as member', sql<'specialization'>`'specialization'`.as('kind'), 'p.source_id']))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst()
  const inserted = Number(result.numInsertedOrUpdatedRows ?? 0)
  if (inserted > 0) summary.add('career_relation', { inserted })
}

export interface CareerText {
  summary?: string
  duties?: string[]
  /** The O*NET-SOC record the duties are the task statements of (career.duties_onet_soc_code). */
  dutiesFrom?: string
}

interface TextColumns {
  summary?: string
  duties?: string[]
  duties_onet_soc_code?: string | null
  text_source_id?: number
}

/**
 * Official text for careers whose text is the importers' to keep; editors' careers are left
 * alone. `replace` takes the text over (and records its source); `fill` only fills what is empty.
 */
export async function setCareerTexts (
  db: Queryable,
  texts: Map<string, CareerText>,
  textSourceId: number,
  summary: Summary,
  mode: 'replace' | 'fill',
): Promise<void> {
  if (texts.size === 0) return
  const careers = await db.selectFrom('career')
    .select(['id', 'soc_code', 'summary', 'duties', 'duties_onet_soc_code', 'text_source_id'])
    .where('soc_code', 'in', [...texts.keys()]).where('text_source_id', 'is not', null).execute()
  for (const career of careers) {
    const text = texts.get(career.soc_code ?? '')
    if (text === undefined) continue
    const next: TextColumns = {}
    if (text.summary !== undefined && career.summary !== text.summary &&
      (mode === 'replace' || career.summary === null)) {
      next.summary = text.summary
    }
    const dutiesFrom = text.dutiesFrom ?? null
    if (text.duties !== undefined && (JSON.stringify(career.duties) !== JSON.stringify(text.duties) ||
      career.duties_onet_soc_code !== dutiesFrom) && (mode === 'replace' || career.duties.length === 0)) {
      next.duties = text.duties
      next.duties_onet_soc_code = dutiesFrom
    }
    if (Object.keys(next).length === 0) {
      summary.add('career', { unchanged: 1 })
      continue
    }
    if (mode === 'replace') next.text_source_id = textSourceId
    await db.updateTable('career').set({ ...next, updated_at: new Date() }).where('id', '=', career.id).execute()
    summary.add('career', { updated: 1 })
  }
}
