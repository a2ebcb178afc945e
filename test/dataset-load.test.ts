// The bundled national dataset (dataset/national.json.gz) loaded as a first start loads it:
// into an empty database, in one transaction, then the seed's editorial careers on top. A
// partner's first questions are answered from it, every code BLS publishes resolves, and the
// seed changes no official occupation.
import t from 'tap'
import { sql } from 'kysely'
import { buildApp } from '../src/app.js'
import { loadBundledDataset } from '../src/datasets/load.js'
import { fillEmpty } from '../src/db/open.js'
import { readSnapshot, SNAPSHOT_TABLES } from '../src/datasets/snapshot.js'
import { testConfig } from './helpers/app.js'
import { testDatabase } from './helpers/database.js'

// Loading and the check of every code take minutes on a busy 2-core machine.
t.setTimeout(600_000)
const database = await testDatabase({ empty: true })
t.teardown(() => database.close())
const db = database.db
const snapshot = await readSnapshot()
// As the first start fills the database: the dataset, the seed, then VACUUM (ANALYZE).
const filled = await fillEmpty(db, { dataset: true, seed: true })
t.comment(`loaded ${filled.dataset?.rows ?? 0} rows in ${filled.dataset?.ms ?? 0} ms`)
const app = await buildApp({
  config: { ...testConfig, rateLimitMax: 1_000_000 }, db, readDb: db, changes: database.changes,
})
t.teardown(() => app.close())

async function get<T = Record<string, unknown>> (url: string): Promise<T> {
  const response = await app.inject({ url })
  if (response.statusCode !== 200) throw new Error(`${url}: ${response.statusCode} ${response.body}`)
  return response.json<T>()
}

t.test('the first start leaves the database vacuumed: no dead versions of the load are read', async (t) => {
  t.ok(filled.empty, 'the database was empty, so it was filled')
  // VACUUM marks every page whose rows all transactions see; rows written again by the load
  // (search documents, list keys) would leave pages unmarked until then.
  const tables = await sql<{ relname: string, relpages: number, relallvisible: number }>`
    select relname, relpages, relallvisible from pg_class
    where relname in ('career', 'career_search', 'career_list_key', 'soc_latest_figures') order by relname`.execute(db)
  t.equal(tables.rows.length, 4)
  for (const table of tables.rows) {
    t.ok(table.relpages > 0 && table.relallvisible === table.relpages, `${table.relname}: every page all-visible`)
  }
})

t.test('the manifest names every input with its source, size and digest; no prose is bundled', async (t) => {
  const { manifest } = snapshot
  t.ok(manifest.inputs.length >= 18, `${manifest.inputs.length} files`)
  for (const input of manifest.inputs) {
    t.match(input, { bytes: Number, sha256: /^[0-9a-f]{64}$/ }, input.file)
    t.ok(input.sources.length > 0 && input.sources.every((s) => s.publisher !== '' && s.url !== null),
      `${input.file} names its publisher and URL`)
  }
  t.same(Object.keys(snapshot.tables), SNAPSHOT_TABLES.map((spec) => spec.table))
  for (const spec of SNAPSHOT_TABLES) {
    t.notOk(spec.columns.includes('definition') || spec.columns.includes('summary') || spec.columns.includes('duties'),
      `${spec.table}: no prose column`)
  }
  const onet = snapshot.tables.source?.rows.find((row) => row[1] === 'onet-29-2')
  t.match(onet?.[6], /CC BY 4\.0/, 'O*NET\'s attribution travels with its data')
})

t.test('a first partner question: registered nurses, with May 2024 wages and the 2024–34 outlook', async (t) => {
  const found = await get<{ data: Array<{ slug: string, socCode: string }> }>('/v1/careers?q=registered%20nurse')
  t.match(found.data[0], { socCode: '29-1141', slug: 'registered-nurses' })
  const nurses = await get('/v1/careers/29-1141')
  t.match(nurses, {
    title: 'Registered Nurses', kind: 'occupation',
    wage: { period: '2024-05', socCode: '29-1141', annual: { mean: 98430, median: 93600 } },
    outlook: { baseYear: 2024, targetYear: 2034, socCode: '29-1141' },
    summary: null,
  })
  t.ok((nurses.alternateTitles as string[]).length > 50, 'O*NET\'s alternate titles')
})

t.test('the seed is layered on top: its careers are editorial and official occupations keep their titles',
  async (t) => {
    for (const [code, title] of [
      ['29-2072', 'Medical Records Specialists'], ['11-9111', 'Medical and Health Services Managers'],
      ['31-9094', 'Medical Transcriptionists'], ['15-1242', 'Database Administrators'],
    ] as const) {
      t.match(await get(`/v1/careers/${code}`), { kind: 'occupation', title, socCode: code }, code)
    }
    t.match(await get('/v1/careers/health-information-manager'), {
      kind: 'editorial',
      occupation: { socCode: '11-9111', title: 'Medical and Health Services Managers' },
      wage: { socCode: '11-9111', annual: { mean: 137730 } },
    }, 'an editorial career shows its occupation\'s figures and says whose they are')
    t.match(await get('/v1/careers/medical-records-administrator'), {
      wage: null, outlook: null, notPublished: { reason: 'no-soc-code' },
    })
    const wages2015 = await get<{ data: Array<{ socCode: string, annual: { mean: number } }> }>(
      '/v1/careers/health-information-technician/salaries?year=2015')
    t.match(wages2015.data[0], { socCode: '29-2071', annual: { mean: 40430 } },
      'May 2015 as BLS published it, not the seed\'s rounded figure')
  })

