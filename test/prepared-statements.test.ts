// Reads run as named prepared statements on Postgres (src/db/prepared.ts): parsed and
// planned once per connection; writes stay unnamed; a kept read whose table changed shape
// still answers; DB_PREPARED_STATEMENTS=false names nothing.
import { sql, type Kysely } from 'kysely'
import t from 'tap'
import { connect, type Db } from '../src/db/connect.js'
import { databaseUrl, testDatabase } from './helpers/database.js'

const skip = databaseUrl === null ? 'prepared statements are a Postgres connection feature' : false

interface Prepared { name: string, statement: string }

/** The statements kept on the connection this query runs on (the pool has one). */
async function kept (db: Db): Promise<Prepared[]> {
  const { rows } = await sql<Prepared>`select name, statement from pg_prepared_statements where name like 'cf_%'`
    .execute(db)
  return rows
}

t.test('reads are named and kept, writes are not', { skip }, async (t) => {
  const database = await testDatabase()
  t.teardown(() => database.close())
  const url = database.url ?? ''
  const single = await connect({ databaseUrl: url, poolMax: 1 })
  t.teardown(() => single.close())
  const read = single.db.selectFrom('career').select(['id', 'slug']).where('soc_code', '=', '29-2072')
  const first = await read.execute()
  const second = await read.execute()
  t.same(second, first)
  t.equal(first.length, 1)
  const compiled = read.compile().sql
  const statements = await kept(single.db)
  t.equal(statements.filter((s) => s.statement === compiled).length, 1, 'the read is kept once, under one name')

  await single.db.updateTable('career').set({ summary: 'Kept or not?' }).where('soc_code', '=', '29-2072').execute()
  t.notOk((await kept(single.db)).some((s) => /^\s*update/i.test(s.statement)), 'the write is not kept')
})

t.test('a kept read whose table changed shape answers with the new shape', { skip }, async (t) => {
  const database = await testDatabase()
  t.teardown(() => database.close())
  const single = await connect({ databaseUrl: database.url ?? '', poolMax: 1 })
  t.teardown(() => single.close())
  const loose = single.db as unknown as Kysely<Record<string, Record<string, unknown>>>
  await sql`create table shape_check (id integer primary key)`.execute(single.db)
  await sql`insert into shape_check values (1)`.execute(single.db)
  t.same(await loose.selectFrom('shape_check').selectAll().execute(), [{ id: 1 }])
  await sql`alter table shape_check add column label text default 'new'`.execute(single.db)
  t.same(await loose.selectFrom('shape_check').selectAll().execute(), [{ id: 1, label: 'new' }], 'run again unnamed')
  t.same(await loose.selectFrom('shape_check').selectAll().execute(), [{ id: 1, label: 'new' }], 'and from then on')
})

t.test('DB_PREPARED_STATEMENTS=false keeps nothing', { skip }, async (t) => {
  const database = await testDatabase()
  t.teardown(() => database.close())
  const plain = await connect({ databaseUrl: database.url ?? '', poolMax: 1, preparedStatements: false })
  t.teardown(() => plain.close())
  await plain.db.selectFrom('career').select('id').execute()
  t.same(await kept(plain.db), [])
})
