import t from 'tap'
import type { Insertable } from 'kysely'
import type { WageEstimateTable } from '../../../src/db/schema.js'
import { setupApp } from '../../helpers/app.js'
import { allPages, assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'

const { app, database } = await setupApp(t)
const db = database.db

interface Wage {
  socCode: string
  socVersion: number
  period: string
  area: { code: string }
  industry: { code: string, title: string } | null
  employment: number | null
  annual: Record<string, number | null> & { atLeast: Record<string, number> }
  hourly: Record<string, number | null> & { atLeast: Record<string, number> }
  footnotes: Array<{ field: string, code: string, meaning: string }>
  source: { slug: string, publisher: string }
}
interface WageList { data: Wage[], nextCursor: string | null }

async function salaries (path: string): Promise<WageList> {
  const response = await app.inject({ url: `/v1/careers/${path}` })
  t.equal(response.statusCode, 200, path)
  return response.json<WageList>()
}

const periods = (list: WageList): string[] =>
  list.data.map((w) => `${w.period}:${w.socCode}:${w.industry?.code ?? 'all'}`)

t.test('the reference page\'s 2015 wages are served exactly, under the SOC 2010 code', async (t) => {
  const technician = await salaries('health-information-technician/salaries')
  t.equal(technician.nextCursor, null)
  t.match(technician.data, [{
    socCode: '29-2071',
    socVersion: 2010,
    occupationTitle: 'Medical Records and Health Information Technicians',
    period: '2015-05',
    periodLabel: 'May 2015',
    area: { code: 'US', name: 'United States' },
    industry: null,
    employment: null,
    currency: 'USD',
    annual: { mean: 40430, median: null, p10: null, p25: null, p75: null, p90: null, atLeast: {} },
    hourly: { mean: null },
    footnotes: [],
    source: { slug: 'bls-oews-2015-05', publisher: 'U.S. Bureau of Labor Statistics', referencePeriod: 'May 2015' },
  }])
  t.equal(technician.data.length, 1)
  const manager = await salaries('11-9111/salaries')
  t.same(periods(manager), ['2015-05:11-9111:all'], 'by default all industries combined only')
  t.equal(manager.data[0]?.annual.mean, 106070)
})

t.test('industry filters: one NAICS industry, or every industry', async (t) => {
  const pharma = await salaries('health-information-manager/salaries?industry=3254')
  t.match(pharma.data, [{
    industry: { code: '3254', title: 'Pharmaceutical and Medicine Manufacturing' },
    annual: { mean: 161530 },
  }])
  t.equal(pharma.data.length, 1)
  const every = await salaries('health-information-manager/salaries?industry=any')
  t.same(periods(every), ['2015-05:11-9111:all', '2015-05:11-9111:3254'])
  const hospitals = await salaries('health-information-manager/salaries?industry=622')
  t.same(hospitals.data, [], 'a named industry with no published figure is empty, not invented')
})

t.test('a career without a SOC code has no wages, and says where they are', async (t) => {
  t.match(await salaries('medical-records-administrator/salaries'), {
    data: [], nextCursor: null, notPublished: { reason: 'no-soc-code', detail: /specializations/ },
  })
})

// Test fixtures below are invented for these tests only: they exercise the history, the
// footnotes and the paging, and say nothing about real wages. Loaded inside a subtest so
// the tests above see the seed alone (subtests run in order, after top-level code).
t.test('fixture rows load', async (t) => {
const fixtureSource = await db.insertInto('source')
  .values({
    slug: 'test-fixture-oews',
    publisher: 'Test fixture',
    dataset: 'Invented wage rows',
    reference_period: null,
    url: null,
    notice: null,
  })
  .returning('id').executeTakeFirstOrThrow()
await db.insertInto('area').values({ code: 'ZZ', name: 'Test State', kind: 'state' }).execute()

function fixture (
  row: Partial<Insertable<WageEstimateTable>>
    & Pick<Insertable<WageEstimateTable>, 'soc_version' | 'soc_code' | 'period_year'>,
): Insertable<WageEstimateTable> {
  return {
    occupation_title: 'Fixture occupation',
    period_month: 5,
    area_code: 'US',
    industry_code: null,
    employment: 1000,
    annual_mean: 50000,
    source_id: fixtureSource.id,
    ...row,
  }
}

await db.insertInto('wage_estimate').values([
  fixture({ soc_version: 2010, soc_code: '29-2071', period_year: 2016 }),
  fixture({ soc_version: 2010, soc_code: '29-2071', period_year: 2017 }),
  // 2019 was published under both vintages while SOC 2018 came in.
  fixture({ soc_version: 2010, soc_code: '29-2071', period_year: 2019 }),
  fixture({ soc_version: 2018, soc_code: '29-2072', period_year: 2019 }),
  fixture({ soc_version: 2018, soc_code: '29-2072', period_year: 2020, industry_code: '622', annual_mean: 52000 }),
  fixture({
    soc_version: 2018,
    soc_code: '29-2072',
    period_year: 2020,
    hourly_mean: null,
    annual_median: 239200,
    annual_p90: 239200,
    hourly_median: 115,
    employment: null,
    flags: JSON.stringify({
      annual_median: '#', annual_p90: '#', hourly_median: '#', hourly_mean: '*', employment: '**',
    }),
  }),
  fixture({ soc_version: 2018, soc_code: '29-2072', period_year: 2020, area_code: 'ZZ', annual_mean: 48000 }),
  // Another career's row must never leak in.
  fixture({ soc_version: 2018, soc_code: '15-1242', period_year: 2020 }),
]).execute()
t.pass()
})

t.test('history across years, newest first, reaching back through the SOC 2010 code', async (t) => {
  const history = await salaries('29-2072/salaries')
  t.same(periods(history), [
    '2020-05:29-2072:all',
    '2019-05:29-2072:all',
    '2019-05:29-2071:all',
    '2017-05:29-2071:all',
    '2016-05:29-2071:all',
    '2015-05:29-2071:all',
  ])
  t.same([...new Set(history.data.map((w) => w.area.code))], ['US'])
})

t.test('year and area filters', async (t) => {
  t.same(periods(await salaries('29-2072/salaries?year=2019')), ['2019-05:29-2072:all', '2019-05:29-2071:all'])
  t.same(periods(await salaries('29-2072/salaries?year=2015')), ['2015-05:29-2071:all'])
  t.same((await salaries('29-2072/salaries?year=2001')).data, [])
  const state = await salaries('29-2072/salaries?area=ZZ')
  t.match(state.data, [{ area: { code: 'ZZ', name: 'Test State' }, annual: { mean: 48000 } }])
  t.equal(state.data.length, 1)
  t.same(
    periods(await salaries('29-2072/salaries?area=us&year=2015')),
    ['2015-05:29-2071:all'],
    'area codes are case-insensitive',
  )
  t.same(
    periods(await salaries('29-2072/salaries?industry=any&year=2020')),
    ['2020-05:29-2072:all', '2020-05:29-2072:622'],
  )
})

t.test('footnotes are data: a top-coded figure is null with its floor under atLeast, ' +
  'an unpublished one null with its reason', async (t) => {
  const [latest] = (await salaries('29-2072/salaries?year=2020')).data
  t.same([latest?.annual.median, latest?.annual.p90], [null, null],
    'a top-coded figure\'s own field is null: printed alone, it shows nothing rather than the floor')
  t.same(latest?.annual.atLeast, { median: 239200, p90: 239200 }, 'the floor, for "≥ $239,200"')
  t.same([latest?.hourly.median, latest?.hourly.atLeast], [null, { median: 115 }])
  t.equal(latest?.annual.mean, 50000, 'figures under the floor are values as before')
  t.equal(latest?.hourly.mean, null)
  t.equal(latest?.employment, null)
  t.same(latest?.footnotes.sort((a, b) => a.field.localeCompare(b.field)), [
    { field: 'annual.median', code: '#', meaning: 'at-or-above' },
    { field: 'annual.p90', code: '#', meaning: 'at-or-above' },
    { field: 'employment', code: '**', meaning: 'employment-not-available' },
    { field: 'hourly.mean', code: '*', meaning: 'not-available' },
    { field: 'hourly.median', code: '#', meaning: 'at-or-above' },
  ])
  const [older] = (await salaries('29-2072/salaries?year=2019')).data
  t.same([older?.annual.atLeast, older?.hourly.atLeast], [{}, {}], 'nothing top-coded, nothing at least')
})

t.test('pages across boundaries without gaps or repeats', async (t) => {
  const whole = periods(await salaries('29-2072/salaries?industry=any'))
  t.equal(whole.length, 7)
  for (const limit of [1, 2, 3]) {
    const { items, pages } = await allPages<Wage>(t, app, `/v1/careers/29-2072/salaries?industry=any&limit=${limit}`)
    t.same(periods({ data: items, nextCursor: null }), whole, `limit ${limit}`)
    t.equal(pages, Math.ceil(whole.length / limit))
  }
})

t.test('bad filters are 400 problems naming the parameter', async (t) => {
  const cases: Array<[string, string]> = [
    ['year=last', 'query.year'],
    ['year=1850', 'query.year'],
    ['area=U', 'query.area'],
    ['area=XX', 'query.area'],
    ['industry=hospitals', 'query.industry'],
    ['industry=9999', 'query.industry'],
    ['limit=0', 'query.limit'],
    ['cursor=nonsense', 'query.cursor'],
    ['colour=blue', 'query.colour'],
  ]
  for (const [query, name] of cases) await assertBadParameter(t, app, `/v1/careers/29-2072/salaries?${query}`, name)
  const page = await salaries('29-2072/salaries?limit=1')
  await assertBadParameter(
    t,
    app,
    `/v1/careers/29-2072/salaries?limit=1&year=2019&cursor=${encodeURIComponent(page.nextCursor ?? '')}`,
    'query.cursor',
  )
})

t.test('an unknown career is a 404 problem', async (t) => {
  await assertNotFound(t, app, '/v1/careers/no-such-career/salaries', 'no-such-career')
})

t.test('conditional GET', async (t) => {
  await assertConditionalGet(t, app, '/v1/careers/29-2072/salaries?industry=any')
})
