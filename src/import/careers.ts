// Careers reached by SOC code. Importers create one for a detailed SOC occupation that has
// none, and write descriptive text only to careers whose text came from an official dataset
// (text_source_id set): what editors wrote (the seed's careers) is never overwritten.
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

export interface Occupation {
  socCode: string
  title: string
}

/**
 * The career id of every given detailed SOC code, creating careers that are missing with
 * the SOC title and a slug from it (the SOC code is appended when the slug is taken).
 */
export async function ensureCareers (
  db: Queryable,
  occupations: Occupation[],
  textSourceId: number | null,
  summary: Summary,
): Promise<Map<string, number>> {
  const existing = await db.selectFrom('career').select(['id', 'slug', 'soc_code']).execute()
  const ids = new Map<string, number>()
  const slugs = new Set<string>()
  for (const career of existing) {
    slugs.add(career.slug)
    if (career.soc_code !== null) ids.set(career.soc_code, career.id)
  }
  // With SOC loaded, only its detailed occupations become careers: OEWS and EP also publish
  // combined codes of their own (21-1018 for 21-1011 + 21-1014) that are no occupation of SOC.
  const soc = await db.selectFrom('soc_occupation').select('code')
    .where('soc_version', '=', 2018).where('level', '=', 'detailed').execute()
  const detailed = new Set(soc.map((row) => row.code))
  const missing = new Map<string, Occupation>()
  for (const occupation of occupations) {
    const known = detailed.size === 0 ? isDetailedSoc(occupation.socCode) : detailed.has(occupation.socCode)
    if (known && !ids.has(occupation.socCode)) missing.set(occupation.socCode, occupation)
  }
  if (missing.size === 0) return ids
  const rows = [...missing.values()].map((occupation) => {
    let slug = slugify(occupation.title) || `soc-${occupation.socCode}`
    if (slugs.has(slug)) slug = `${slug}-${occupation.socCode}`
    slugs.add(slug)
    return { slug, title: occupation.title, soc_code: occupation.socCode, text_source_id: textSourceId }
  })
  summary.add('career', await upsertRows(db, 'career', rows, { key: ['soc_code'], update: [] }))
  const created = await db.selectFrom('career').select(['id', 'soc_code'])
    .where('soc_code', 'in', [...missing.keys()]).execute()
  for (const career of created) if (career.soc_code !== null) ids.set(career.soc_code, career.id)
  return ids
}

export interface CareerText {
  summary?: string
  duties?: string[]
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
  const careers = await db.selectFrom('career').select(['id', 'soc_code', 'summary', 'duties', 'text_source_id'])
    .where('soc_code', 'in', [...texts.keys()]).where('text_source_id', 'is not', null).execute()
  for (const career of careers) {
    const text = texts.get(career.soc_code ?? '')
    if (text === undefined) continue
    const next: { summary?: string, duties?: string[], text_source_id?: number } = {}
    if (text.summary !== undefined && career.summary !== text.summary &&
      (mode === 'replace' || career.summary === null)) {
      next.summary = text.summary
    }
    if (text.duties !== undefined && JSON.stringify(career.duties) !== JSON.stringify(text.duties) &&
      (mode === 'replace' || career.duties.length === 0)) {
      next.duties = text.duties
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
