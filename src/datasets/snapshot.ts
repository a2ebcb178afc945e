// The bundled national dataset: the official facts and figures the importers load from the
// official files (codes, titles and alternate titles, wages with their footnote flags,
// projections, relations, categories, sources with their notices), as one gzipped JSON file
// committed in dataset/. Never the official prose (SOC definitions, O*NET descriptions and
// task statements, CIP definitions): those columns are left out here and arrive with
// `import all`. `npm run dataset:build` writes it (build.ts); a database with no careers
// loads it at start, before the seed's editorial careers (src/db/open.ts).
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { gunzipSync } from 'node:zlib'
import { sql } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Queryable } from '../db/queryable.js'
import { announceDatasetChange } from '../import/feed.js'
import { refreshLatestFigures } from '../resources/career-figures/latest.js'

export const SNAPSHOT_PATH = fileURLToPath(new URL('../../dataset/national.json.gz', import.meta.url))

type Value = string | number | boolean | null | Record<string, unknown>

export interface SnapshotTable {
  columns: string[]
  rows: Value[][]
}

export interface SnapshotInput {
  /** Where the file sat in the folder the snapshot was built from. */
  file: string
  bytes: number
  sha256: string
  kind: string
  /** The sources its rows cite. */
  sources: Array<{ slug: string, publisher: string, dataset: string, period: string | null, url: string | null }>
}

export interface SnapshotManifest {
  description: string
  inputs: SnapshotInput[]
  /** Row counts, table by table. */
  counts: Record<string, number>
  /** Data left out of the bundle, and why. */
  omitted: string[]
}

export interface Snapshot {
  format: 1
  manifest: SnapshotManifest
  tables: Record<string, SnapshotTable>
}

type TableName = keyof Database & string

interface TableSpec {
  table: TableName
  columns: string[]
  /** A unique ordering, so that a rebuild writes the same bytes. */
  order: string[]
  /** The serial column whose sequence must follow the loaded ids. */
  serial?: string
}

/**
 * What the bundle holds, in the order it loads (referenced tables first). Columns not named
 * take their defaults; the prose columns (soc_occupation.definition, career.summary and
 * duties, field_of_study.definition) are never named.
 */
export const SNAPSHOT_TABLES: TableSpec[] = [
  { table: 'source', columns: ['id', 'slug', 'publisher', 'dataset', 'reference_period', 'url', 'notice'],
    order: ['id'], serial: 'id' },
  { table: 'area', columns: ['code', 'name', 'kind'], order: ['code'] },
  { table: 'industry', columns: ['code', 'title'], order: ['code'] },
  { table: 'soc_occupation', columns: ['soc_version', 'code', 'title', 'level'], order: ['soc_version', 'code'] },
  { table: 'soc_crosswalk', columns: ['soc2010', 'soc2018'], order: ['soc2010', 'soc2018'] },
  { table: 'soc_published_group', columns: ['soc2018', 'published_code', 'source_id'],
    order: ['soc2018', 'published_code'] },
  { table: 'ooh_profile', columns: ['soc_code', 'title', 'url', 'source_id'], order: ['soc_code'] },
  { table: 'career', columns: ['id', 'slug', 'title', 'soc_code', 'kind', 'typical_education', 'job_zone',
    'text_source_id'], order: ['id'], serial: 'id' },
  { table: 'career_alternate_title', columns: ['career_id', 'title', 'source_id'], order: ['career_id', 'title'] },
  { table: 'career_relation', columns: ['from_career_id', 'to_career_id', 'kind', 'source_id', 'rank', 'tier'],
    order: ['from_career_id', 'to_career_id', 'kind'] },
  { table: 'wage_estimate', columns: ['id', 'soc_version', 'soc_code', 'occupation_title', 'period_year',
    'period_month', 'area_code', 'industry_code', 'employment', 'employment_rse', 'hourly_mean', 'hourly_p10',
    'hourly_p25', 'hourly_median', 'hourly_p75', 'hourly_p90', 'annual_mean', 'annual_p10', 'annual_p25',
    'annual_median', 'annual_p75', 'annual_p90', 'annual_only', 'hourly_only', 'flags', 'source_id'],
  order: ['id'], serial: 'id' },
  { table: 'projection_cycle', columns: ['id', 'base_year', 'target_year', 'soc_version', 'source_id'],
    order: ['id'], serial: 'id' },
  { table: 'projection_band', columns: ['cycle_id', 'descriptor', 'min_percent'], order: ['cycle_id', 'min_percent'] },
  { table: 'projection', columns: ['id', 'cycle_id', 'soc_code', 'occupation_title', 'base_employment',
    'projected_employment', 'change_numeric', 'change_percent', 'annual_openings', 'typical_education',
    'work_experience', 'on_the_job_training', 'source_id', 'percent_self_employed'], order: ['id'], serial: 'id' },
  { table: 'onet_education_category', columns: ['category', 'label'], order: ['category'] },
  { table: 'career_education_share', columns: ['career_id', 'category', 'percent', 'source_id'],
    order: ['career_id', 'category'] },
  { table: 'onet_occupation', columns: ['onet_soc_code', 'title', 'source_id'], order: ['onet_soc_code'] },
  { table: 'career_technology_skill', columns: ['career_id', 'commodity_code', 'commodity_title', 'example', 'hot',
    'in_demand', 'onet_soc_code', 'source_id'], order: ['career_id', 'commodity_code', 'example'] },
  { table: 'career_interest', columns: ['career_id', 'realistic', 'investigative', 'artistic', 'social',
    'enterprising', 'conventional', 'onet_soc_code', 'source_id'], order: ['career_id'] },
  { table: 'career_work_style', columns: ['career_id', 'element_id', 'name', 'importance', 'onet_soc_code',
    'source_id'], order: ['career_id', 'element_id'] },
  { table: 'field_of_study', columns: ['code', 'family', 'title', 'source_id'], order: ['code'] },
  { table: 'cip_retired', columns: ['code', 'action', 'replaced_by', 'source_id'], order: ['code'] },
  { table: 'cip_soc', columns: ['cip_code', 'soc_code', 'source_id'], order: ['cip_code', 'soc_code', 'source_id'] },
]

