import t from 'tap'
import { sql } from 'kysely'
import { setupApp } from '../../helpers/app.js'

const { app, database } = await setupApp(t)

t.test('liveness', async (t) => {
  const response = await app.inject({ url: '/healthz' })
  t.equal(response.statusCode, 200)
  t.same(response.json(), { status: 'ok' })
})

t.test('readiness follows the migrations', async (t) => {
  const ready = await app.inject({ url: '/readyz' })
  t.equal(ready.statusCode, 200)
  t.same(ready.json(), { status: 'ready' })

  // Forget the newest migration: the service must say it is not ready for traffic.
  const newest = await sql<{ name: string }>`select name from kysely_migration order by name desc limit 1`
    .execute(database.db)
  const name = newest.rows[0]?.name ?? ''
  const timestamp = await sql<{ timestamp: string }>`select timestamp from kysely_migration where name = ${name}`
    .execute(database.db)
  await sql`delete from kysely_migration where name = ${name}`.execute(database.db)
  t.teardown(async () => {
    await sql`insert into kysely_migration (name, timestamp) values (${name}, ${timestamp.rows[0]?.timestamp ?? ''})`
      .execute(database.db)
  })
  const pending = await app.inject({ url: '/readyz' })
  t.equal(pending.statusCode, 503)
  t.match(pending.headers['content-type'], /^application\/problem\+json/)
  t.match(pending.json(), { status: 503, detail: new RegExp(name) })
})
