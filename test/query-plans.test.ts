// On a full-size dataset (bench/dataset.ts: 867 careers, 56k alternate titles, 100k wage
// estimates), the SQL the API really issues for search, profile, salaries and compare is
// read by EXPLAIN: none reads the wage or alternate-title tables, or the search
// documents, sequentially; lists sorted and filtered on figures read neither the wage nor the
// projection table (soc_latest_figures holds the latest of each);
// search reads one document per career, and alternate titles only by index. And the
// profile takes the same number of queries whatever the number of related rows. A sorted
// list reads the careers in the order of an index, with no sort step, on every page.
//
// On PGlite the plans are skipped by default: loading the full dataset there is slow (README,
// "Figures behind the code"), and on a small one sequential scans are the right plan.
// PGlite loads a small dataset of the same shape for the query count instead;
// QUERY_PLANS_ON_PGLITE=1 runs everything at full size there too.
import t from 'tap'
import { CompiledQuery, type KyselyPlugin, type QueryId, type RootOperationNode } from 'kysely'
import { FULL_SHAPE, generateDataset, sampleKeys, type DatasetShape } from '../bench/dataset.js'
import type { Db } from '../src/db/connect.js'
import { setupApp } from './helpers/app.js'
import { databaseUrl } from './helpers/database.js'

const GUARDED = new Set(['wage_estimate', 'career_alternate_title', 'career_search'])

interface PlanNode {
  'Node Type': string
  'Relation Name'?: string
  Plans?: PlanNode[]
}

/** Every sequential scan of a guarded table anywhere in the plan tree (init plans and subplans included). */
function seqScans (node: PlanNode): string[] {
  const own = node['Node Type'] === 'Seq Scan' && GUARDED.has(node['Relation Name'] ?? '')
    ? [node['Relation Name'] ?? '']
    : []
  return own.concat((node.Plans ?? []).flatMap(seqScans))
}

/** Every node of the plan as its kind, with the table it reads if any ("Seq Scan career"). */
function nodeTypes (node: PlanNode): string[] {
  const own = [node['Node Type'], node['Relation Name']].filter((part) => part !== undefined).join(' ')
  return [own].concat((node.Plans ?? []).flatMap(nodeTypes))
}

/** Every table the plan reads, by any kind of scan. */
function relations (node: PlanNode): string[] {
  const own = node['Relation Name'] === undefined ? [] : [node['Relation Name']]
  return own.concat((node.Plans ?? []).flatMap(relations))
}

/** Records each query the app executes, as Kysely compiles it for the driver. */
class QueryRecorder implements KyselyPlugin {
  executed: Array<{ node: RootOperationNode, queryId: QueryId }> = []
  private pending = new Map<QueryId, RootOperationNode>()

  transformQuery ({ node, queryId }: { node: RootOperationNode, queryId: QueryId }): RootOperationNode {
    this.pending.set(queryId, node)
    return node
  }

  async transformResult<R> ({ queryId, result }: { queryId: QueryId, result: R }): Promise<R> {
    const node = this.pending.get(queryId)
    this.pending.delete(queryId)
    if (node !== undefined) this.executed.push({ node, queryId })
    return result
  }
}

const SMALL_SHAPE: DatasetShape = {
  careers: 80,
  alternateTitles: 4000,
  relationsPerCareer: 10,
  firstYear: 2017,
  lastYear: 2020,
  soc2018From: 2019,
  states: 1,
  industries: 1,
}
const fullSize = databaseUrl !== null || process.env.QUERY_PLANS_ON_PGLITE === '1'
const plansSkipped = fullSize
  ? false
  : 'PGlite: the full-size dataset takes minutes to load here (QUERY_PLANS_ON_PGLITE=1 runs it)'

t.setTimeout(600_000)
const recorder = new QueryRecorder()
const { app, database } = await setupApp(
  t,
  { rateLimitMax: 1_000_000 },
  { wrapDb: (db: Db) => db.withPlugin(recorder) },
)
const db = database.db
const shape = fullSize ? FULL_SHAPE : SMALL_SHAPE
const counts = await generateDataset(db, shape)
// Awaited before the first subtest: tap ends the file's root test once its queue runs dry.
const keys = await sampleKeys(db, 9)
const state = FULL_SHAPE.states > 0
  ? (await db.selectFrom('area')
      .select('code')
      .where('kind', '=', 'state')
      .orderBy('code')
      .executeTakeFirstOrThrow()).code
  : 'US'

