// Notices that a source's terms require wherever its data is shown (O*NET's CC BY 4.0
// attribution), gathered from the sources a response actually draws on.
import type { Static } from '@sinclair/typebox'
import type { Source } from '../schemas/common.js'
import { toSource } from './sourceShape.js'
import type { Queryable } from './sources.js'

type SourceBody = Static<typeof Source>

/**
 * The sources with a notice among those given by id (rows the response was built from) and
 * those already shown in it (a wage's or credential's source), once each, by slug.
 */
export async function attributions (db: Queryable, sourceIds: Array<number | null>, shown: Array<SourceBody | null | undefined> = []): Promise<SourceBody[]> {
  const ids = [...new Set(sourceIds.filter((id): id is number => id !== null))]
  const rows = ids.length === 0
    ? []
    : await db.selectFrom('source').selectAll().where('id', 'in', ids).where('notice', 'is not', null).execute()
  const found = new Map<string, SourceBody>()
  for (const source of [...rows.map(toSource), ...shown]) {
    if (source !== null && source !== undefined && source.notice !== null && !found.has(source.slug)) found.set(source.slug, source)
  }
  return [...found.values()].sort((a, b) => a.slug.localeCompare(b.slug))
}
