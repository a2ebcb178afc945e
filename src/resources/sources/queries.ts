// Sources, a page at a time in slug order.
import type { Static } from '@sinclair/typebox'
import { fingerprint, readCursor, toPage } from '../../http/cursor.js'
import type { Queryable } from '../../db/queryable.js'
import type { Source } from '../../schemas/common.js'
import { toSource } from '../../schemas/source-shape.js'
import type { SourceListQuery } from './schemas.js'

export async function listSources (
  db: Queryable, params: Static<typeof SourceListQuery>,
): Promise<{ data: Static<typeof Source>[], nextCursor: string | null }> {
  const print = fingerprint(['sources'])
  const after = readCursor(params.cursor, print, ['string'])
  let query = db.selectFrom('source').selectAll()
  if (after !== null) query = query.where('slug', '>', String(after[0]))
  const rows = await query.orderBy('slug').limit(params.limit + 1).execute()
  return toPage(rows, params.limit, print, (row) => [row.slug], toSource)
}
