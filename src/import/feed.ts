// Imports reach the change feed as one `dataset` entry per file that wrote anything (and one
// per load of the bundled dataset), rather than one per row: a file writes thousands of rows
// (the bundle 92,000), and an entry per row, each with its resource's representation, would
// multiply the feed and the import's time. The entry names the careers whose answers the
// file may have changed (official careers its rows attach to, the editorial careers that
// show their figures, and the careers related to either, whose related lists show their
// headline figures), for a mirror to fetch again.
import type { Queryable } from '../db/queryable.js'
import { recordChange, serializeWrites } from '../writes/audit.js'
import type { ImportKind } from './index.js'
import type { Counts } from './summary.js'

export interface DatasetChange {
  /** The source the rows cite (or the file's name when they cite none). */
  key: string
  file: string
  kind: ImportKind | 'dataset'
  sources: string[]
  rows: Record<string, Counts>
  careerIds: number[]
}

export async function announceDatasetChange (trx: Queryable, change: DatasetChange): Promise<void> {
  const wrote = Object.values(change.rows).some((counts) => counts.inserted + counts.updated > 0)
  if (!wrote) return
  // Taken last, so editors wait only for the commit: feed entries then commit in id order.
  await serializeWrites(trx)
  const ids = change.careerIds.length === 0 ? [-1] : change.careerIds
  const touched = trx.selectFrom('career').select('id')
    .where((eb) => eb.or([
      eb('id', 'in', ids),
      eb.and([eb('kind', '=', 'editorial'),
        eb('soc_code', 'in', eb.selectFrom('career').select('soc_code').where('id', 'in', ids))]),
    ]))
  const careers = await trx.selectFrom('career').select('slug')
    .where((eb) => eb.or([
      eb('id', 'in', touched),
      eb('id', 'in', eb.selectFrom('career_relation').select('from_career_id').where('to_career_id', 'in', touched)),
      eb('id', 'in', eb.selectFrom('career_relation').select('to_career_id').where('from_career_id', 'in', touched)),
    ]))
    .orderBy('slug').execute()
  await recordChange(trx, { actor: 'import', requestId: null }, {
    action: 'update',
    entity: 'dataset',
    entityId: 0,
    entityKey: change.key,
    before: null,
    after: {
      file: change.file, kind: change.kind, sources: change.sources, rows: change.rows,
      careers: careers.map((career) => career.slug),
    },
  })
}
