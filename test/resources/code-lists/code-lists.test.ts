import t from 'tap'
import { afterChange, setupApp } from '../../helpers/app.js'
import { assertBadParameter, assertConditionalGet, assertPagesJoin } from '../../helpers/http.js'

const { app, database } = await setupApp(t)

async function data<T> (url: string): Promise<T[]> {
  const response = await app.inject({ url })
  t.equal(response.statusCode, 200, url)
  return response.json<{ data: T[] }>().data
}

t.test('industries the reference page names, in code order', async (t) => {
  t.same(await data('/v1/industries'), [
    { code: '3254', title: 'Pharmaceutical and Medicine Manufacturing' },
    { code: '541', title: 'Professional, Scientific, and Technical Services' },
    { code: '6211', title: 'Offices of Physicians' },
    { code: '622', title: 'Hospitals' },
    { code: '6231', title: 'Nursing Care Facilities (Skilled Nursing Facilities)' },
  ])
  t.same(await data('/v1/industries?q=HOSPITAL'), [{ code: '622', title: 'Hospitals' }])
  t.same(await data('/v1/industries?q=62'), [
    { code: '6211', title: 'Offices of Physicians' },
    { code: '622', title: 'Hospitals' },
    { code: '6231', title: 'Nursing Care Facilities (Skilled Nursing Facilities)' },
  ])
})

t.test('areas', async (t) => {
  t.same(await data('/v1/areas'), [{ code: 'US', name: 'United States', kind: 'national' }])
  t.same(await data('/v1/areas?kind=state'), [])
  t.same(await data('/v1/areas?q=united'), [{ code: 'US', name: 'United States', kind: 'national' }])
})

t.test('pages across boundaries without gaps or repeats', async (t) => {
  await afterChange(app, () => database.db.insertInto('area').values([
    { code: 'S01', name: 'Test state one', kind: 'state' },
    { code: 'S02', name: 'Test state two', kind: 'state' },
    { code: 'S03', name: 'Test state three', kind: 'state' },
  ]).execute())
  for (const [url, whole] of [
    ['/v1/industries?limit=2', 5],
    ['/v1/areas?limit=2', 4],
    ['/v1/areas?kind=state&limit=2', 3],
  ] as const) await assertPagesJoin(t, app, url, whole)
})

t.test('bad parameters are 400 problems naming the parameter', async (t) => {
  await assertBadParameter(t, app, '/v1/industries?limit=0', 'query.limit')
  await assertBadParameter(t, app, '/v1/industries?naics=62', 'query.naics')
  await assertBadParameter(t, app, '/v1/areas?kind=galaxy', 'query.kind')
  const page = await app.inject({ url: '/v1/industries?limit=1' })
  await assertBadParameter(
    t,
    app,
    `/v1/areas?cursor=${encodeURIComponent(page.json<{ nextCursor: string }>().nextCursor)}`,
    'query.cursor',
  )
})

t.test('conditional GETs', async (t) => {
  for (const url of ['/v1/industries', '/v1/areas']) await assertConditionalGet(t, app, url)
})
