// The embedded database's Kysely dialect, tested in both CI modes: PGlite is one
// connection, so concurrent transactions must queue rather than interleave.
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import t from 'tap'
import { sql } from 'kysely'
import { connect } from '../src/db/connect.js'

const handle = await connect({ databaseUrl: null })
t.teardown(() => handle.close())
const db = handle.db

await sql`create table probe (id integer primary key, amount numeric(10, 2), big bigint)`.execute(db)

t.test('concurrent transactions run one after the other', async (t) => {
  const events: string[] = []
  const work = (name: string, id: number) => db.transaction().execute(async (trx) => {
    events.push(`${name}:begin`)
    await sql`insert into probe (id, amount, big) values (${id}, 1.50, 9007199254740991)`.execute(trx)
    await new Promise((resolve) => setTimeout(resolve, 30))
    events.push(`${name}:end`)
  })
  await Promise.all([work('a', 1), work('b', 2)])
  t.same(events, ['a:begin', 'a:end', 'b:begin', 'b:end'])
})

t.test('a failed transaction rolls back and frees the connection', async (t) => {
  await t.rejects(db.transaction().execute(async (trx) => {
    await sql`insert into probe (id) values (10)`.execute(trx)
    await sql`insert into probe (id) values (10)`.execute(trx)
  }), { code: '23505' })
  const rows = await sql<{ n: number }>`select count(*) as n from probe where id = 10`.execute(db)
  t.same(rows.rows, [{ n: 0 }])
})

t.test('reports affected rows and returns numbers for numeric and bigint', async (t) => {
  const updated = await sql`update probe set amount = amount + 1`.execute(db)
  t.equal(updated.numAffectedRows, 2n)
  const rows = await sql<{ amount: number, big: number }>`select amount, big from probe order by id`.execute(db)
  t.same(rows.rows, [{ amount: 2.5, big: 9007199254740991 }, { amount: 2.5, big: 9007199254740991 }])
})

t.test('a data folder that does not exist yet is made, parents included, and keeps the data', async (t) => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'career-facts-dir-'))
  t.teardown(() => rm(root, { recursive: true, force: true }))
  const dir = path.join(root, '.career-facts', 'pglite')
  const first = await connect({ databaseUrl: null, pgliteDir: dir })
  await sql`create table kept (id integer)`.execute(first.db)
  await sql`insert into kept values (7)`.execute(first.db)
  await first.close()
  const second = await connect({ databaseUrl: null, pgliteDir: dir })
  t.teardown(() => second.close())
  t.same((await sql<{ id: number }>`select id from kept`.execute(second.db)).rows, [{ id: 7 }])
})
