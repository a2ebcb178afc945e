// How Kysely checks clients out of a pg pool: every checked-out client survives the loss of
// its connection, and reads run as named prepared statements.
//
// A lost connection: pg emits 'error' on the client, and while a client is checked out the
// pool listens for nothing on it (an 'error' nobody listens for ends the process). Here each
// checkout listens for as long as it lasts, and a client whose connection failed, in an
// event or in a query's answer, goes back with destroy=true: Kysely asks for that only when a
// rollback failed, and pg-pool drops a client by itself only once its socket has closed;
// the answer that ends a session (57P01, say) comes just before that, and the next caller
// would be handed the client.
//
// Named reads: Postgres parses and plans an unnamed statement anew on every execution, and
// for the profile planning was most of the database's time (README, "Figures behind the
// code"). Named, a statement is parsed once per connection and its plan kept (Postgres
// still plans for the actual parameters while a generic plan would cost more). Only reads
// are named: writes are rare, and a statement that changes the schema is not worth keeping.
// A kept statement whose result columns changed under it (a migration while the service
// runs) fails once with feature_not_supported; that text is then run unnamed from then on.
import { createHash } from 'node:crypto'
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely'
import type pg from 'pg'
import { isConnectionError } from './faults.js'

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

function checkedOut (client: pg.PoolClient, names: StatementNames | null): PostgresPoolClient {
  let broken = false
  const onError = (): void => { broken = true }
  client.on('error', onError)
  const watch = <R>(running: Promise<R>): Promise<R> => running.catch((error: unknown) => {
    if (isConnectionError(error)) broken = true
    throw error
  })

  async function run<R> (text: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const values = [...parameters]
    const name = names?.nameOf(text) ?? null
    if (name === null) return client.query(text, values) as unknown as Promise<PostgresQueryResult<R>>
    try {
      return await (client.query({ name, text, values }) as unknown as Promise<PostgresQueryResult<R>>)
    } catch (error) {
      if (!isCachedPlanChange(error)) throw error
      names?.forget(text)
      return client.query(text, values) as unknown as Promise<PostgresQueryResult<R>>
    }
  }
  function query<R> (sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>
  function query<R> (cursor: PostgresCursor<R>): PostgresCursor<R>
  function query<R> (
    textOrCursor: string | PostgresCursor<R>, parameters?: ReadonlyArray<unknown>,
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof textOrCursor === 'string') return watch(run<R>(textOrCursor, parameters ?? []))
    // Cursors are pg's own submittables: passed through as they are.
    return client.query(textOrCursor as unknown as pg.Submittable) as unknown as PostgresCursor<R>
  }
  return {
    query,
    release: (destroy) => {
      // Removed first: the pool puts its own listener back as it takes the client.
      client.removeListener('error', onError)
      client.release(destroy === true || broken)
    },
  }
}

/** The pool as Kysely sees it: connection failures never escape, reads named when `namedReads`. */
export function kyselyPool (pool: pg.Pool, { namedReads }: { namedReads: boolean }): PostgresPool {
  const names = namedReads ? new StatementNames() : null
  return {
    connect: async () => checkedOut(await pool.connect(), names),
    end: () => pool.end(),
  }
}
