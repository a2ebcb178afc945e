// Configuration comes only from the environment; it is checked once at start so a
// bad variable stops the process with a message that names it.
import { Type, type Static } from '@sinclair/typebox'
import { Value } from '@sinclair/typebox/value'

const BooleanFlag = Type.Union([Type.Literal('true'), Type.Literal('false'), Type.Literal('1'), Type.Literal('0')])

// `*`, or origins separated by commas: https://partner.example,https://other.example
const ORIGINS = '^(\\*|https?://[^/,\\s]+(,\\s*https?://[^/,\\s]+)*)$'

const EnvSchema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 3000 }),
  HOST: Type.String({ minLength: 1, default: '127.0.0.1' }),
  DATABASE_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  DATABASE_READ_URL: Type.Optional(Type.String({ pattern: '^postgres(ql)?://' })),
  PGLITE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  LOG_LEVEL: Type.Union(
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
    { default: 'info' },
  ),
  MIGRATE_ON_START: Type.Optional(BooleanFlag),
  SEED_ON_START: Type.Optional(BooleanFlag),
  DATASET_ON_START: Type.Optional(BooleanFlag),
  DB_POOL_MAX: Type.Integer({ minimum: 1, maximum: 200, default: 10 }),
  DB_PREPARED_STATEMENTS: Type.Optional(BooleanFlag),
  CACHE_MAX_AGE: Type.Integer({ minimum: 0, maximum: 31_536_000, default: 300 }),
  CACHE_ENABLED: Type.Optional(BooleanFlag),
  // 16 MiB: a full cache must fit the memory budget beside what the process peaks at under
  // load without it (V8's heap grows with garbage between collections), and still hold the
  // bench's working set. The measurements: README, "Figures behind the code".
  CACHE_MAX_BYTES: Type.Integer({ minimum: 0, maximum: 4_294_967_296, default: 16_777_216 }),
  CORS_ORIGINS: Type.String({ pattern: ORIGINS, default: '*' }),
  // The same form; unset: no origin may write from a browser.
  CORS_WRITE_ORIGINS: Type.Optional(Type.String({ pattern: ORIGINS })),
  READS_REQUIRE_KEY: Type.Optional(BooleanFlag),
  RATE_LIMIT_MAX: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 600 }),
  RATE_LIMIT_WINDOW: Type.Integer({ minimum: 1, maximum: 86_400, default: 60 }),
  REDIS_URL: Type.Optional(Type.String({ pattern: '^rediss?://' })),
  STATEMENT_TIMEOUT_MS: Type.Integer({ minimum: 0, maximum: 3_600_000, default: 5000 }),
  SHUTDOWN_TIMEOUT: Type.Integer({ minimum: 1, maximum: 3600, default: 10 }),
  // `false`, `true` (every hop), or the proxies' addresses/CIDRs separated by commas.
  TRUST_PROXY: Type.String({ pattern: '^(true|false|[0-9a-fA-F.:/]+(,\\s*[0-9a-fA-F.:/]+)*)$', default: 'false' }),
}, { additionalProperties: true })

/**
 * The embedded database keeps its data between runs (editors' writes survive a restart) in
 * .career-facts/pglite under the working folder unless told otherwise; `memory` keeps it in
 * memory only, as the tests and `npm run openapi` do.
 */
export const DEFAULT_PGLITE_DIR = '.career-facts/pglite'

function pgliteDir (value: string | undefined): string | null {
  if (value === 'memory') return null
  return value === undefined || value === '' ? DEFAULT_PGLITE_DIR : value
}

