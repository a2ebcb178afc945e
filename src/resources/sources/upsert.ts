// Writing a citation (every wage, projection and credential row points at one): the
// importers and the seed upsert the sources they load. Its own file because the tests'
// database template is built from it (test/helpers/database.ts digests it).
import type { Queryable } from '../../db/queryable.js'

export interface SourceInput {
  slug: string
  publisher: string
  dataset: string
  referencePeriod: string | null
  url: string | null
  notice?: string | null
}

/** Inserts the source or updates it in place; returns its id. */
export async function upsertSource (db: Queryable, source: SourceInput): Promise<number> {
  const values = {
    slug: source.slug,
    publisher: source.publisher,
    dataset: source.dataset,
    reference_period: source.referencePeriod,
    url: source.url,
    notice: source.notice ?? null,
  }
  const row = await db.insertInto('source').values(values)
    .onConflict((oc) => oc.column('slug').doUpdateSet({
      publisher: values.publisher,
      dataset: values.dataset,
      reference_period: values.reference_period,
      url: values.url,
      notice: values.notice,
    }))
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}
