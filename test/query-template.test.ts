// Statements built once and run with each call's values (src/db/query-template.ts), over
// the file's own database in either CI mode.
import t from 'tap'
import { sql, type KyselyPlugin } from 'kysely'
import { queryTemplate } from '../src/db/query-template.js'
import type { Queryable } from '../src/db/queryable.js'
import { testDatabase } from './helpers/database.js'

const handle = await testDatabase()
t.teardown(() => handle.close())
const db = handle.db

interface ByCode extends Record<string, unknown> {
  code: string | null
  prefix: string
}

let builds = 0
function careersQuery (db: Queryable, { code, prefix }: ByCode) {
  builds += 1
  return db.selectFrom('career').select(['slug', 'soc_code'])
    .where((eb) => eb.or([eb('soc_code', '=', code), eb('slug', 'like', prefix)]))
    // A constant of the builder's own, kept in its place among the inputs.
    .where('kind', '<>', 'no-such-kind' as 'editorial')
    .orderBy('slug')
}
const careers = queryTemplate(careersQuery)

t.test('runs with each call\'s values, building once per database handle', async (t) => {
  const direct = await careersQuery(db, { code: '29-2072', prefix: 'health-%' }).execute()
  builds = 0
  const first = await careers.execute(db, { code: '29-2072', prefix: 'health-%' })
  t.same(first, direct, 'the same rows as the query built directly')
  t.ok(first.length >= 2, 'both inputs reached the statement')
  const second = await careers.execute(db, { code: null, prefix: 'medical-transcriptionist' })
  t.same(second.map((row) => row.slug), ['medical-transcriptionist'], 'a null input matches nothing by itself')
  t.equal(builds, 1, 'built once for both calls')
})

t.test('a builder that loses an input is refused on first use', async (t) => {
  const joined = queryTemplate((db: Queryable, { prefix }: { prefix: string }) =>
    db.selectFrom('career').select('slug').where('slug', 'like', `${prefix}%`))
  await t.rejects(joined.execute(db, { prefix: 'health' }), /inputs prefix did not reach the parameters/)
})

t.test('inputs keep their places where the text uses them twice', async (t) => {
  const twice = queryTemplate((db: Queryable, { a, b }: { a: number, b: number }) =>
    db.selectNoFrom([sql<number>`${a}::int * 10 + ${b}::int + ${a}::int * 100`.as('n')]))
  t.same(await twice.execute(db, { a: 1, b: 2 }), [{ n: 112 }])
  t.same(await twice.execute(db, { a: 3, b: 4 }), [{ n: 334 }])
})

t.test('a handle with plugins builds the statement each time, through its plugins', async (t) => {
  const seen: string[] = []
  const plugin: KyselyPlugin = {
    transformQuery: ({ node }) => {
      seen.push(node.kind)
      return node
    },
    transformResult: async ({ result }) => result,
  }
  const withPlugin = db.withPlugin(plugin)
  builds = 0
  const rows = await careers.execute(withPlugin, { code: null, prefix: 'medical-transcriptionist' })
  await careers.execute(withPlugin, { code: null, prefix: 'medical-transcriptionist' })
  t.same(rows.map((row) => row.slug), ['medical-transcriptionist'])
  t.equal(builds, 2, 'built on each call')
  t.ok(seen.filter((kind) => kind === 'SelectQueryNode').length >= 2, 'the plugin saw each statement')
})

t.test('each set of present inputs is a template of its own', async (t) => {
  const optional = queryTemplate((db: Queryable, { a, b }: { a: number, b?: number }) =>
    db.selectNoFrom([(b === undefined ? sql<number>`${a}::int` : sql<number>`${a}::int + ${b}::int`).as('n')]))
  t.same(await optional.execute(db, { a: 1 }), [{ n: 1 }])
  t.same(await optional.execute(db, { a: 1, b: 2 }), [{ n: 3 }])
  t.same(await optional.execute(db, { a: 5, b: undefined }), [{ n: 5 }], 'undefined is absent')
  t.same(await optional.execute(db, { a: 5, b: 10 }), [{ n: 15 }])
})
