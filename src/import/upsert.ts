// Batched upserts that report what they did: a row is inserted, updated (some column
// differed) or unchanged (the update's WHERE filtered it out, so it is not returned).
import { sql, type Insertable, type RawBuilder } from 'kysely'
import type { Database } from '../db/schema.js'
import type { Queryable } from '../db/queryable.js'
import type { Counts } from './summary.js'

// Postgres takes at most 65,535 parameters per statement.
const MAX_PARAMETERS = 60_000

export interface UpsertOptions<Row> {
  /** The conflict target: columns, or an expression of a unique index. */
  key: Array<keyof Row & string> | RawBuilder<unknown>
  /** The predicate of a partial unique index the key names. */
  where?: RawBuilder<unknown>
  /** Columns a conflicting row takes from the file; none means existing rows are kept. */
  update: Array<keyof Row & string>
}

export async function upsertRows<T extends keyof Database & string, Row extends Insertable<Database[T]>> (
  db: Queryable,
  table: T,
  rows: Row[],
  options: UpsertOptions<Row>,
): Promise<Counts> {
  const counts: Counts = { inserted: 0, updated: 0, unchanged: 0 }
  const first = rows[0]
  if (first === undefined) return counts
  const columns = Object.keys(first) as Array<keyof Row & string>
  const batch = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length))
  const target = Array.isArray(options.key) ? sql.join(options.key.map((column) => sql.ref(column))) : options.key
  const action = options.update.length === 0
    ? sql`do nothing`
    : sql`do update set ${sql.join(options.update.map(
      (column) => sql`${sql.ref(column)} = excluded.${sql.ref(column)}`,
    ))}
      where (${sql.join(options.update.map((column) => sql.ref(`${table}.${column}`)))})
        is distinct from (${sql.join(options.update.map((column) => sql`excluded.${sql.ref(column)}`))})`
  for (let start = 0; start < rows.length; start += batch) {
    const slice = rows.slice(start, start + batch)
    const values = sql.join(slice.map((row) => sql`(${sql.join(columns.map((column) => row[column]))})`))
    const result = await sql<{ inserted: boolean }>`
      insert into ${sql.table(table)} (${sql.join(columns.map((column) => sql.ref(column)))})
      values ${values}
      on conflict (${target}) ${options.where === undefined ? sql`` : sql`where ${options.where}`} ${action}
      returning (xmax = 0) as inserted
    `.execute(db)
    const inserted = result.rows.filter((row) => row.inserted).length
    counts.inserted += inserted
    counts.updated += result.rows.length - inserted
    counts.unchanged += slice.length - result.rows.length
  }
  return counts
}