/** Every bundled table's rows, in the bundle's order. */
export async function dumpTables (db: Queryable): Promise<Record<string, SnapshotTable>> {
  const tables: Record<string, SnapshotTable> = {}
  for (const spec of SNAPSHOT_TABLES) {
    const columns = sql.join(spec.columns.map((column) => sql.ref(column)))
    const order = sql.join(spec.order.map((column) => sql.ref(column)))
    const result = await sql<{ row: Value[] }>`
      select json_build_array(${columns}) as row from ${sql.table(spec.table)} order by ${order}
    `.execute(db)
    tables[spec.table] = { columns: spec.columns, rows: result.rows.map((r) => r.row) }
  }
  return tables
}

export async function readSnapshot (file = SNAPSHOT_PATH): Promise<Snapshot> {
  const snapshot = JSON.parse(gunzipSync(await readFile(file)).toString('utf8')) as Snapshot
  if (snapshot.format !== 1) throw new Error(`${file}: not a snapshot this version reads (format ${snapshot.format})`)
  return snapshot
}

// Rows per statement: a table goes in as JSON, a few thousand rows at a time, which keeps each
// statement's text small while the per-statement cost stays negligible.
const BATCH = 5000

/**
 * Loads the snapshot into a database whose bundled tables are empty, in the caller's
 * transaction, moves each serial sequence past the loaded ids, and tells the change feed. `onTable` hears each
 * table as it completes (the progress line).
 */
export async function loadSnapshot (
  trx: Queryable, snapshot: Snapshot, onTable: (table: string, rows: number) => void = () => {},
): Promise<void> {
  for (const spec of SNAPSHOT_TABLES) {
    const table = snapshot.tables[spec.table]
    if (table === undefined) throw new Error(`the snapshot has no table ${spec.table}`)
    const columns = sql.join(table.columns.map((column) => sql.ref(column)))
    for (let start = 0; start < table.rows.length; start += BATCH) {
      const rows = table.rows.slice(start, start + BATCH).map((row) =>
        Object.fromEntries(table.columns.map((column, i) => [column, row[i] ?? null])))
      await sql`
        insert into ${sql.table(spec.table)} (${columns})
        select ${columns} from json_populate_recordset(null::${sql.table(spec.table)}, ${JSON.stringify(rows)}::json)
      `.execute(trx)
    }
    if (spec.serial !== undefined) {
      await sql`select setval(pg_get_serial_sequence(${spec.table}, ${spec.serial}),
        greatest((select max(${sql.ref(spec.serial)}) from ${sql.table(spec.table)}), 1))`.execute(trx)
    }
    onTable(spec.table, table.rows.length)
  }
  // Statistics for the tables just filled: planned over empty tables' estimates, the latest
  // figures' query ran past the statement timeout on PostgreSQL (its lateral lookups scanned).
  await sql`analyze ${sql.join(SNAPSHOT_TABLES.map((spec) => sql.table(spec.table)))}`.execute(trx)
  await refreshLatestFigures(trx)
  const careers = snapshot.tables.career?.rows.map((row) => Number(row[0])) ?? []
  await announceDatasetChange(trx, {
    key: 'national-dataset',
    file: 'dataset/national.json.gz',
    kind: 'dataset',
    sources: (snapshot.tables.source?.rows ?? []).map((row) => String(row[1])).sort(),
    rows: Object.fromEntries(Object.entries(snapshot.tables)
      .map(([name, table]) => [name, { inserted: table.rows.length, updated: 0, unchanged: 0 }])),
    careerIds: careers,
  })
}
