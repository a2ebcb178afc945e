// The database's announcements of committed data changes (migration
// 20261128T1800_change_notifications), for whoever keeps answers derived from the data.
// Postgres: a dedicated connection LISTENs, and is reopened whenever it drops; while it is
// down changes may be missed, which the subscriber is told. PGlite: the embedded
// database's own listen API, on its single connection.
import type { PGlite } from '@electric-sql/pglite'
import pg from 'pg'

export const CHANGES_CHANNEL = 'career_facts_changed'

export interface ChangeListener {
  /** A change committed to this table. */
  changed: (table: string) => void
  /**
   * true once changes are heard; false when they may no longer be (the connection
   * dropped, with the error). Each true follows a time when changes could have been missed.
   */
  listening: (heard: boolean, error?: Error) => void
}

export interface ChangeFeed {
  /** Starts listening (resolves after the first attempt, heard or not); returns the way to stop. */
  subscribe: (listener: ChangeListener) => Promise<() => Promise<void>>
}

// Reconnecting backs off from 100 ms to 500 ms at most. While not listening, the answer
// cache is off and every GET goes to the database, so the cache should be back soon after
// Postgres is (within half a second); one connection attempt each half second during an
// outage costs Postgres next to nothing.
const FIRST_RETRY_MS = 100
const LAST_RETRY_MS = 500

export interface PostgresChangesOptions {
  /** Gives up a connection attempt after this long (pg's default: never), then retries. */
  connectionTimeoutMillis?: number
}

/** One subscriber's connection to Postgres, reopened with backoff until stopped. */
class PostgresListener {
  #client: pg.Client | null = null
  #retry: NodeJS.Timeout | null = null
  #delay = FIRST_RETRY_MS
  #stopped = false

  constructor (
    private readonly url: string,
    private readonly listener: ChangeListener,
    private readonly options: PostgresChangesOptions,
  ) {}

  async start (): Promise<void> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'career-facts-changes',
      connectionTimeoutMillis: this.options.connectionTimeoutMillis,
      // Notices a silently broken network path, not only a closed connection.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    })
    let lost = false
    const onLost = (error?: Error): void => {
      if (lost) return
      lost = true
      this.#lost(client, error)
    }
    client.on('error', onLost)
    client.on('end', () => onLost())
    client.on('notification', (message) => {
      if (message.channel === CHANGES_CHANNEL) this.listener.changed(message.payload ?? '')
    })
    try {
      await client.connect()
      await client.query(`listen ${CHANGES_CHANNEL}`)
    } catch (error) {
      onLost(error instanceof Error ? error : new Error(String(error)))
      return
    }
    if (lost) return
    if (this.#stopped) {
      await client.end().catch(() => undefined)
      return
    }
    this.#client = client
    this.#delay = FIRST_RETRY_MS
    this.listener.listening(true)
  }

  #lost (client: pg.Client, error: Error | undefined): void {
    const wasListening = this.#client === client
    if (wasListening) this.#client = null
    client.end().catch(() => undefined)
    if (this.#stopped) return
    if (wasListening) this.listener.listening(false, error ?? new Error('the listening connection closed'))
    this.#retry = setTimeout(() => {
      this.#retry = null
      void this.start()
    }, this.#delay)
    this.#delay = Math.min(this.#delay * 2, LAST_RETRY_MS)
  }

  async stop (): Promise<void> {
    this.#stopped = true
    if (this.#retry !== null) clearTimeout(this.#retry)
    const client = this.#client
    this.#client = null
    if (client !== null) await client.end().catch(() => undefined)
  }
}

export function postgresChanges (url: string, options: PostgresChangesOptions = {}): ChangeFeed {
  return {
    subscribe: async (listener) => {
      const connection = new PostgresListener(url, listener, options)
      await connection.start()
      return () => connection.stop()
    },
  }
}

/**
 * `withConnection` runs its callback while holding the embedded database's only connection,
 * so LISTEN never lands inside another caller's open transaction (where a rollback would undo it).
 */
export function pgliteChanges (pglite: PGlite, withConnection: <T>(run: () => Promise<T>) => Promise<T>): ChangeFeed {
  return {
    subscribe: async (listener) => {
      const unlisten = await withConnection(() => pglite.listen(CHANGES_CHANNEL, (table) => listener.changed(table)))
      listener.listening(true)
      return async () => {
        if (!pglite.closed) await withConnection(() => unlisten()).catch(() => undefined)
      }
    },
  }
}
