import t from 'tap'
import { setupApp } from '../../helpers/app.js'
import { assertBadParameter, assertConditionalGet, assertNotFound } from '../../helpers/http.js'

const { app, database } = await setupApp(t)
const db = database.db

interface Projection {
  socCode: string
  baseYear: number
  targetYear: number
  changePercent: number | null
  descriptor: string | null
}

async function outlook (key: string): Promise<Projection[]> {
  const response = await app.inject({ url: `/v1/careers/${key}/outlook` })
  t.equal(response.statusCode, 200, key)
  return response.json<{ data: Projection[] }>().data
}

t.test('the reference page\'s 2014–24 growth is served exactly, with its descriptor', async (t) => {
  t.match(await outlook('health-information-technician'), [{
    socCode: '29-2071',
    socVersion: 2010,
    baseYear: 2014,
    targetYear: 2024,
    changePercent: 15,
    descriptor: 'Much faster than average',
    baseEmployment: null,
    projectedEmployment: null,
    changeNumeric: null,
    annualOpenings: null,
    source: { slug: 'bls-ep-2014-24', publisher: 'U.S. Bureau of Labor Statistics' },
  }])
  t.match(
    await outlook('11-9111'),
    [{ baseYear: 2014, targetYear: 2024, changePercent: 17, descriptor: 'Much faster than average' }],
  )
  t.same(await outlook('medical-records-administrator'), [], 'no SOC code, no projections')
})

// Invented cycles for this test only: each cycle's own bands decide its descriptor.
t.test('fixture cycles load', async (t) => {
  const source = await db.insertInto('source')
    .values({
      slug: 'test-fixture-ep',
      publisher: 'Test fixture',
      dataset: 'Invented projections',
      reference_period: null,
      url: null,
      notice: null,
    })
    .returning('id').executeTakeFirstOrThrow()
  const cycles = await db.insertInto('projection_cycle').values([
    { base_year: 2016, target_year: 2026, soc_version: 2010, source_id: source.id },
    { base_year: 2019, target_year: 2029, soc_version: 2018, source_id: source.id },
  ]).returning(['id', 'base_year']).execute()
  const [c2016, c2019] = cycles.sort((a, b) => a.base_year - b.base_year)
  if (c2016 === undefined || c2019 === undefined) throw new Error('cycles not inserted')
  // Wider bands than 2014–24: 15% is only "faster than average" in this invented cycle.
  await db.insertInto('projection_band').values([
    { cycle_id: c2016.id, descriptor: 'Decline', min_percent: -100 },
    { cycle_id: c2016.id, descriptor: 'Faster than average', min_percent: 10 },
    { cycle_id: c2016.id, descriptor: 'Much faster than average', min_percent: 20 },
  ]).execute()
  const common = { occupation_title: 'Fixture', source_id: source.id }
  await db.insertInto('projection').values([
    {
      ...common,
      cycle_id: c2016.id,
      soc_code: '29-2071',
      change_percent: 15,
      base_employment: 1000,
      projected_employment: 1150,
      change_numeric: 150,
      annual_openings: 10,
    },
    // The 2019 cycle has no bands: its descriptor is null, never guessed.
    { ...common, cycle_id: c2019.id, soc_code: '29-2072', change_percent: 8.4 },
  ]).execute()
  t.pass()
})

t.test('every cycle, newest first, each described by its own bands', async (t) => {
  const cycles = await outlook('29-2072')
  t.same(cycles.map((p) => [p.baseYear, p.targetYear, p.socCode, p.changePercent, p.descriptor]), [
    [2019, 2029, '29-2072', 8.4, null],
    [2016, 2026, '29-2071', 15, 'Faster than average'],
    [2014, 2024, '29-2071', 15, 'Much faster than average'],
  ])
  t.match(cycles[1], { baseEmployment: 1000, projectedEmployment: 1150, changeNumeric: 150, annualOpenings: 10 })
})

t.test('not found, bad parameters, conditional GET', async (t) => {
  await assertNotFound(t, app, '/v1/careers/99-9999/outlook', '99-9999')
  await assertBadParameter(t, app, '/v1/careers/29-2072/outlook?year=2014', 'query.year')
  await assertConditionalGet(t, app, '/v1/careers/29-2072/outlook')
})
