import type { Selectable } from 'kysely'
import type { Static } from '@sinclair/typebox'
import type { SourceTable } from '../db/schema.js'
import type { Source } from './common.js'

export function toSource (row: Selectable<SourceTable>): Static<typeof Source> {
  return {
    slug: row.slug,
    publisher: row.publisher,
    dataset: row.dataset,
    referencePeriod: row.reference_period,
    url: row.url,
    notice: row.notice,
  }
}