t.test('the dataset has the shape asked for', async (t) => {
  t.ok(counts.career >= shape.careers, `${counts.career} careers`)
  t.ok(counts.career_alternate_title > shape.alternateTitles * 0.9, `${counts.career_alternate_title} alternate titles`)
  const cells = 1 + shape.states + shape.industries
  t.ok(
    counts.wage_estimate > (shape.careers - 10) * cells * (shape.lastYear - shape.firstYear + 1),
    `${counts.wage_estimate} wage estimates`,
  )
  t.ok(counts.career_relation > shape.careers * shape.relationsPerCareer * 0.8, `${counts.career_relation} relations`)
  t.equal(await generateDataset(db, shape).then((again) => again.career), counts.career, 'a second call adds nothing')
})

async function explain (
  query: { node: RootOperationNode, queryId: QueryId },
): Promise<{ sql: string, scans: string[], tables: string[], nodes: string[] }> {
  const compiled = db.getExecutor().compileQuery(query.node, query.queryId)
  const result = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> }>(
    CompiledQuery.raw(`explain (format json) ${compiled.sql}`, [...compiled.parameters]),
  )
  const plan = result.rows[0]?.['QUERY PLAN'][0]?.Plan
  if (plan === undefined) throw new Error(`no plan for ${compiled.sql}`)
  return { sql: compiled.sql, scans: seqScans(plan), tables: relations(plan), nodes: nodeTypes(plan) }
}

t.test('the plan walker finds a sequential scan where there is one', { skip: plansSkipped }, async (t) => {
  const probe = await explain({
    node: db.selectFrom('wage_estimate').select('id').where('employment', '>', 0).toOperationNode(),
    queryId: { queryId: 'probe' },
  })
  t.same(probe.scans, ['wage_estimate'])
})

const routes: Record<string, string[]> = {
  search: ['clinical technicians', 'medcal recrds', 'nurse', 'senior logistics planner', 'database']
    .map((q) => `/v1/careers?q=${encodeURIComponent(q)}`)
    .concat('/v1/careers?q=analysts&sort=title', '/v1/careers?q=welding&education=bachelor'),
  lists: [
    '/v1/careers?sort=median-wage', '/v1/careers?sort=growth&kind=occupation,group&publishedAs=occupation',
    '/v1/careers?sort=openings&order=asc', '/v1/careers?sort=employment&minWage=50000&maxWage=60000',
    '/v1/careers?minGrowth=5&education=bachelor,master&sort=median-wage', '/v1/careers?q=nurse&sort=median-wage',
    '/v1/careers?jobZone=4,5&outlook=much-faster-than-average',
  ],
  profile: keys.slice(0, 3).map((key) => `/v1/careers/${key}`).concat('/v1/careers/29-2072'),
  salaries: [
    `/v1/careers/${keys[3]}/salaries`,
    `/v1/careers/${keys[4]}/salaries?industry=any`,
    `/v1/careers/${keys[5]}/salaries?area=${state}`,
    `/v1/careers/${keys[3]}/salaries?year=2016`,
    '/v1/careers/29-2072/salaries',
  ],
  compare: [
    `/v1/compare?careers=${keys.slice(6, 9).join(',')}&area=US`,
    `/v1/compare?careers=29-2072,${keys[8]}&area=${state}`,
  ],
}

for (const [name, urls] of Object.entries(routes)) {
  t.test(`${name}: no query scans the wage or alternate-title tables sequentially`, {
    skip: plansSkipped,
  }, async (t) => {
    recorder.executed = []
    for (const url of urls) {
      const response = await app.inject({ method: 'GET', url })
      t.equal(response.statusCode, 200, url)
    }
    const queries = recorder.executed
    recorder.executed = []
    t.ok(queries.length >= urls.length, `${queries.length} queries captured`)
    for (const query of queries) {
      const { sql, scans, tables } = await explain(query)
      t.same(scans, [], sql.slice(0, 160))
      if (name === 'lists') {
        t.notOk(tables.includes('wage_estimate') || tables.includes('projection'),
          `a list reads the stored latest figures, not the figure tables: ${sql.slice(0, 120)}`)
      }
    }
    if (name === 'search') {
      const searched = await Promise.all(queries.map(explain))
      t.ok(searched.some((query) => query.tables.includes('career_search')), 'search reads the per-career documents')
    }
  })
}

