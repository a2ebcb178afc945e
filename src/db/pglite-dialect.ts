// A Kysely dialect over PGlite: Kysely's own PostgresDialect driven through a pool-shaped
// adapter, so both databases share the same SQL compiler and driver code.
import type { PGlite } from '@electric-sql/pglite'
import {
  PostgresDialect, type PostgresCursor, type PostgresPool, type PostgresPoolClient, type PostgresQueryResult,
} from 'kysely'
import type { PoolStats } from './connect.js'

/** PGlite is one connection: callers queue here for it, as they would for a pool of one. */
class Mutex {
  #tail: Promise<void> = Promise.resolve()
  /** For the pool gauges: whether someone holds the lock, and how many wait for it. */
  held = false
  waiting = 0

  acquire (): Promise<() => void> {
    let release!: () => void
    const next = new Promise<void>((resolve) => { release = resolve })
    this.waiting++
    const ready = this.#tail.then(() => {
      this.waiting--
      this.held = true
      return () => {
        this.held = false
        release()
      }
    })
    this.#tail = this.#tail.then(() => next)
    return ready
  }
}

const WRITE_COMMAND = /^\s*(insert|update|delete|merge)\b/i

class PGliteClient implements PostgresPoolClient {
  constructor (private readonly pglite: PGlite, private readonly releaseLock: () => void) {}

  query<R> (sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>
  query<R> (cursor: PostgresCursor<R>): PostgresCursor<R>
  query<R> (
    sqlOrCursor: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') throw new Error('streaming is not supported on the embedded database')
    return this.#run(sqlOrCursor, parameters)
  }

  async #run<R> (sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>> {
    const result = await this.pglite.query<R>(sql, [...parameters])
    // Kysely reports affected rows only for these commands; statements starting with WITH
    // report none, which no caller here relies on.
    const command = (WRITE_COMMAND.exec(sql)?.[1]?.toUpperCase() ?? 'SELECT') as PostgresQueryResult<R>['command']
    return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows }
  }

  release (): void {
    this.releaseLock()
  }
}

export class PGlitePool implements PostgresPool {
  readonly #lock = new Mutex()

  constructor (private readonly pglite: PGlite) {}

  /** One connection, busy or idle, and the callers queued for it. */
  stats (): PoolStats {
    return { total: 1, idle: this.#lock.held ? 0 : 1, waiting: this.#lock.waiting }
  }

  async connect (): Promise<PostgresPoolClient> {
    const release = await this.#lock.acquire()
    return new PGliteClient(this.pglite, release)
  }

  /** Runs `run` while holding the connection, outside any caller's transaction. */
  async withConnection<T> (run: () => Promise<T>): Promise<T> {
    const release = await this.#lock.acquire()
    try {
      return await run()
    } finally {
      release()
    }
  }

  async end (): Promise<void> {
    if (!this.pglite.closed) await this.pglite.close()
  }
}

export function pgliteDialect (pool: PGlitePool): PostgresDialect {
  return new PostgresDialect({ pool })
}
