// Reads as named prepared statements. Postgres parses and plans an unnamed statement anew
// on every execution; for the profile that planning took four to five times as long as
// running it (about 2.5 ms against 0.5 ms on the full dataset). Named, a statement is parsed
// once per connection and its plan kept (Postgres still plans for the actual parameters
// while a generic plan would cost more). Only reads are named: writes are rare, and a
// statement that changes the schema is not worth keeping. A kept statement whose result
// columns changed under it (a migration while the service runs) fails once with
// feature_not_supported; that text is then run unnamed from then on.
import { createHash } from 'node:crypto'
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type pg from 'pg'

// Distinct statement texts named per pool; beyond it, reads run unnamed. The app issues a
// few hundred shapes at most (list lengths vary a few of them).
const MAX_NAMED = 1000
const READ = /^\s*(select|with)\b/i
const CACHED_PLAN_CHANGED = '0A000'

class StatementNames {
  readonly #names = new Map<string, string>()
  readonly #unnamed = new Set<string>()

  nameOf (text: string): string | null {
    const known = this.#names.get(text)
    if (known !== undefined) return known
    if (this.#names.size >= MAX_NAMED || this.#unnamed.has(text) || !READ.test(text)) return null
    const name = `cf_${createHash('sha1').update(text).digest('base64url')}`
    this.#names.set(text, name)
    return name
  }

  forget (text: string): void {
    this.#names.delete(text)
    this.#unnamed.add(text)
  }
}

function isCachedPlanChange (error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === CACHED_PLAN_CHANGED
}

function namedReads (client: pg.PoolClient, names: StatementNames): PostgresPoolClient {
  async function run<R> (text: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const values = [...parameters]
    const name = names.nameOf(text)
    if (name === null) return client.query(text, values) as unknown as Promise<PostgresQueryResult<R>>
    try {
      return await (client.query({ name, text, values }) as unknown as Promise<PostgresQueryResult<R>>)
    } catch (error) {
      if (!isCachedPlanChange(error)) throw error
      names.forget(text)
      return client.query(text, values) as unknown as Promise<PostgresQueryResult<R>>
    }
  }
  function query<R> (sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>
  function query<R> (cursor: PostgresCursor<R>): PostgresCursor<R>
  function query<R> (textOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof textOrCursor === 'string') return run<R>(textOrCursor, parameters ?? [])
    // Cursors are pg's own submittables: passed through as they are.
    return client.query(textOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>
  }
  return { query, release: (destroy) => { client.release(destroy) } }
}

/** The pool as Kysely sees it, with every connection's reads named. */
export function preparedReadsPool (pool: pg.Pool): PostgresPool {
  const names = new StatementNames()
  return {
    connect: async () => namedReads(await pool.connect(), names),
    end: () => pool.end(),
  }
}