t.test('a sorted list reads careers in its order and stops at the page, on every page', {
  skip: plansSkipped,
}, async (t) => {
  const sorted = ['median-wage', 'growth', 'openings', 'employment', 'title', 'soc']
    .flatMap((sort) => ['desc', 'asc'].map((order) => `/v1/careers?sort=${sort}&order=${order}&limit=20`))
  // (A filter on the sorted figure or code bounds the scan instead; whether the planner reads
  // those careers in order or sorts them depends on how many there are: bench:growth.)
  for (const url of sorted) {
    recorder.executed = []
    const first = await app.inject({ method: 'GET', url })
    const cursor = (first.json() as { nextCursor: string | null }).nextCursor
    t.type(cursor, 'string', `${url} has a second page`)
    const second = await app.inject({ method: 'GET', url: `${url}&cursor=${encodeURIComponent(cursor ?? '')}` })
    t.equal(second.statusCode, 200)
    const plans = await Promise.all(recorder.executed.map(explain))
    recorder.executed = []
    const listing = plans.filter((plan) => plan.sql.includes('"soc_latest_figures" as "f"'))
    t.equal(listing.length, 2, `${url}: both pages' statements captured`)
    for (const plan of listing) {
      t.notOk(plan.nodes.some((node) => node.includes('Sort')), `${url}: no sort of the careers`)
      t.notOk(plan.nodes.some((node) => node === 'Seq Scan career' || node === 'Seq Scan career_list_key'),
        `${url}: no career read but through an index`)
    }
  }
})

t.test('the profile is one statement, whatever the number of related rows', async (t) => {
  const richest = await db.selectFrom('career as c')
    .select(['c.id', (eb) => eb.selectFrom('career_alternate_title as a')
      .select(eb.fn.countAll<number>().as('n'))
      .whereRef('a.career_id', '=', 'c.id')
      .as('titles')])
    .where('c.typical_education', 'is not', null).where('c.soc_code', 'is not', null)
    .orderBy('titles', 'desc').limit(1).executeTakeFirstOrThrow()
  // A career with the same optional parts (education, SOC code) and no related rows at all.
  const bare = await db.insertInto('career')
    .values({
      slug: 'bare-career-for-query-count',
      title: 'Bare Career',
      soc_code: '99-9991',
      typical_education: 'bachelor',
    })
    .returning('id').executeTakeFirstOrThrow()

  const queriesFor = async (
    id: number,
  ): Promise<{ count: number, body: { alternateTitles: string[], related: unknown[] } }> => {
    recorder.executed = []
    const response = await app.inject({ method: 'GET', url: `/v1/careers/${id}` })
    t.equal(response.statusCode, 200)
    const count = recorder.executed.length
    recorder.executed = []
    return { count, body: response.json() }
  }
  const many = await queriesFor(richest.id)
  const few = await queriesFor(bare.id)
  t.ok(many.body.alternateTitles.length > 20, `${many.body.alternateTitles.length} alternate titles`)
  t.ok(many.body.related.length > 5, `${many.body.related.length} related careers`)
  t.same([few.body.alternateTitles.length, few.body.related.length], [0, 0])
  t.equal(many.count, few.count, `${many.count} queries either way`)
  t.equal(many.count, 1, 'one statement finds the career and reads its parts')
})

t.test('a comparison is one statement per career beside the area check', async (t) => {
  const keys = (await db.selectFrom('career').select('id').orderBy('id').limit(3).execute())
    .map((row) => String(row.id))
  recorder.executed = []
  const response = await app.inject({ method: 'GET', url: `/v1/compare?careers=${keys.join(',')}` })
  t.equal(response.statusCode, 200)
  t.equal(response.json().careers.length, 3)
  t.equal(recorder.executed.length, 4, 'the area, then each career with its parts')
  recorder.executed = []
})
