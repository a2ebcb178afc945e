// Builds the bundled national dataset from a folder of official files: imports them all into
// a new in-memory embedded database (migrated, never seeded: the seed's editorial data is not
// official) and writes the bundled tables with a manifest of the inputs. The same files give
// the same bytes: rows in a fixed order, JSON with a fixed key order, gzip with no time stamp.
import { createHash } from 'node:crypto'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import { connect, type Db } from '../db/connect.js'
import { migrateToLatest } from '../db/migrate.js'
import { importPlan, planFolder } from '../import/all.js'
import type { Progress } from '../import/progress.js'
import { dumpTables, SNAPSHOT_PATH, type Snapshot, type SnapshotInput } from './snapshot.js'

/**
 * Files the bundle must not carry. The California COE crosswalk is published with no license
 * (../shared/data/README.md: internal testing only); NCES's own CIP–SOC crosswalk, which is
 * public domain, arrives with `datasets download`.
 */
const UNBUNDLED: Array<{ pattern: RegExp, why: string }> = [
  { pattern: /TOP-CIP-SOC Crosswalk/i,
    why: 'California COE TOP-CIP-SOC crosswalk: published with no license, so not redistributed' },
]

const OMITTED_PROSE = 'SOC definitions, O*NET occupation descriptions and task statements, CIP definitions: ' +
  'official prose, loaded by `career-facts import all <folder>` (or `datasets download`), never bundled'

export async function buildSnapshot (
  folder: string, progressFor?: (file: string) => Progress,
): Promise<{ snapshot: Snapshot, bytes: Buffer }> {
  const plan = await planFolder(folder)
  const relative = (file: string) => path.relative(folder, file).split(path.sep).join('/')
  const omitted = [OMITTED_PROSE]
  // Files the bundle must not carry are never imported into it.
  const bundled = plan.imports.filter((planned) => {
    const unbundled = UNBUNDLED.find((rule) => rule.pattern.test(relative(planned.file)))
    if (unbundled !== undefined) omitted.push(`${relative(planned.file)}: ${unbundled.why}`)
    return unbundled === undefined
  })
  const handle = await connect({ databaseUrl: null, pgliteDir: null })
  try {
    await migrateToLatest(handle.db)
    const { summaries } = await importPlan(handle.db, folder, { ...plan, imports: bundled }, progressFor)
    const inputs: SnapshotInput[] = []
    for (const [i, planned] of bundled.entries()) {
      const file = relative(planned.file)
      const content = await readFile(planned.file)
      inputs.push({
        file,
        bytes: content.length,
        sha256: createHash('sha256').update(content).digest('hex'),
        kind: planned.kind,
        sources: await citations(handle.db, [...summaries[i]?.sources ?? []]),
      })
    }
    const tables = await dumpTables(handle.db)
    const counts = Object.fromEntries(Object.entries(tables).map(([name, table]) => [name, table.rows.length]))
    const snapshot: Snapshot = {
      format: 1,
      manifest: {
        description: 'Career Facts national dataset: official US occupational facts and figures (BLS OEWS, ' +
          'BLS Employment Projections, SOC 2018, O*NET, NCES CIP 2020), as the project\'s importers load them. ' +
          'Each source row says where its figures come from; a source with a notice requires it wherever its data ' +
          'is shown (O*NET: CC BY 4.0).',
        inputs,
        counts,
        omitted,
      },
      tables,
    }
    return { snapshot, bytes: compress(snapshot) }
  } finally {
    await handle.close()
  }
}

async function citations (db: Db, slugs: string[]): Promise<SnapshotInput['sources']> {
  if (slugs.length === 0) return []
  const rows = await db.selectFrom('source').select(['slug', 'publisher', 'dataset', 'reference_period', 'url'])
    .where('slug', 'in', slugs).orderBy('slug').execute()
  return rows.map((row) => ({
    slug: row.slug, publisher: row.publisher, dataset: row.dataset, period: row.reference_period, url: row.url,
  }))
}

/** gzip of the JSON, with the header's operating-system byte fixed so every platform writes the same bytes. */
function compress (snapshot: Snapshot): Buffer {
  const bytes = gzipSync(Buffer.from(`${JSON.stringify(snapshot)}\n`), { level: 9 })
  bytes[9] = 0xff
  return bytes
}

export async function writeSnapshot (bytes: Buffer, file = SNAPSHOT_PATH): Promise<void> {
  await writeFile(file, bytes)
}