t.test('every code with an OEWS May 2024 or EP 2024–34 figure answers, with that code\'s figures', async (t) => {
  const wages = await db.selectFrom('wage_estimate').select(['soc_code', 'annual_mean', 'employment'])
    .where('period_year', '=', 2024).where('soc_version', '=', 2018).where('industry_code', 'is', null)
    .orderBy('soc_code').execute()
  const projections = await db.selectFrom('projection as p').innerJoin('projection_cycle as c', 'c.id', 'p.cycle_id')
    .select(['p.soc_code', 'p.change_percent']).where('c.base_year', '=', 2024).orderBy('p.soc_code').execute()
  t.equal(wages.length, 831, 'OEWS May 2024 publishes 831 codes')
  t.equal(projections.length, 832, 'EP 2024–34 publishes 832')
  const wrong: string[] = []
  for (const wage of wages) {
    const body = await get<{ data: Array<{ socCode: string, period: string, employment: number | null }> }>(
      `/v1/careers/${wage.soc_code}/salaries?year=2024`)
    const own = body.data.find((w) => w.socCode === wage.soc_code && w.period === '2024-05')
    if (own?.employment !== wage.employment) wrong.push(`${wage.soc_code} salaries`)
  }
  for (const projection of projections) {
    const body = await get<{ data: Array<{ socCode: string, changePercent: number | null }> }>(
      `/v1/careers/${projection.soc_code}/outlook`)
    const own = body.data.find((p) => p.socCode === projection.soc_code)
    if (own?.changePercent !== projection.change_percent) wrong.push(`${projection.soc_code} outlook`)
  }
  t.same(wrong, [], 'each code\'s own salaries and outlook')
  const group = await get<{ kind: string, title: string }>('/v1/careers/21-1018')
  t.match(group, { kind: 'group', title: 'Substance Abuse, Behavioral Disorder, and Mental Health Counselors' })
  const members = await get<{ data: Array<{ career: { socCode: string } }> }>(
    '/v1/careers/21-1018/related?kind=specialization')
  t.same(members.data.map((r) => r.career.socCode).sort(), ['21-1011', '21-1014'], 'its members as specializations')
  const bySoc = await get<{ data: Array<{ socCode: string }> }>('/v1/careers?soc=21-1018')
  t.same(bySoc.data.map((c) => c.socCode), ['21-1018'])
})

t.test('entry requirements and preparation on the profile; a descriptor, or the reason there is none', async (t) => {
  const nurses = await get<{ preparation: { educationShares: unknown[] } }>('/v1/careers/29-1141')
  t.match(nurses, {
    education: {
      typical: { code: 'bachelor' }, degreeRequired: 'Bachelor\'s degree', degreeRequiredFrom: 'typical-education',
    },
    preparation: { jobZone: 4 },
    outlook: {
      typicalEducation: 'bachelor', workExperience: 'None', onTheJobTraining: 'None',
      descriptor: null, descriptorNote: /2024–34 cycle are not on record/,
    },
  })
  t.ok(nurses.preparation.educationShares.length > 0, 'O*NET\'s education shares')
  const outlook = await get<{ data: unknown[] }>('/v1/careers/health-information-technician/outlook')
  t.match(outlook.data, [
    { baseYear: 2024, descriptor: null, descriptorNote: String },
    { baseYear: 2014, descriptor: 'Much faster than average', descriptorNote: null },
  ], 'the 2014–24 cycle has the bands the seed cites')
  const written = await get('/v1/careers/health-information-technician')
  t.match(written, { education: { degreeRequiredFrom: 'editor' } })
})

t.test('compare answers for a chosen year: the latest wage, or that year\'s', async (t) => {
  type Compared = { careers: Array<{ wage: { period: string, socVersion: number } | null }> }
  const latest = await get<Compared>('/v1/compare?careers=29-1141,health-information-technician')
  t.match(latest.careers, [{ wage: { period: '2024-05' } }, { wage: { period: '2024-05' } }])
  const then = await get<Compared>('/v1/compare?careers=29-1141,health-information-technician&year=2015')
  t.match(then.careers, [{ wage: { period: '2015-05', socVersion: 2010 } }, { wage: { period: '2015-05' } }])
})

t.test('related careers in O*NET\'s order of relatedness, each once', async (t) => {
  type Related = { kind: string, rank: number | null, career: { socCode: string, title: string } }
  const analysts = await get<{ data: Related[] }>('/v1/careers/15-2031/related?kind=similar')
  const codes = analysts.data.map((r) => r.career.socCode)
  t.equal(codes[0], '15-2051', 'Data Scientists first, as O*NET ranks them')
  t.ok(codes.indexOf('15-2051') < codes.indexOf('15-1299'), 'before Computer Occupations, All Other')
  const careers = await db.selectFrom('career').select('slug').where('kind', '<>', 'editorial').execute()
  const repeated: string[] = []
  for (const { slug } of careers) {
    const related = await get<{ data: Related[] }>(`/v1/careers/${slug}/related`)
    const keys = related.data.map((r) => `${r.kind} ${r.career.socCode}`)
    if (new Set(keys).size !== keys.length) repeated.push(slug)
  }
  t.same(repeated, [], 'no career lists another twice under one kind')
})

t.test('the load is one entry of the change feed, naming every career it brought', async (t) => {
  const feed = await get<{ data: Array<{ entity: string, key: string, data: { careers: string[] } }> }>('/v1/changes')
  t.equal(feed.data.length, 1)
  t.match(feed.data[0], { entity: 'dataset', key: 'national-dataset' })
  t.equal(feed.data[0]?.data.careers.length, 867 + 12)
})

t.test('a second load is refused by the database, and changes nothing', async (t) => {
  const careers = async () => Number((await db.selectFrom('career').select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow()).n)
  const before = await careers()
  await t.rejects(loadBundledDataset(db))
  t.equal(await careers(), before)
})
