// DATABASE_READ_URL: GETs read from the replica, writes (and keys, audit) go to the
// primary, and /readyz checks both. Two databases whose content differs stand in for the
// primary and its replica, so every answer shows where it was read.
import { Kysely, PostgresDialect, sql } from 'kysely'
import t from 'tap'
import { buildApp } from '../src/app.js'
import { ConfigError, loadConfig } from '../src/config.js'
import { connect, type DatabaseHandle } from '../src/db/connect.js'
import type { Database } from '../src/db/schema.js'
import { afterChange, testConfig } from './helpers/app.js'
import { testDatabase } from './helpers/database.js'
import { bearer, createKey } from './helpers/keys.js'

const primary = await testDatabase()
const replica = await testDatabase()
t.teardown(async () => {
  await primary.close()
  await replica.close()
})

const SLUG = 'health-information-technician'
await replica.db.updateTable('career').set({ title: 'Read from the replica' }).where('slug', '=', SLUG).execute()

// Over Postgres, through connect() with both URLs, as the server opens them.
let handle: DatabaseHandle = { ...primary, readDb: replica.db }
if (primary.url !== null && replica.url !== null) {
  const both = await connect({ databaseUrl: primary.url, readUrl: replica.url, poolMax: 2 })
  t.teardown(() => both.close())
  handle = both
}

const app = await buildApp({ config: testConfig, db: handle.db, readDb: handle.readDb, changes: handle.changes })
t.teardown(() => app.close())
const editor = bearer(await createKey(primary.db, 'editor', 'read,write'))

t.test('the two URLs reach two databases', {
  skip: primary.url === null ? 'connect() takes a read URL for Postgres only' : false,
}, async (t) => {
  const name = async (db: Kysely<Database>): Promise<string | undefined> =>
    (await sql<{ name: string }>`select current_database() as name`.execute(db)).rows[0]?.name
  t.equal(await name(handle.db), new URL(primary.url ?? '').pathname.slice(1))
  t.equal(await name(handle.readDb), new URL(replica.url ?? '').pathname.slice(1))
})

t.test('GETs read from the replica', async (t) => {
  const profile = await app.inject({ url: `/v1/careers/${SLUG}` })
  t.equal(profile.json<{ title: string }>().title, 'Read from the replica')
  const search = await app.inject({ url: '/v1/careers?q=replica' })
  t.match(search.json(), { data: [{ slug: SLUG }] }, 'search too')
})

t.test('writes, keys and the audit trail go to the primary', async (t) => {
  // The key exists only on the primary: a key looked up on the replica would be refused.
  const created = await afterChange(app, () => app.inject({
    method: 'POST', url: '/v1/careers', headers: editor, payload: { slug: 'replica-probe', title: 'Replica Probe' },
  }))
  t.equal(created.statusCode, 201, created.body)
  const onPrimary = await primary.db.selectFrom('career')
    .select('title')
    .where('slug', '=', 'replica-probe')
    .executeTakeFirst()
  t.same(onPrimary, { title: 'Replica Probe' })
  const onReplica = await replica.db.selectFrom('career')
    .select('id')
    .where('slug', '=', 'replica-probe')
    .executeTakeFirst()
  t.equal(onReplica, undefined, 'nothing written to the replica')
  const audit = await primary.db.selectFrom('audit_log')
    .select('entity_key')
    .where('entity_key', '=', 'replica-probe')
    .execute()
  t.equal(audit.length, 1, 'audited on the primary')
  const read = await app.inject({ url: '/v1/careers/replica-probe' })
  t.equal(read.statusCode, 404, 'GETs keep reading the replica, which has not received it')
})

t.test('/readyz checks the primary and the replica', async (t) => {
  t.equal((await app.inject({ url: '/readyz' })).statusCode, 200)

  const last = await sql<{ name: string, timestamp: string }>`
    select name, timestamp from kysely_migration order by name desc limit 1`.execute(replica.db)
  const migration = last.rows[0]
  if (migration === undefined) throw new Error('the replica has no migrations')
  await sql`delete from kysely_migration where name = ${migration.name}`.execute(replica.db)
  t.teardown(() => sql`insert into kysely_migration (name, timestamp)
    values (${migration.name}, ${migration.timestamp})`.execute(replica.db))
  const behind = await app.inject({ url: '/readyz' })
  t.equal(behind.statusCode, 503)
  t.match(behind.json(), { status: 503, detail: `Migrations not applied on the read replica: ${migration.name}.` })

  const unreachable = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool: { connect: () => Promise.reject(new Error('replica down')), end: () => Promise.resolve() },
    }),
  })
  const cut = await buildApp({ config: testConfig, db: primary.db, readDb: unreachable })
  t.teardown(() => cut.close())
  const down = await cut.inject({ url: '/readyz' })
  t.equal(down.statusCode, 503)
  t.match(down.json(), { detail: 'The read replica does not answer.' })
})

t.test('DATABASE_READ_URL is read, and needs DATABASE_URL', async (t) => {
  const config = loadConfig({ DATABASE_URL: 'postgres://u@primary/careers', DATABASE_READ_URL: 'postgres://u@replica/careers' })
  t.equal(config.databaseReadUrl, 'postgres://u@replica/careers')
  t.equal(loadConfig({}).databaseReadUrl, null)
  t.throws(() => loadConfig({ DATABASE_READ_URL: 'postgres://u@replica/careers' }), ConfigError)
  t.throws(() => loadConfig({ DATABASE_URL: 'postgres://u@primary/careers', DATABASE_READ_URL: 'mysql://replica' }), /DATABASE_READ_URL/)
})
