// Opens the database the configuration names: Postgres through a pg pool when a URL is
// given (and a second pool for a read replica's URL), otherwise PGlite in this process.
// Everything above this module sees Kysely instances and a feed of committed changes.
// PGlite is imported only when it is used: a server on Postgres never loads it.
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import type { PGlite } from '@electric-sql/pglite'
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import { pgliteChanges, postgresChanges, type ChangeFeed } from './changes.js'
import { PGlitePool, pgliteDialect } from './pglite-dialect.js'
import { kyselyPool } from './prepared.js'
import type { Database } from './schema.js'

export type Db = Kysely<Database>

/** Connections for the metrics gauges: open, idle among them, and callers waiting for one. */
export interface PoolStats {
  total: number
  idle: number
  waiting: number
}

export interface DatabaseHandle {
  /** The primary: writes, migrations, keys and audit go here. */
  db: Db
  /** Where GETs read: the replica at the read URL, else the primary itself. */
  readDb: Db
  /** Announcements of committed data changes, heard from the primary. */
  changes: ChangeFeed
  driver: 'postgres' | 'pglite'
  close: () => Promise<void>
  poolStats: () => PoolStats
  /** The embedded database's files as a tarball, to start other instances from. */
  snapshot?: () => Promise<Blob>
}

export interface ConnectOptions {
  databaseUrl: string | null
  /** A read replica (Postgres only); GETs read there when set. */
  readUrl?: string | null
  pgliteDir?: string | null
  /** A PGlite data directory dump to start from (tests use a migrated snapshot). */
  pgliteSnapshot?: Blob
  poolMax?: number
  /** Postgres cancels statements running longer (ms); unset or 0: no limit (the CLI's imports). */
  statementTimeoutMs?: number
  /** Reads as named prepared statements (Postgres only; see prepared.ts). Default true. */
  preparedStatements?: boolean
  /** Told of each idle pooled connection that was lost (Postgres only); it is replaced on demand. */
  onConnectionLost?: (error: Error) => void
}

// Both drivers return numeric and bigint columns as strings; the API serves numbers.
// Salaries and counts in this domain fit well inside a double.
const NUMERIC_OID = 1700
const INT8_OID = 20
const toNumber = (value: string): number => Number(value)

// Settings of every session, on both drivers. Typo-tolerant search compares query words
// with title words; 0.6 (the default) misses two-typo queries such as "medcal recrds", 0.4
// still keeps unrelated titles out. A statement timeout stops one slow query from holding
// a connection (and its locks) indefinitely.
function sessionSetup (statementTimeoutMs: number): string {
  return [
    'set pg_trgm.word_similarity_threshold = 0.4',
    `set statement_timeout = ${Math.max(0, Math.trunc(statementTimeoutMs))}`,
  ].join('; ')
}

// How long a query may wait for a connection, a new one or a busy one to come free, before
// it fails (503 to the client). Without it a request waits as long as the outage lasts; a
// healthy connect takes milliseconds, and a pool sized for its load frees a client sooner.
export const CONNECTION_TIMEOUT_MS = 2000

type LostListener = ConnectOptions['onConnectionLost']

function postgresPool (url: string, poolMax: number, setup: string, onLost: LostListener): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolMax,
    connectionTimeoutMillis: CONNECTION_TIMEOUT_MS,
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
        if (oid === NUMERIC_OID || oid === INT8_OID) return toNumber
        return pg.types.getTypeParser(oid, format)
      }) as typeof pg.types.getTypeParser,
    },
  })
  // pg queues a client's queries in order, so this runs before the first real one.
  pool.on('connect', (client) => { client.query(setup).catch(() => undefined) })
  // An idle client whose connection dropped (Postgres restarted, or ended the session): the
  // pool has already discarded it and opens another when one is needed. Unheard, this
  // 'error' would end the process.
  pool.on('error', (error) => onLost?.(error))
  return pool
}

interface PostgresOptions {
  poolMax: number
  setup: string
  prepared: boolean
  onLost: LostListener
}

function connectPostgres (url: string, readUrl: string | null, options: PostgresOptions): DatabaseHandle {
  const { poolMax, setup, prepared, onLost } = options
  const kysely = (pool: pg.Pool): Db => new Kysely<Database>({
    dialect: new PostgresDialect({ pool: kyselyPool(pool, { namedReads: prepared }) }),
  })
  const pool = postgresPool(url, poolMax, setup, onLost)
  const db = kysely(pool)
  const readDb = readUrl === null ? db : kysely(postgresPool(readUrl, poolMax, setup, onLost))
  const poolStats = (): PoolStats => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount })
  const close = async (): Promise<void> => {
    await Promise.all([db.destroy(), readDb === db ? undefined : readDb.destroy()])
  }
  const changes = postgresChanges(url, { connectionTimeoutMillis: CONNECTION_TIMEOUT_MS })
  return { db, readDb, changes, driver: 'postgres', close, poolStats }
}

async function connectPglite (dir: string | null, snapshot: Blob | undefined, setup: string): Promise<DatabaseHandle> {
  const [{ PGlite }, { pg_trgm }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
  ])
  // PGlite makes the data folder itself but not its parents (the default is .career-facts/pglite).
  if (dir !== null) await mkdir(path.resolve(dir), { recursive: true })
  const pglite: PGlite = await PGlite.create(dir ?? undefined, {
    extensions: { pg_trgm },
    loadDataDir: snapshot,
    parsers: { [NUMERIC_OID]: toNumber, [INT8_OID]: toNumber },
  })
  await pglite.exec(setup)
  const pool = new PGlitePool(pglite)
  const db = new Kysely<Database>({ dialect: pgliteDialect(pool) })
  // Kysely opens its pool on the first query, so an unused instance must close PGlite itself.
  const close = async (): Promise<void> => {
    await db.destroy()
    if (!pglite.closed) await pglite.close()
  }
  const changes = pgliteChanges(pglite, (run) => pool.withConnection(run))
  return {
    db,
    readDb: db,
    changes,
    driver: 'pglite',
    close,
    poolStats: () => pool.stats(),
    snapshot: () => pglite.dumpDataDir('none'),
  }
}

export async function connect (options: ConnectOptions): Promise<DatabaseHandle> {
  const setup = sessionSetup(options.statementTimeoutMs ?? 0)
  if (options.databaseUrl) {
    return connectPostgres(options.databaseUrl, options.readUrl ?? null, {
      poolMax: options.poolMax ?? 10,
      setup,
      prepared: options.preparedStatements ?? true,
      onLost: options.onConnectionLost,
    })
  }
  return connectPglite(options.pgliteDir ?? null, options.pgliteSnapshot, setup)
}
