import t from 'tap'
import { ConfigError, loadConfig } from '../src/config.js'

t.test('defaults suit a laptop', async (t) => {
  t.match(loadConfig({}), {
    port: 3000,
    host: '127.0.0.1',
    databaseUrl: null,
    pgliteDir: '.career-facts/pglite',
    logLevel: 'info',
    migrateOnStart: true,
    seedOnStart: true,
    datasetOnStart: true,
  })
  t.equal(loadConfig({ PGLITE_DIR: 'memory' }).pgliteDir, null, 'memory: the embedded database keeps nothing')
  t.equal(loadConfig({ PGLITE_DIR: '/var/lib/careers' }).pgliteDir, '/var/lib/careers')
})

t.test('reads and converts variables', async (t) => {
  const config = loadConfig({
    PORT: '8080',
    HOST: '0.0.0.0',
    DATABASE_URL: 'postgres://u@db:5432/careers',
    MIGRATE_ON_START: 'false',
    SEED_ON_START: '0',
    LOG_LEVEL: 'warn',
    PGLITE_DIR: '',
  })
  t.match(config, {
    port: 8080,
    host: '0.0.0.0',
    databaseUrl: 'postgres://u@db:5432/careers',
    migrateOnStart: false,
    seedOnStart: false,
    logLevel: 'warn',
    pgliteDir: '.career-facts/pglite',
  })
})

t.test('keys, limits and timeouts have safe defaults and are read', async (t) => {
  t.match(loadConfig({}), {
    readsRequireKey: false,
    rateLimitMax: 600,
    rateLimitWindow: 60,
    redisUrl: null,
    statementTimeoutMs: 5000,
  })
  t.match(loadConfig({
    READS_REQUIRE_KEY: 'true', RATE_LIMIT_MAX: '50', RATE_LIMIT_WINDOW: '10', REDIS_URL: 'redis://127.0.0.1:6379', STATEMENT_TIMEOUT_MS: '0',
  }), { readsRequireKey: true, rateLimitMax: 50, rateLimitWindow: 10, redisUrl: 'redis://127.0.0.1:6379', statementTimeoutMs: 0 })
})

t.test('a bad variable stops start-up with its name', async (t) => {
  const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
    [{ PORT: 'eighty' }, /PORT="eighty"/],
    [{ PORT: '70000' }, /PORT="70000"/],
    [{ DATABASE_URL: 'mysql://x' }, /DATABASE_URL="mysql:\/\/x"/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL="loud"/],
    [{ MIGRATE_ON_START: 'maybe' }, /MIGRATE_ON_START="maybe"/],
    [{ READS_REQUIRE_KEY: 'yes' }, /READS_REQUIRE_KEY="yes"/],
    [{ RATE_LIMIT_MAX: '0' }, /RATE_LIMIT_MAX="0"/],
    [{ RATE_LIMIT_WINDOW: '1m' }, /RATE_LIMIT_WINDOW="1m"/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL="localhost:6379"/],
    [{ STATEMENT_TIMEOUT_MS: '-1' }, /STATEMENT_TIMEOUT_MS="-1"/],
  ]
  for (const [env, message] of cases) {
    t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env))
  }
  const both = (() => {
    try {
      loadConfig({ PORT: 'x', LOG_LEVEL: 'y' })
      return null
    } catch (error) {
      return error
    }
  })()
  t.ok(both instanceof ConfigError)
  t.match((both as Error).message, /PORT.*LOG_LEVEL/, 'every bad variable is named')
})

t.test('CORS origins: any by default, else a checked list', async (t) => {
  t.equal(loadConfig({}).corsOrigins, '*')
  t.same(loadConfig({ CORS_ORIGINS: 'https://a.example, http://b.example:8080' }).corsOrigins, ['https://a.example', 'http://b.example:8080'])
  t.equal(loadConfig({ CACHE_MAX_AGE: '60' }).cacheMaxAge, 60)
  t.throws(
    () => loadConfig({ CORS_ORIGINS: 'a.example' }),
    { name: 'ConfigError', message: /CORS_ORIGINS="a.example"/ },
  )
  t.throws(() => loadConfig({ CORS_ORIGINS: 'https://a.example/path' }), { name: 'ConfigError', message: /CORS_ORIGINS/ })
})

t.test('CORS write origins: none by default, else a checked list or any', async (t) => {
  t.same(loadConfig({}).corsWriteOrigins, [])
  t.same(loadConfig({ CORS_WRITE_ORIGINS: 'https://editor.example' }).corsWriteOrigins, ['https://editor.example'])
  t.equal(loadConfig({ CORS_WRITE_ORIGINS: '*' }).corsWriteOrigins, '*')
  t.throws(
    () => loadConfig({ CORS_WRITE_ORIGINS: 'editor.example' }),
    { name: 'ConfigError', message: /CORS_WRITE_ORIGINS="editor.example"/ },
  )
})

t.test('DB_PREPARED_STATEMENTS: on by default, off for poolers that cannot keep them', async (t) => {
  t.equal(loadConfig({}).dbPreparedStatements, true)
  t.equal(loadConfig({ DB_PREPARED_STATEMENTS: 'false' }).dbPreparedStatements, false)
  t.throws(
    () => loadConfig({ DB_PREPARED_STATEMENTS: 'sometimes' }),
    { name: 'ConfigError', message: /DB_PREPARED_STATEMENTS/ },
  )
})

t.test('TRUST_PROXY: off by default; true, or the proxies\' addresses', async (t) => {
  t.equal(loadConfig({}).trustProxy, false)
  t.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true)
  t.same(loadConfig({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1' }).trustProxy, ['10.0.0.0/8', '127.0.0.1', '::1'])
  t.throws(
    () => loadConfig({ TRUST_PROXY: 'yes please' }),
    { name: 'ConfigError', message: /TRUST_PROXY="yes please"/ },
  )
})
