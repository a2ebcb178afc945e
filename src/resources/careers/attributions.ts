// Notices that a source's terms require wherever its data is shown (O*NET's CC BY 4.0
// attribution), gathered from the sources a response actually draws on.
import type { Selectable } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { SourceTable } from '../../db/schema.js'
import type { Source } from '../../schemas/common.js'
import { toSource } from '../../schemas/source-shape.js'
import type { Queryable } from '../../db/queryable.js'

type SourceBody = Static<typeof Source>

/** Sources that carry a notice; narrow it to the rows a response draws on. */
export function sourcesWithNotice (db: Queryable) {
  return db.selectFrom('source').selectAll().where('notice', 'is not', null)
}

/** Each source with a notice once, by slug, in slug order: those found and those already shown. */
export function noticesOf (
  found: Array<Selectable<SourceTable>>, shown: Array<SourceBody | null | undefined> = [],
): SourceBody[] {
  const bySlug = new Map<string, SourceBody>()
  for (const source of [...found.map(toSource), ...shown]) {
    if (source !== null && source !== undefined && source.notice !== null && !bySlug.has(source.slug)) {
      bySlug.set(source.slug, source)
    }
  }
  return [...bySlug.values()].sort((a, b) => a.slug.localeCompare(b.slug))
}

/**
 * The sources with a notice among those given by id (rows the response was built from) and
 * those already shown in it (a wage's or credential's source), once each, by slug.
 */
export async function attributions (
  db: Queryable, sourceIds: Array<number | null>, shown: Array<SourceBody | null | undefined> = [],
): Promise<SourceBody[]> {
  const ids = [...new Set(sourceIds.filter((id): id is number => id !== null))]
  const rows = ids.length === 0 ? [] : await sourcesWithNotice(db).where('id', 'in', ids).execute()
  return noticesOf(rows, shown)
}