export interface Config {
  port: number
  host: string
  databaseUrl: string | null
  /** A replica that GETs read from; null reads from databaseUrl. Writes always go to databaseUrl. */
  databaseReadUrl: string | null
  pgliteDir: string | null
  logLevel: string
  migrateOnStart: boolean
  seedOnStart: boolean
  /** Load the bundled national dataset into a database with no careers, before the seed. */
  datasetOnStart: boolean
  dbPoolMax: number
  /**
   * Reads as named prepared statements; off behind poolers that cannot keep them (PgBouncer in
   * transaction mode before 1.21).
   */
  dbPreparedStatements: boolean
  /** Seconds partners may cache a GET answer. */
  cacheMaxAge: number
  /** Whether computed GET answers are kept in memory until the data changes. */
  cacheEnabled: boolean
  /** The most bytes those answers may take (bodies, keys and bookkeeping). */
  cacheMaxBytes: number
  /** Origins browsers may read answers from: `*` for any, else the listed origins. */
  corsOrigins: '*' | string[]
  /** Origins whose pages may send writes (POST, PUT, PATCH, DELETE); none by default. */
  corsWriteOrigins: '*' | string[]
  /** When true, GETs under /v1 need a key with the read scope too. */
  readsRequireKey: boolean
  /** Requests allowed per key (or client address without one) in each window. */
  rateLimitMax: number
  /** The rate limit window, in seconds. */
  rateLimitWindow: number
  /** Redis holding the rate limit counters, shared by every instance; null keeps them in memory. */
  redisUrl: string | null
  /** Postgres cancels a statement of the service running longer than this; 0 never does. */
  statementTimeoutMs: number
  /** Seconds a shutdown may take to finish in-flight requests before the process exits anyway. */
  shutdownTimeout: number
  /**
   * Which proxies' X-Forwarded-For to believe for the client address (rate limits key on
   * it): false none, true any, or the proxies' addresses and CIDR ranges.
   */
  trustProxy: boolean | string[]
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

function trustProxy (value: string): Config['trustProxy'] {
  if (value === 'true' || value === 'false') return value === 'true'
  return value.split(',').map((address) => address.trim())
}

function origins (value: string): '*' | string[] {
  return value === '*' ? '*' : value.split(',').map((origin) => origin.trim())
}

function flag (value: Static<typeof BooleanFlag> | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback
  return value === 'true' || value === '1'
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig (env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as shells and compose files often leave them.
  const raw: Record<string, unknown> = {}
  for (const key of Object.keys(EnvSchema.properties)) {
    const value = env[key]
    if (value !== undefined && value !== '') raw[key] = value
  }
  const withDefaults = Value.Default(EnvSchema, Value.Convert(EnvSchema, raw))
  if (!Value.Check(EnvSchema, withDefaults)) {
    const problems = [...Value.Errors(EnvSchema, withDefaults)].map((error) => {
      const name = error.path.replace(/^\//, '').split('/')[0] ?? error.path
      return `${name}=${JSON.stringify(env[name])}: ${error.message}`
    })
    throw new ConfigError(`Invalid configuration: ${[...new Set(problems)].join('; ')}`)
  }
  const parsed = withDefaults as Static<typeof EnvSchema>
  if (parsed.DATABASE_READ_URL !== undefined && parsed.DATABASE_URL === undefined) {
    throw new ConfigError(
      'Invalid configuration: DATABASE_READ_URL needs DATABASE_URL (the primary that takes the writes)',
    )
  }
  return {
    port: parsed.PORT,
    host: parsed.HOST,
    databaseUrl: parsed.DATABASE_URL ?? null,
    databaseReadUrl: parsed.DATABASE_READ_URL ?? null,
    pgliteDir: pgliteDir(parsed.PGLITE_DIR),
    logLevel: parsed.LOG_LEVEL,
    migrateOnStart: flag(parsed.MIGRATE_ON_START, true),
    seedOnStart: flag(parsed.SEED_ON_START, true),
    datasetOnStart: flag(parsed.DATASET_ON_START, true),
    dbPoolMax: parsed.DB_POOL_MAX,
    dbPreparedStatements: flag(parsed.DB_PREPARED_STATEMENTS, true),
    cacheMaxAge: parsed.CACHE_MAX_AGE,
    cacheEnabled: flag(parsed.CACHE_ENABLED, true),
    cacheMaxBytes: parsed.CACHE_MAX_BYTES,
    corsOrigins: origins(parsed.CORS_ORIGINS),
    corsWriteOrigins: parsed.CORS_WRITE_ORIGINS === undefined ? [] : origins(parsed.CORS_WRITE_ORIGINS),
    readsRequireKey: flag(parsed.READS_REQUIRE_KEY, false),
    rateLimitMax: parsed.RATE_LIMIT_MAX,
    rateLimitWindow: parsed.RATE_LIMIT_WINDOW,
    redisUrl: parsed.REDIS_URL ?? null,
    statementTimeoutMs: parsed.STATEMENT_TIMEOUT_MS,
    shutdownTimeout: parsed.SHUTDOWN_TIMEOUT,
    trustProxy: trustProxy(parsed.TRUST_PROXY),
  }
}
