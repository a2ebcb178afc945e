// Every migration can be undone and redone: down to nothing, then up to the latest again.
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import { FileMigrationProvider, Migrator, NO_MIGRATIONS, sql } from 'kysely'
import { migrateToLatest, pendingMigrations } from '../src/db/migrate.js'
import { testDatabase } from './helpers/database.js'

const database = await testDatabase()
t.teardown(() => database.close())

t.test('down to nothing and back up', async (t) => {
  const migrator = new Migrator({
    db: database.db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: fileURLToPath(new URL('../migrations', import.meta.url)) }),
  })
  const down = await migrator.migrateTo(NO_MIGRATIONS)
  t.equal(down.error, undefined)
  const tables = await sql<{ n: number }>`
    select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name not like 'kysely_%'
  `.execute(database.db)
  t.equal(tables.rows[0]?.n, 0, 'every table is gone')
  await migrateToLatest(database.db)
  t.same(await pendingMigrations(database.db), [])
  const keys = await database.db.selectFrom('api_key').select('id').execute()
  t.same(keys, [], 'the schema is back, empty')
})
